import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../cli/format/json';
import { ROOT } from './analyze';
import { ANY_COLLECTIONS, hotpathProcess, N_PLUS_ONE, project, TSCONFIG, writeFiles } from './cli-project';

/**
 * The bad-input suite (issue 23): one small project per kind of input real repositories contain,
 * each run through the built CLI as a child process. None may crash the run, lose the other files'
 * findings, or pass having checked nothing.
 */

/** These projects query through Prisma with no schema: the run says once that unindexed-sql is off, which is not a problem with the input. */
const withoutSchemaNote = (stderr: string): string => stderr.replace(/^hotpath: unindexed-sql is off for Prisma: .*\n/m, '');
const withTsconfig = (changes: Record<string, unknown>): string => JSON.stringify({ ...JSON.parse(TSCONFIG), ...changes });

function json(stdout: string): JsonReport {
  return JSON.parse(stdout) as JsonReport;
}

const ruleIds = (stdout: string): string[] => json(stdout).findings.map((finding) => `${finding.file}:${finding.ruleId}`);

describe('bad input: tsconfig', () => {
  it('an `extends` of a package that is not installed is one line, and the rest of the config is used', () => {
    for (const extended of ['@tsconfig/node20/tsconfig.json', '@acme/tsconfig/nextjs.json']) {
      const directory = project('extends', { 'tsconfig.json': withTsconfig({ extends: extended }), 'load.ts': N_PLUS_ONE });
      const result = hotpathProcess(['--format', 'json'], directory);
      expect(result.status).toBe(1);
      expect(ruleIds(result.stdout)).toContain('load.ts:n-plus-one');
      expect(result.stderr).toContain(`extends "${extended}" that was not found`);
      expect(withoutSchemaNote(result.stderr).trim().split('\n')).toHaveLength(1);
    }
  });

  it('an empty `lib` whose libraries the missing `extends` was to give falls back to the target\'s default', () => {
    // A fresh checkout (no node_modules reachable, so no typings pull a library in): atproto's shape.
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-extends-lib-'));
    try {
      writeFiles(directory, {
        'base.json': JSON.stringify({ compilerOptions: { lib: [], types: [] } }),
        'tsconfig.json': JSON.stringify({ extends: ['./base.json', '@tsconfig/node22/tsconfig.json'], compilerOptions: { strict: true, module: 'ESNext', moduleResolution: 'Bundler' }, include: ['*.ts'] }),
        'load.ts': "import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function owners(ids: string[]) {\n  return Promise.all(ids.map((id) => pool.query('SELECT 1 WHERE $1 = $1', [id])));\n}\n",        // A loop over a parameter, reported whatever it holds.
        'hotpath.json': ANY_COLLECTIONS,
      });
      const result = hotpathProcess(['--format', 'json'], directory);
      // Without a standard library `ids.map` is no array's map, and nothing would be reported.
      expect(ruleIds(result.stdout)).toContain('load.ts:n-plus-one');
      expect(result.stderr).toContain('extends "@tsconfig/node22/tsconfig.json" that was not found');
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });

  it('a tsconfig tsc rejects (a missing comma) is reported, not used half-read', () => {
    const directory = project('comma', { 'tsconfig.json': '{ "compilerOptions": { "strict": true "target": "ES2022" }, "include": ["*.ts"] }', 'load.ts': N_PLUS_ONE });
    const result = hotpathProcess([], directory);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/tsconfig\.json:1:\d+: ',' expected/);
    expect(result.stdout).toBe('');
  });
});

