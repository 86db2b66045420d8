import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JsonReport } from '../cli/format/json';
import { FIXTURES, ROOT } from './analyze';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-cli-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function hotpath(args: string[], cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A tiny project beside the repository's node_modules so that library typings resolve. */
function project(name: string, files: Record<string, string>): string {
  const directory = fs.mkdtempSync(path.join(FIXTURES, `.cli-${name}-`));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
    fs.writeFileSync(path.join(directory, file), text);
  }
  return directory;
}

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', types: ['node'], skipLibCheck: true }, include: ['*.ts'] });
const N_PLUS_ONE = `import { Pool } from 'pg';\nconst pool = new Pool({ statement_timeout: 5_000 });\nexport async function load(ids: string[]) {\n  for (const id of ids) {\n    await pool.query('SELECT * FROM users WHERE id = $1', [id]);\n  }\n}\n`;
const SEQUENTIAL = `import { Pool } from 'pg';\nconst pool = new Pool({ statement_timeout: 5_000 });\nexport async function page(id: string) {\n  const a = await pool.query('SELECT 1');\n  const b = await pool.query('SELECT 2');\n  return [a, b, id];\n}\n`;
const created: string[] = [];
afterAll(() => created.forEach((directory) => fs.rmSync(directory, { recursive: true, force: true })));
function tracked(directory: string): string {
  created.push(directory);
  return directory;
}

