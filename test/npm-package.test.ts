// The npm package as a user gets it: `npm pack`, installed from the tarball into a clean project
// outside the repository (no node_modules above it, nothing of the repository reachable), then
// the `hotpath` bin through npx, `require` and `import` of the API, its language server, and its types under tsc.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonReport } from '../cli/json-report';
import { ROOT } from './analyze';
import { LspClient } from './lsp/client';

// The bundles (the CLI, the API, the language server's and the ESLint plugin's entries, the engine they
// load), the API's and the plugin's declarations and what the bundles load from beside themselves; npm
// adds package.json and README.md.
const SHIPPED = /^(package\.json|README\.md|LICENSE|schema\/hotpath\.schema\.json|dist\/(cli|engine|api|server|eslint)\.js|dist\/eslint\.mjs|dist\/(api|json-report|eslint)\.d\.ts|dist\/lib\.[^/]*\.d\.ts|dist\/[^/]*\.wasm)$/;

const USERS = `export async function loadUsers(url: string) {
  const users = [];
  for (const id of (await (await fetch(url, { signal: AbortSignal.timeout(5_000) })).json()) as string[]) {
    users.push(await fetch(\`https://api.example.com/users/\${id}\`));
  }
  return users;
}
`;

const CONSUMER = `import { analyze, type AnalyzeOptions, type JsonFinding, type JsonReport } from 'hotpath';
const options: AnalyzeOptions = { paths: ['src'], onMessage: (message: string) => console.error(message) };
export const report: Promise<JsonReport> = analyze(options);
export const rules = report.then((done) => done.findings.map((finding: JsonFinding) => finding.ruleId));
// @ts-expect-error: an option the API does not have
analyze({ path: 'src' });
`;

// The README's flat config: typescript-eslint's parser gives the program, the plugin's recommended config the rules.
const ESLINT_CONFIG = `import hotpath from 'hotpath/eslint';
import tseslint from 'typescript-eslint';

export default [
  { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true } } },
  hotpath.configs.recommended,
];
`;

const ESLINT_CONSUMER = `import type { Linter } from 'eslint';
import hotpath from 'hotpath/eslint';
export const config: Linter.Config[] = [hotpath.configs.recommended, { plugins: { hotpath }, rules: { 'hotpath/n-plus-one': 'warn' } }];
`;