describe('bad input: source files', () => {
  const chain = (operand: string, count: number): string => Array.from({ length: count }, () => operand).join(' + ');

  it('flat chains of thousands of operands are analysed, and the findings around them reported', () => {
    const directory = project('chains', {
      'tsconfig.json': withTsconfig({ compilerOptions: { ...JSON.parse(TSCONFIG).compilerOptions, allowJs: true }, include: ['**/*.ts', '**/*.js'] }),
      'load.ts': N_PLUS_ONE,
      'sum.ts': `export const total = ${chain('1', 3000)};\n`,
      'text.ts': `export const text = ${chain('"ab"', 3000)};\n`,
      'bundle.js': `function f() {}\nexport function run() { return ${Array.from({ length: 3000 }, () => 'f()').join(', ')}; }\n`,
      // A chain inside a loop that does I/O: the walks of the rules go through it too.
      'loop.ts': N_PLUS_ONE.replace('export async function owners(ids: string[]) {', 'export async function chained(ids: string[], x: number) {').replace('users.push(', `users.push(${chain('x', 2500)}, `),
    });
    const result = hotpathProcess(['--format', 'json'], directory);
    expect(result.stderr).not.toContain('RangeError');
    expect(result.stderr).not.toContain('skipped');
    expect(result.status).toBe(1);
    expect(ruleIds(result.stdout)).toEqual(expect.arrayContaining(['load.ts:n-plus-one', 'loop.ts:n-plus-one']));
    expect(json(result.stdout).summary.files).toBe(5);
  });

  it('a file nested 5,000 deep is skipped with one line naming it; the others are analysed', () => {
    const directory = project('deep', {
      'tsconfig.json': TSCONFIG,
      'load.ts': N_PLUS_ONE,
      'deep.ts': `export const x = ${'('.repeat(5000)}1${')'.repeat(5000)};\n`,
      'arrays.ts': `export const y = ${'['.repeat(5000)}${']'.repeat(5000)};\n`,
    });
    const result = hotpathProcess(['--format', 'json'], directory);
    expect(result.status).toBe(1);
    expect(ruleIds(result.stdout)).toEqual(['load.ts:n-plus-one']);
    expect(result.stderr).toMatch(/skipped deep\.ts: nested too deeply/);
    expect(result.stderr).toMatch(/skipped arrays\.ts: nested too deeply/);
    expect(json(result.stdout).skipped?.map((skipped) => skipped.file).sort()).toEqual(['arrays.ts', 'deep.ts']);
    expect(json(result.stdout).summary.files).toBe(1);
  });

  it('dangling symlinks (editor lock files) and symlink loops under a folder given as a path are passed over', () => {
    const directory = project('links', { 'tsconfig.json': TSCONFIG, 'src/load.ts': N_PLUS_ONE.replace('../generated', '../../generated') });
    fs.symlinkSync(path.join(directory, 'nowhere', 'load.ts'), path.join(directory, 'src', '.#load.ts'));
    fs.symlinkSync('..', path.join(directory, 'src', 'up'));
    fs.symlinkSync('loop-b', path.join(directory, 'src', 'loop-a'));
    fs.symlinkSync('loop-a', path.join(directory, 'src', 'loop-b'));
    for (const target of ['src', '.']) {
      const result = hotpathProcess(['--format', 'json', target], directory);
      expect(withoutSchemaNote(result.stderr)).toBe('');
      expect(ruleIds(result.stdout)).toEqual(['src/load.ts:n-plus-one']);
    }
  });

  // Root reads any file: there is no unreadable file to make.
  it.skipIf(process.getuid?.() === 0)('a file that cannot be read is skipped with one line naming it', () => {
    const directory = project('unreadable', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'secret.ts': 'export const a = 1;\n' });
    fs.chmodSync(path.join(directory, 'secret.ts'), 0o000);
    const result = hotpathProcess([], directory);
    fs.chmodSync(path.join(directory, 'secret.ts'), 0o644);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('n-plus-one');
    expect(result.stderr).toMatch(/skipped .*secret\.ts: /);
  });
});

