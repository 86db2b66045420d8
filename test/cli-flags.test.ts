import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../cli/format/json';
import { ROOT } from './analyze';
import { hotpathProcess, N_PLUS_ONE, project, SEQUENTIAL } from './cli-project';

/** No DOM, no @types/node: the Prisma-shaped snippets need neither, and the program builds in half the time. */
const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', lib: ['ES2022'], module: 'ESNext', moduleResolution: 'Bundler', types: [], skipLibCheck: true }, include: ['**/*.ts'] });
/** Each test spawns a few analyses; the machine may be shared. */
const SLOW = 240_000;

/** Each finding as `file:line rule-id`. */
function findingsOf(stdout: string): string[] {
  return (JSON.parse(stdout) as JsonReport).findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`);
}

describe('command-line flags ESLint, oxlint and Biome users reach for (built dist/cli.js)', () => {
  it('--version and --help answer without loading the engine', () => {
    // Says on exit whether the engine's bundle was loaded.
    const probe = path.join(project('probe', {}), 'probe.cjs');
    fs.writeFileSync(probe, "process.on('exit', () => process.stderr.write(Object.keys(require.cache).some((file) => file.endsWith('engine.js')) ? 'engine' : 'no engine'));\n");
    const run = (args: string[]) => spawnSync(process.execPath, ['-r', probe, path.join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8' });
    const version = run(['--version']);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(version.stderr).toBe('no engine');
    const help = run(['--help']);
    expect(help.stdout).toContain('--stdin-filename');
    expect(help.stderr).toBe('no engine');
    // The probe can tell: a run that analyses loads it.
    expect(run(['--print-config', probe]).stderr).toContain('engine');
  }, SLOW);

  it('--quiet reports errors only; warnings still count for --max-warnings', () => {
    const directory = project('quiet', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'page.ts': SEQUENTIAL });
    expect(findingsOf(hotpathProcess(['--quiet', '--format', 'json', '--exit-zero'], directory).stdout)).toEqual(['load.ts:6 n-plus-one']);
    fs.rmSync(path.join(directory, 'load.ts'));
    const quiet = hotpathProcess(['--quiet', '--max-warnings', '0'], directory);
    expect(quiet.stdout).toMatch(/^✔ No problems found in 1 file\.\n/);
    expect(quiet.stdout).toContain('\n1 finding below error level not shown (--quiet).\n');
    expect(quiet.status).toBe(1);
  }, SLOW);

  it('-o writes the report to a file and prints the summary; --color, --no-color and FORCE_COLOR decide colours', () => {
    const directory = project('output', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE });
    const json = hotpathProcess(['-o', 'reports/hotpath.json', '--format', 'json'], directory);
    expect(json.status).toBe(1);
    expect(json.stdout).toBe('✖ 1 problem (1 error, 0 warnings) in 1 file.\nReport written to reports/hotpath.json.\n');
    expect(findingsOf(fs.readFileSync(path.join(directory, 'reports', 'hotpath.json'), 'utf8'))).toEqual(['load.ts:6 n-plus-one']);
    const colored = hotpathProcess(['--output-file', 'report.txt', '--color'], directory, { env: { NO_COLOR: '' } });
    expect(colored.stdout).toContain('\u001b[');
    expect(fs.readFileSync(path.join(directory, 'report.txt'), 'utf8')).toMatch(/load\.ts.*:6:22.*n-plus-one/);
    expect(hotpathProcess(['--no-color'], directory, { env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  }, SLOW);

  it('--rule / --only run only the rules named, and name the known ones on a typo', () => {
    const directory = project('only', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'page.ts': SEQUENTIAL, 'hotpath.json': '{ "rules": { "sequential-await": "off" } }' });
    expect(findingsOf(hotpathProcess(['--only', 'sequential-await', '--format', 'json'], directory).stdout)).toEqual(['page.ts:5 sequential-await']);
    expect(findingsOf(hotpathProcess(['--rule', 'sequential-await', '--rule', 'n-plus-one', '--format', 'json'], directory).stdout)).toEqual(['load.ts:6 n-plus-one', 'page.ts:5 sequential-await']);
    const typo = hotpathProcess(['--rule', 'n-plus-1'], directory);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/^hotpath: --rule n-plus-1: no such rule \(known rules: n-plus-one, /);
  }, SLOW);

  it('--ignore-pattern leaves files out, --no-ignore brings back what the config ignores, and quoted globs name files', () => {
    const directory = project('ignore', { 'tsconfig.json': TSCONFIG, 'src/load.ts': N_PLUS_ONE.replaceAll('../', '../../'), 'src/page.ts': SEQUENTIAL.replaceAll('../', '../../'), 'hotpath.json': '{ "ignore": ["src/page.ts"] }' });
    const run = (...args: string[]): string[] => findingsOf(hotpathProcess([...args, '--format', 'json', '--exit-zero'], directory).stdout);
    expect(run('--no-ignore', '--ignore-pattern', '**/load.ts')).toEqual(['src/load.ts:6 n-plus-one', 'src/page.ts:5 sequential-await']);
    expect(run('--ignore-pattern', 'src/load.ts')).toEqual([]);
    expect(run('--no-ignore', 'src/**/p*.ts')).toEqual(['src/page.ts:5 sequential-await']);
    const unmatched = hotpathProcess(['lib/**/*.ts'], directory);
    expect(unmatched.status).toBe(2);
    expect(unmatched.stderr).toContain('no file matches lib/**/*.ts');
  }, SLOW);

  it('--print-config prints the settings that apply to a file, the command line included', () => {
    const directory = project('print', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'hotpath.json': '{ "rules": { "unbounded-concurrency": ["warning", { "concurrency": 4 }] }, "tests": true }' });
    const result = hotpathProcess(['--print-config', 'load.ts', '--only', 'unbounded-concurrency'], directory);
    expect(result.status).toBe(0);
    const printed = JSON.parse(result.stdout) as { project: string; config: string; rules: Record<string, unknown>; tests: boolean };
    expect(printed).toMatchObject({ file: 'load.ts', project: 'tsconfig.json', config: 'hotpath.json', tests: true });
    expect(printed.rules['unbounded-concurrency']).toEqual(['warning', expect.objectContaining({ concurrency: 4 })]);
    expect(printed.rules['n-plus-one']).toBe('off');
  }, SLOW);

  it('--debug names phases with timings and the tsconfig each file is analysed under, on stderr', () => {
    const directory = project('debug', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE });
    const result = hotpathProcess(['--debug', '--format', 'json'], directory);
    JSON.parse(result.stdout);
    expect(result.stderr).toMatch(/^hotpath: debug: tsconfig\.json: program: \d+ ms$/m);
    expect(result.stderr).toMatch(/^hotpath: debug: tsconfig\.json: analysis: \d+ ms$/m);
    expect(result.stderr).toContain('hotpath: debug: load.ts is analysed under tsconfig.json\n');
  }, SLOW);

  it('--stdin --stdin-filename analyses standard input as that file, in its project', () => {
    const directory = project('stdin', { 'tsconfig.json': TSCONFIG, 'load.ts': 'export const clean = 1;\n' });
    const result = hotpathProcess(['--stdin', '--stdin-filename', 'load.ts', '--format', 'json'], directory, { input: N_PLUS_ONE });
    expect(findingsOf(result.stdout)).toEqual(['load.ts:6 n-plus-one']);
    expect(result.status).toBe(1);
    // A file not written yet is analysed too.
    expect(findingsOf(hotpathProcess(['--stdin', '--stdin-filename', 'new.ts', '--format', 'json'], directory, { input: SEQUENTIAL }).stdout)).toEqual(['new.ts:5 sequential-await']);
    expect(hotpathProcess(['--stdin'], directory).stderr).toContain('--stdin and --stdin-filename <file> go together');
  }, SLOW);
});