describe('hotpath CLI (built dist/cli.js)', () => {
  it('prints file:line:col, severity, rule id, message and a code frame; exits 1 on an error-level finding', () => {
    const directory = tracked(project('nplus', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE }));
    const result = hotpath([directory]);
    expect(result.status).toBe(1);
    const relative = path.relative(ROOT, path.join(directory, 'load.ts'));
    expect(result.stdout).toContain(`${relative}:5:11 error n-plus-one`);
    expect(result.stdout).toContain("`pool.query` runs once per element of `ids`");
    expect(result.stdout).toMatch(/> 5 \|     await pool\.query/);
    expect(result.stdout).toContain('✖ 1 problem (1 error, 0 warnings) in 1 file.');
  });

  it('exits 0 with only warnings, and 1 when --max-warnings is exceeded', () => {
    const directory = tracked(project('seq', { 'tsconfig.json': TSCONFIG, 'page.ts': SEQUENTIAL }));
    expect(hotpath([directory]).status).toBe(0);
    expect(hotpath([directory, '--max-warnings', '0']).status).toBe(1);
    expect(hotpath([directory, '--max-warnings', '1']).status).toBe(0);
  });

  it('--exit-zero always exits 0', () => {
    const directory = tracked(project('zero', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE }));
    expect(hotpath([directory, '--exit-zero']).status).toBe(0);
  });

  it('--format json prints the documented shape', () => {
    const directory = tracked(project('json', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'page.ts': SEQUENTIAL }));
    const result = hotpath(['--project', path.join(directory, 'tsconfig.json'), '--format', 'json']);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.version).toBe(1);
    expect(report.summary).toEqual({ errors: 1, warnings: 1, infos: 0, files: 2 });
    const [first, second] = report.findings;
    expect(first).toMatchObject({ ruleId: 'n-plus-one', severity: 'error', line: 5, column: 11, endLine: 5 });
    expect(first!.docsUrl).toMatch(/rules\/n-plus-one\/README\.md$/);
    expect(first!.related[0]).toMatchObject({ line: 4, column: 3, message: 'the loop over `ids`' });
    expect(second).toMatchObject({ ruleId: 'sequential-await', severity: 'warning', line: 5, column: 13 });
  });

  it('honours hotpath.json severities and reports a bad config with exit code 2 naming the key', () => {
    const directory = tracked(project('config', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'hotpath.json': '{\n  // demo\n  "rules": { "n-plus-one": "warning" }\n}\n' }));
    expect(hotpath([directory]).status).toBe(0);
    fs.writeFileSync(path.join(directory, 'hotpath.json'), '{ "rules": { "n-plus-one": "loud" } }');
    const bad = hotpath([directory]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('"rules.n-plus-one": severity must be one of "off", "info", "warning", "error", got "loud"');
    fs.writeFileSync(path.join(directory, 'hotpath.json'), '{ "rulez": {} }');
    expect(hotpath([directory]).stderr).toContain('unknown key "rulez"');
    fs.writeFileSync(path.join(directory, 'hotpath.json'), '{ "rules": { "n-plus-one": ["error", { "kinds": ["disk"] }] } }');
    expect(hotpath([directory]).stderr).toContain('option "kinds" must be an array of');
    fs.writeFileSync(path.join(directory, 'hotpath.json'), '{ "rules": ');
    expect(hotpath([directory]).stderr).toMatch(/hotpath\.json:1:\d+: invalid JSON/);
  });

  it('suppression comments silence a finding, and an unused one is reported', () => {
    const suppressed = N_PLUS_ONE.replace("    await pool.query", '    // hotpath-ignore-next-line n-plus-one -- ids is at most 3 here\n    await pool.query');
    const directory = tracked(project('ignore', { 'tsconfig.json': TSCONFIG, 'load.ts': suppressed, 'page.ts': `// hotpath-ignore-file sequential-await\n${SEQUENTIAL}`, 'other.ts': '// hotpath-ignore-next-line n-plus-one\nexport const x = 1;\n', 'prose.ts': '/** Put `// hotpath-ignore-file <rule>` first. */\nexport const y = 2; // a note, then /* hotpath-ignore-next-line */ inside it\n' }));
    const report = JSON.parse(hotpath([directory, '--format', 'json']).stdout) as JsonReport;
    expect(report.findings.map((finding) => `${path.basename(finding.file)}:${finding.line} ${finding.ruleId}`)).toEqual(['other.ts:1 unused-suppression']);
  });

  it('exits 2 with one line on bad arguments (the nearest option for a typo) and missing paths', () => {
    const unknown = hotpath(['--quite']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('hotpath: unknown option --quite: did you mean --quiet? (hotpath --help lists the options)\n');
    expect(hotpath(['--frobnicate']).stderr).toBe('hotpath: unknown option --frobnicate (hotpath --help lists the options)\n');
    expect(hotpath(['--output']).stderr).toContain('did you mean --output-file?');
    expect(hotpath(['-o']).stderr).toBe('hotpath: --output-file needs a value (hotpath --help lists the options)\n');
    expect(hotpath(['--format', 'xml']).stderr).toContain('--format must be one of');
    expect(hotpath([path.join(scratch, 'missing')]).stderr).toContain('no such file or directory');
    expect(hotpath([scratch]).stderr).toContain('no tsconfig.json found');
    expect(hotpath(['--project', path.join(scratch, 'tsconfig.json')]).status).toBe(2);
  });

  it('leaves test files out unless --include-tests asks, says so once, and --debug names each file\'s role and why', () => {
    const directory = tracked(project('tests', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'seed.test.ts': `import 'node:test';\n${N_PLUS_ONE}` }));
    const files = (args: string[]): string[] => (JSON.parse(hotpath([directory, '--format', 'json', ...args]).stdout) as JsonReport).findings.map((finding) => path.basename(finding.file));
    expect(files([])).toEqual(['load.ts']);
    expect(files(['--include-tests'])).toEqual(['load.ts', 'seed.test.ts']);
    const text = hotpath([directory]);
    expect(text.stdout).toContain('1 test file not analysed (--debug lists them); --include-tests analyses them.');
    const debug = hotpath([directory, '--debug', '--format', 'json']);
    expect(debug.stderr).toContain(`${path.relative(ROOT, path.join(directory, 'seed.test.ts'))}: test (a test file (--include-tests analyses it))`);
    fs.writeFileSync(path.join(directory, 'hotpath.json'), '{ "tests": true, "rules": { "n-plus-one": ["error", { "collections": "any" }] } }');
    expect(files([])).toEqual(['load.ts', 'seed.test.ts']);
  });

  it('leaves scripts out (a scripts folder, a program with a shebang) unless --include-scripts asks', () => {
    const directory = tracked(project('scripts', { 'tsconfig.json': TSCONFIG.replace('"*.ts"', '"**/*.ts"'), 'load.ts': N_PLUS_ONE, 'scripts/backfill.ts': N_PLUS_ONE, 'repair.ts': `#!/usr/bin/env node\n${N_PLUS_ONE}` }));
    const files = (args: string[]): string[] => (JSON.parse(hotpath([directory, '--format', 'json', ...args]).stdout) as JsonReport).findings.map((finding) => finding.file.split('/').slice(-2).join('/')).sort();
    const name = path.basename(directory);
    expect(files([])).toEqual([`${name}/load.ts`]);
    expect(files(['--include-scripts'])).toEqual([`${name}/load.ts`, `${name}/repair.ts`, 'scripts/backfill.ts']);
    expect(hotpath([directory]).stdout).toContain('2 scripts (migrations, seeds, programs run by hand) not analysed');
  });

  it('ends a run with many findings with how to adopt hotpath through a baseline, and a run with a baseline without it', () => {
    const loops = Array.from({ length: 20 }, (_, index) => N_PLUS_ONE.replace('export async function load', `export async function load${index}`).replace(/^import[^\n]*\nconst pool[^\n]*\n/, '')).join('');
    const directory = tracked(project('adopt', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE.split('export')[0] + loops }));
    const advice = 'To adopt hotpath here without fixing these first: `hotpath --baseline hotpath-baseline.json --update-baseline` records them';
    expect(hotpath([directory]).stdout).toContain(advice);
    const baseline = path.join(directory, 'baseline.json');
    hotpath([directory, '--baseline', baseline, '--update-baseline']);
    expect(hotpath([directory, '--baseline', baseline]).stdout).not.toContain(advice);
  });

  it('analyses the whole project of a tsconfig given as a path, and names a JSON file that is not one', () => {
    const directory = tracked(project('tsconfig-path', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'page.ts': SEQUENTIAL, 'data.json': '[1, 2]' }));
    const report = JSON.parse(hotpath([path.join(directory, 'tsconfig.json'), '--format', 'json']).stdout) as JsonReport;
    expect(report.findings.map((finding) => finding.ruleId).sort()).toEqual(['n-plus-one', 'sequential-await']);
    expect(report.summary.files).toBe(2);
    const notATsconfig = hotpath([path.join(directory, 'data.json')]);
    expect(notATsconfig.status).toBe(2);
    expect(notATsconfig.stderr).toContain('data.json');
  });

  it('analyses only the files given inside a project', () => {
    const directory = tracked(project('subset', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'page.ts': SEQUENTIAL }));
    const report = JSON.parse(hotpath([path.join(directory, 'page.ts'), '--format', 'json']).stdout) as JsonReport;
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(['sequential-await']);
    expect(report.summary.files).toBe(1);
  });
});
