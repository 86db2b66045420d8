// The GitHub Action (action.yml) run the way a runner runs a composite action: each step's `if`,
// its env and `with` with the inputs and earlier steps' outputs substituted, `run:` in bash with
// GITHUB_OUTPUT and RUNNER_TEMP, in a repository that installs hotpath (this build). The upload step
// is GitHub's own action: the test checks the SARIF file it is given is one code scanning accepts.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './analyze';
import { N_PLUS_ONE, repository, SEQUENTIAL, TSCONFIG } from './cli-project';

interface Step {
  name: string;
  id?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

interface StepRun {
  readonly step: Step;
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly with?: Record<string, string>;
}

const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;

const validateSarif = (() => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object);
})();

function git(directory: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=hotpath', '-c', 'user.email=hotpath@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: directory });
}

/** Runs the action's steps as a runner would, stopping at the first step that fails. */
function runAction(workspace: string, given: Record<string, string>): StepRun[] {
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, given[name] ?? input.default ?? '']));
  const outputs = new Map<string, Record<string, string>>();
  // Only the expressions action.yml uses: an input, an earlier step's output.
  const expression = (text: string): string => {
    const input = /^inputs\.([\w-]+)$/.exec(text);
    if (input) return inputs[input[1]!] ?? '';
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(text);
    if (output) return outputs.get(output[1]!)?.[output[2]!] ?? '';
    throw new Error(`an expression this test does not evaluate: ${text}`);
  };
  const substitute = (text: string): string => text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, inner: string) => expression(inner));
  const condition = (text: string): boolean => {
    const comparison = /^(\S+)\s*==\s*'([^']*)'$/.exec(text.trim());
    if (!comparison) throw new Error(`a condition this test does not evaluate: ${text}`);
    return expression(comparison[1]!) === comparison[2];
  };
  const runnerTemp = fs.mkdtempSync(path.join(workspace, '.runner-temp-'));
  const runs: StepRun[] = [];
  for (const step of action.runs.steps) {
    if (step.if !== undefined && !condition(step.if)) continue;
    if (step.uses) {
      runs.push({ step, status: 0, stdout: '', stderr: '', with: Object.fromEntries(Object.entries(step.with ?? {}).map(([key, value]) => [key, substitute(value)])) });
      continue;
    }
    expect(step.shell).toBe('bash');
    const outputFile = path.join(runnerTemp, `output-${runs.length}`);
    fs.writeFileSync(outputFile, '');
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, substitute(value)]));
    // GitHub's `shell: bash`: `bash --noprofile --norc -eo pipefail {0}`.
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
      cwd: workspace,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], NO_COLOR: '1', CI: 'true', GITHUB_OUTPUT: outputFile, RUNNER_TEMP: runnerTemp, npm_config_offline: 'true', ...env },
    });
    const stepOutputs = Object.fromEntries(fs.readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    if (step.id) outputs.set(step.id, stepOutputs);
    runs.push({ step, status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr });
    if (result.status !== 0) break;
  }
  return runs;
}

describe('the GitHub Action', () => {
  let workspace: string;
  beforeAll(() => {
    // A repository whose main branch has an N+1 (error); the pull request adds serial reads (a warning).
    workspace = repository('action', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE });
    git(workspace, 'checkout', '-q', '-b', 'main');
    git(workspace, 'add', '.');
    git(workspace, 'commit', '-q', '-m', 'base');
    git(workspace, 'checkout', '-q', '-b', 'feature');
    fs.writeFileSync(path.join(workspace, 'page.ts'), SEQUENTIAL);
    git(workspace, 'add', '.');
    git(workspace, 'commit', '-q', '-m', 'page');
    // The project installs hotpath: this build, where npm puts its executable.
    fs.mkdirSync(path.join(workspace, 'node_modules', '.bin'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'node_modules', '.bin', 'hotpath'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, 'dist', 'cli.js')}" "$@"\n`, { mode: 0o755 });
  });

  it('is a composite action with the inputs the README documents, uploading SARIF with codeql-action', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['paths', 'format', 'baseline', 'changed-since']));
    const upload = action.runs.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with?.['sarif_file']).toBe('${{ inputs.sarif-file }}');
    // Inputs reach scripts through env only: an input spliced into a script could run as code.
    for (const step of action.runs.steps) expect(step.run ?? '').not.toMatch(/\$\{\{/);
  });

  it('on a pull request: annotates what the change introduces, passes on warnings, and writes a full, valid SARIF report for the upload', () => {
    const runs = runAction(workspace, { 'changed-since': 'main' });
    expect(runs.map((run) => [run.step.name, run.status])).toEqual([
      ['Find hotpath', 0],
      ['hotpath (SARIF for code scanning)', 0],
      ['Upload to code scanning', 0],
      ['hotpath', 0],
    ]);
    const gate = runs[3]!;
    expect(gate.stdout).toMatch(/^::warning file=page\.ts,line=5,.*title=hotpath sequential-await::/m);
    expect(gate.stdout).not.toContain('load.ts');
    const upload = runs[2]!;
    const sarif = JSON.parse(fs.readFileSync(path.join(workspace, upload.with!['sarif_file']!), 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(sarif.runs[0]!.results.map((result) => result.ruleId).sort()).toEqual(['n-plus-one', 'sequential-await']);
  });

  it('fails the job on an error-level finding, in the format asked, and skips the upload when told to', () => {
    const runs = runAction(workspace, { format: 'text', 'upload-sarif': 'false', 'sarif-file': 'report.sarif', paths: 'load.ts' });
    expect(runs.map((run) => [run.step.name, run.status])).toEqual([
      ['Find hotpath', 0],
      ['hotpath (SARIF for code scanning)', 0],
      ['hotpath', 1],
    ]);
    expect(runs[2]!.stdout).toContain('load.ts:6:22 error n-plus-one');
    expect(runs[2]!.stdout).not.toContain('page.ts');
    expect(fs.existsSync(path.join(workspace, 'report.sarif'))).toBe(true);
  });
});