// \`npm test\` exports its own npm_* settings (prefix, user agent…): the user's npm runs without them.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_') || name === 'npm_config_cache'));

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env: { ...env, NO_COLOR: '1' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function succeeded(result: SpawnSyncReturns<string>, status = 0): string {
  expect(result.status, result.stderr).toBe(status);
  return result.stdout;
}

describe('the npm package', () => {
  let scratch: string;
  let consumer: string;
  let packed: { filename: string; files: { path: string }[] };
  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-npm-'));
    // dist/ is already built (`npm test` builds first): prepack's build is skipped.
    packed = (JSON.parse(succeeded(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], ROOT))) as (typeof packed)[])[0]!;
    consumer = path.join(scratch, 'consumer');
    fs.mkdirSync(path.join(consumer, 'src'), { recursive: true });
    fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    fs.writeFileSync(path.join(consumer, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', lib: ['ES2022', 'DOM'], noEmit: true }, include: ['src'] }));
    fs.writeFileSync(path.join(consumer, 'src', 'users.ts'), USERS);
    // No registry needed: the package has no dependencies to fetch.
    succeeded(run('npm', ['install', '--offline', '--no-audit', '--no-fund', path.join(scratch, packed.filename)], consumer));
  }, 180_000);
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('holds the bundles, the API declarations and the files they load, and nothing else', () => {
    const files = packed.files.map((file) => file.path);
    expect(files.filter((file) => !SHIPPED.test(file))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/cli.js', 'dist/engine.js', 'dist/api.js', 'dist/server.js', 'dist/api.d.ts', 'dist/json-report.d.ts', 'dist/lib.es2022.d.ts', 'dist/libpg-query.wasm']));
  });

  it('installs alone: no dependency comes with it', () => {
    expect(fs.readdirSync(path.join(consumer, 'node_modules')).filter((entry) => !entry.startsWith('.'))).toEqual(['hotpath']);
  });

  it('`npx hotpath` analyses the project, and `analyze()` returns the CLI\'s JSON report, through require and import', () => {
    const text = run('npx', ['--no-install', 'hotpath'], consumer);
    expect(text.status, text.stderr).toBe(1);
    expect(text.stdout).toContain('src/users.ts:4:22 error n-plus-one');
    const cli = JSON.parse(succeeded(run('npx', ['--no-install', 'hotpath', '--format', 'json'], consumer), 1)) as JsonReport;
    expect(cli.findings.map((finding) => finding.ruleId).sort()).toEqual(['missing-timeout', 'n-plus-one']);
    const print = 'then((report) => process.stdout.write(JSON.stringify(report)))';
    const required = JSON.parse(succeeded(run(process.execPath, ['-e', `require('hotpath').analyze().${print}`], consumer))) as JsonReport;
    const imported = JSON.parse(succeeded(run(process.execPath, ['--input-type=module', '-e', `import { analyze } from 'hotpath'; analyze({ paths: ['src'] }).${print}`], consumer))) as JsonReport;
    expect(required).toEqual(cli);
    expect(imported).toEqual(cli);
  });

  it('runs the language server from the package (dist/server.js, the engine bundle the CLI loads): an editor gets the CLI\'s findings', async () => {
    const client = await LspClient.start({ workspaceFolder: consumer, server: path.join(consumer, 'node_modules', 'hotpath', 'dist', 'server.js') });
    try {
      const uri = await client.open(path.join(consumer, 'src', 'users.ts'));
      const { diagnostics } = await client.diagnostics(uri, (params) => params.diagnostics.length > 0);
      expect(diagnostics.map((diagnostic) => diagnostic.code).sort()).toEqual(['missing-timeout', 'n-plus-one']);
    } finally {
      await client.stop();
    }
  });

  it('types the API for a TypeScript consumer (NodeNext resolution, through `exports`)', () => {
    fs.writeFileSync(path.join(consumer, 'src', 'consumer.ts'), CONSUMER);
    const tsc = run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], consumer);
    fs.rmSync(path.join(consumer, 'src', 'consumer.ts'));
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('exposes `hotpath/eslint`: ESLint with a flat config reports the findings, `require` and `import` give the same plugin, typed', () => {
    // The user's own ESLint, typescript-eslint and TypeScript (the plugin's peers): the repository's, linked in.
    for (const peer of ['eslint', 'typescript-eslint', 'typescript']) fs.symlinkSync(path.join(ROOT, 'node_modules', peer), path.join(consumer, 'node_modules', peer), 'dir');
    fs.writeFileSync(path.join(consumer, 'eslint.config.mjs'), ESLINT_CONFIG);
    const linted = JSON.parse(succeeded(run(process.execPath, [path.join('node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', 'src'], consumer), 1)) as { filePath: string; messages: { ruleId: string; line: number; column: number }[] }[];
    expect(linted.flatMap((result) => result.messages.map((message) => `${path.relative(consumer, result.filePath)}:${message.line}:${message.column} ${message.ruleId}`))).toEqual(['src/users.ts:4:22 hotpath/n-plus-one', 'src/users.ts:4:22 hotpath/missing-timeout']);
    const same = "require('hotpath/eslint') === plugin.default && plugin.default.configs.recommended.plugins.hotpath === plugin.default";
    expect(succeeded(run(process.execPath, ['--input-type=module', '-e', `import { createRequire } from 'node:module'; const require = createRequire(process.cwd() + '/'); const plugin = await import('hotpath/eslint'); process.stdout.write(String(${same}))`], consumer))).toBe('true');
    fs.writeFileSync(path.join(consumer, 'src', 'eslint-consumer.ts'), ESLINT_CONSUMER);
    const tsc = run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], consumer);
    fs.rmSync(path.join(consumer, 'src', 'eslint-consumer.ts'));
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 120_000);
});