describe('bad input: text output', () => {
  it('a 2 MB one-line file with 700 findings prints each code frame cut around its span', () => {
    const calls = Array.from({ length: 700 }, (_, index) => `void fetch("http://a/${index}");`).join(' ');
    const directory = project('oneline', { 'tsconfig.json': TSCONFIG, 'bundle.ts': `export async function f() { ${calls} } // ${'x'.repeat(2_000_000)}\n` });
    const result = hotpathProcess([], directory);
    expect(withoutSchemaNote(result.stderr)).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('✖ 700 problems (0 errors, 700 warnings)');
    const lines = result.stdout.split('\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(200);
    // The last call's frame starts with an ellipsis and still shows the call, with the caret under it.
    const frames = lines.flatMap((line, index) => (line.includes('fetch("http://a/699"') && line.startsWith('    > 1 | …') ? [index] : []));
    const last = frames[frames.length - 1]!;
    expect(last).toBeGreaterThan(0);
    const caretRows = lines.slice(last + 1).filter((line) => line.trimStart().startsWith('|'));
    expect(caretRows.map((line) => line.indexOf('^'))).toContain(lines[last]!.indexOf('fetch("http://a/699"'));
  });

  it('code frames on tab-indented lines put the caret under the span', () => {
    const directory = project('tabs', { 'tsconfig.json': TSCONFIG, 'tabs.ts': 'export async function g() {\n\t\tawait fetch("http://a");\n}\n' });
    const lines = hotpathProcess([], directory).stdout.split('\n');
    const marked = lines.findIndex((line) => line.includes('> 2 |'));
    expect(lines[marked + 1]!.indexOf('^')).toBe(lines[marked]!.indexOf('fetch('));
  });
});

describe('bad input: where the report goes', () => {
  const manyWarnings = (): string => {
    const calls = Array.from({ length: 1000 }, (_, index) => `  void fetch("http://a/${index}");`).join('\n');
    return project('output', { 'tsconfig.json': TSCONFIG, 'many.ts': `export async function f() {\n${calls}\n}\n` });
  };

  it('`hotpath | head` (EPIPE) ends quietly with the analysis exit code', () => {
    const directory = manyWarnings();
    const cli = path.join(ROOT, 'dist', 'cli.js');
    for (const [options, status] of [['--max-warnings 0', '1'], ['--exit-zero', '0']] as const) {
      const result = spawnSync('bash', ['-c', `"${process.execPath}" "${cli}" ${options} | head -1 > /dev/null; echo "status=\${PIPESTATUS[0]}"`], { cwd: directory, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(result.stdout.trim()).toBe(`status=${status}`);
      expect(withoutSchemaNote(result.stderr)).toBe('');
    }
  });

  it.skipIf(!fs.existsSync('/dev/full'))('a full disk (ENOSPC) is one line, exit 2, or 0 with --exit-zero', () => {
    const directory = manyWarnings();
    const cli = path.join(ROOT, 'dist', 'cli.js');
    for (const [options, status] of [['', 2], ['--exit-zero', 0]] as const) {
      const result = spawnSync('bash', ['-c', `"${process.execPath}" "${cli}" ${options} > /dev/full`], { cwd: directory, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(result.status).toBe(status);
      expect(result.stderr).toBe('hotpath: the report could not be written: ENOSPC: no space left on device, write\n');
    }
  });
});

describe('bad input: files hotpath writes', () => {
  it('--update-baseline naming a folder is a usage error, before any analysis', () => {
    const directory = project('baseline-folder', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'ci/.keep': '' });
    const result = hotpathProcess(['--baseline', 'ci', '--update-baseline'], directory);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`hotpath: --baseline ci is a folder: name the file, e.g. ${path.join('ci', 'hotpath-baseline.json')}\n`);
    expect(result.stdout).toBe('');
  });

  it.skipIf(!fs.existsSync('/proc/1'))('a baseline or cache under a folder that cannot hold one (recursive mkdir loops there) does not hang', () => {
    const directory = project('unwritable', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE });
    const cached = hotpathProcess(['--cache-location', '/proc/1/hotpath/cache'], directory, { timeout: 30_000 });
    expect(cached.status).toBe(1);
    expect(cached.stdout).toContain('n-plus-one');
    const baseline = hotpathProcess(['--baseline', '/proc/1/hotpath/baseline.json', '--update-baseline'], directory, { timeout: 30_000 });
    expect(baseline.status).toBe(2);
    expect(baseline.stderr).toBe('hotpath: /proc/1/hotpath/baseline.json: the baseline cannot be written (ENOENT)\n');
  });
});

describe('bad input: CI never passes having checked nothing', () => {
  const git = (directory: string, ...args: string[]): string =>
    spawnSync('git', ['-c', 'user.name=hotpath', '-c', 'user.email=hotpath@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: directory, encoding: 'utf8' }).stdout;

  it('a checkout inside a folder named build (or dist, out, coverage, .cache) finds its workspace projects', () => {
    for (const folder of ['build', '.cache']) {
      const checkout = path.join(project('checkout', {}), folder, 'repo');
      const source = N_PLUS_ONE.replace('../generated', path.relative(path.join(checkout, 'packages', 'api'), path.join(ROOT, 'test-fixtures', 'generated')));
      fs.mkdirSync(path.join(checkout, 'packages', 'api'), { recursive: true });
      fs.writeFileSync(path.join(checkout, 'packages', 'api', 'tsconfig.json'), TSCONFIG);
      fs.writeFileSync(path.join(checkout, 'packages', 'api', 'load.ts'), source);
      // The checkout is a repository of its own, out of reach of the fixtures' config: a loop over a parameter is reported only with "any".
      fs.writeFileSync(path.join(checkout, 'hotpath.json'), ANY_COLLECTIONS);
      git(checkout, 'init', '-q');
      const result = hotpathProcess(['--format', 'json'], checkout);
      expect(withoutSchemaNote(result.stderr)).toBe('');
      expect(ruleIds(result.stdout)).toEqual(['packages/api/load.ts:n-plus-one']);
    }
  });

  it('an include that matches nothing is exit 2 saying why, unless --no-error-on-unmatched-pattern', () => {
    const directory = project('empty-include', { 'tsconfig.json': withTsconfig({ include: ['lib/**/*.ts'] }), 'src/load.ts': N_PLUS_ONE });
    const result = hotpathProcess([], directory);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('hotpath: nothing was analysed: tsconfig.json lists no file (its include and files match nothing)');
    expect(hotpathProcess(['--no-error-on-unmatched-pattern'], directory).status).toBe(0);
  });

  it('a file on the command line that no tsconfig includes is exit 2 naming it', () => {
    const directory = project('not-included', { 'tsconfig.json': withTsconfig({ include: ['src/**/*.ts'] }), 'src/load.ts': N_PLUS_ONE.replace('../generated', '../../generated'), 'scripts/seed.ts': N_PLUS_ONE });
    const result = hotpathProcess([path.join('scripts', 'seed.ts')], directory);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`hotpath: ${path.join('scripts', 'seed.ts')} is not in the project: tsconfig.json does not include it`);
    expect(hotpathProcess([path.join('src', 'load.ts')], directory).status).toBe(1);
  });
});

describe('bad input: configuration', () => {
  it('a hotpath.json saved with a byte order mark is read', () => {
    const directory = project('config-bom', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'hotpath.json': '\uFEFF{ "rules": { "n-plus-one": "off" } }' });
    const result = hotpathProcess(['--format', 'json'], directory);
    expect(withoutSchemaNote(result.stderr)).toBe('');
    expect(result.status).toBe(0);
    expect(ruleIds(result.stdout)).not.toContain('load.ts:n-plus-one');
  });

  it('a --database-url with an invalid port is rejected before the analysis, without its password', () => {
    const directory = project('database-port', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE });
    for (const port of ['99999', 'abc']) {
      const result = hotpathProcess(['--database-url', `postgres://app:hunter2@localhost:${port}/shop`], directory);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe('hotpath: --database-url is not a valid URL (check the host and the port, a number from 1 to 65535)\n');
    }
  });
});
