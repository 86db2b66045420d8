import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-file';
import { readBaseline } from '../core/baseline';
import { CONFIG_FILE_NAME, SCHEMA_URL } from '../core/config';
import { repositoryRoot } from '../core/git';
import { plural } from '../rules/messages';
import { UsageError } from './args';
import { installCommand } from './install';
import { displayPath } from './locate';
import type { CliEnvironment } from './main';

export const BASELINE_FILE = 'hotpath-baseline.json';
const WORKFLOW_FILE = path.join('.github', 'workflows', 'hotpath.yml');

/** Runs the analysis that records the baseline: the CLI's own run, as `--baseline <file> --update-baseline`. */
type RecordBaseline = (argv: readonly string[], environment: CliEnvironment) => Promise<number>;

/**
 * `hotpath init`: adoption in one command. Writes `hotpath.json` (the defaults, with `$schema`), a
 * baseline of today's findings and a GitHub Actions workflow that reports only new ones; never
 * overwrites a file that exists. Says what it did and what to do next.
 */
export async function init(argv: readonly string[], environment: CliEnvironment, recordBaseline: RecordBaseline): Promise<number> {
  if (argv.length) throw new UsageError(`hotpath init takes no arguments (got ${argv.join(' ')}): run it in the folder to analyse, usually the repository root`);
  const { cwd, stdout, stderr } = environment;
  const done: string[] = [];
  const kept = (file: string): string => `${displayPath(file, cwd)} exists: left as it is`;

  const config = path.join(cwd, CONFIG_FILE_NAME);
  if (fs.existsSync(config)) done.push(kept(config));
  else {
    writeFileAtomic(config, `${JSON.stringify({ $schema: SCHEMA_URL, rules: {} }, null, 2)}\n`);
    done.push(`created ${CONFIG_FILE_NAME}: every rule at its default severity ("rules" sets them, the $schema completes keys in editors)`);
  }

  const baseline = path.join(cwd, BASELINE_FILE);
  if (fs.existsSync(baseline)) done.push(kept(baseline));
  else {
    // The analysis's notes (packages to install, files left out) are worth reading now; its report is empty by design.
    const code = await recordBaseline(['--baseline', BASELINE_FILE, '--update-baseline', '--format', 'json', '--exit-zero'], { ...environment, stdout: discard(stdout) });
    if (code === 2) {
      stderr.write(`hotpath: init stopped: the analysis failed (above); ${done.length ? `${done.join('; ')}; ` : ''}nothing else was written\n`);
      return 2;
    }
    const recorded = readBaseline(baseline).findings.length;
    done.push(`created ${BASELINE_FILE}: ${plural(recorded, 'finding')} of today recorded; runs with --baseline ${BASELINE_FILE} report only new ones`);
  }

  const root = repositoryRoot(cwd) ?? cwd;
  const workflow = path.join(root, WORKFLOW_FILE);
  if (fs.existsSync(workflow)) done.push(kept(workflow));
  else {
    writeFileAtomic(workflow, workflowText(displayPath(cwd, root), installCommand(cwd)));
    done.push(`created ${displayPath(workflow, cwd)}: on pull requests and pushes, annotations for new findings; the job fails on a new error`);
  }

  stdout.write(
    [
      'hotpath init:',
      ...done.map((line) => `  ${line}`),
      '',
      `Next: commit these files. \`npx hotpath --baseline ${BASELINE_FILE}\` shows what is new since today, \`npx hotpath\` everything;`,
      `\`npx hotpath --baseline ${BASELINE_FILE} --update-baseline\` records the current findings again (and prunes fixed ones).`,
      '',
    ].join('\n'),
  );
  return 0;
}

function discard(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  return Object.assign(Object.create(stream) as NodeJS.WriteStream, { write: () => true });
}

/** The workflow: the project's install command, then hotpath against the baseline, as GitHub annotations. */
function workflowText(folder: string, install: string): string {
  const inFolder = folder === '.' ? '' : `\n    defaults:\n      run:\n        working-directory: ${folder}`;
  const pnpm = install.startsWith('pnpm') ? '\n      - uses: pnpm/action-setup@v4' : '';
  const bun = install.startsWith('bun') ? '\n      - uses: oven-sh/setup-bun@v2' : '';
  return `# Written by \`hotpath init\`. Reports the findings ${BASELINE_FILE} does not hold (what a change
# introduced) as annotations on the pull request; the job fails on a new error-level finding.
# More (SARIF for code scanning, only changed lines, the cache): https://github.com/hotpath-dev/hotpath/blob/main/docs/ci/github-actions.yml
name: hotpath

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read

jobs:
  hotpath:
    runs-on: ubuntu-latest${inFolder}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20${pnpm}${bun}
      - run: ${install}
      - run: npx hotpath --baseline ${BASELINE_FILE} --format github
`;
}
