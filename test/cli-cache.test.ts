import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { analyzeProjectCached, defaultCacheDirectory, type CachedRun } from '../core/cache';
import { analyzeProjectAt } from '../core/run';
import { FIXTURES, ROOT } from './analyze';
import { CALLER, DB_HELPER, hotpath, hotpathProcess, N_PLUS_ONE, PRISMA_IMPORT, project, PURE_HELPER, SEQUENTIAL, TSCONFIG, writeFiles } from './cli-project';

/** Counts the programs the cache builds: the proof that a warm run builds none. */
const programs = vi.hoisted(() => ({ created: 0 }));
vi.mock('../core/project', async (importOriginal) => {
  const original = await importOriginal<typeof import('../core/project')>();
  return {
    ...original,
    createProjectProgram: (...args: Parameters<typeof original.createProjectProgram>) => {
      programs.created += 1;
      return original.createProjectProgram(...args);
    },
  };
});

function cached(directory: string): CachedRun {
  return analyzeProjectCached(path.join(directory, 'tsconfig.json'), { directory: path.join(directory, '.cache') });
}

const ours = (run: CachedRun): string[] =>
  run.findings.filter((finding) => ['n-plus-one', 'sequential-await'].includes(finding.ruleId)).map((finding) => `${path.basename(finding.file)} ${finding.ruleId} ${finding.severity}`);

describe('--cache', () => {
  it('answers a second run on an unchanged tree from the cache without building a program, with the same findings', () => {
    const directory = project('cache-warm', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'page.ts': SEQUENTIAL, 'helper.ts': DB_HELPER, 'caller.ts': CALLER });
    const before = programs.created;
    const cold = cached(directory);
    expect(programs.created).toBe(before + 1);
    expect(cold.stats).toEqual({ hits: 0, misses: 4, programCreated: true });
    const warm = cached(directory);
    expect(programs.created).toBe(before + 1);
    expect(warm.stats).toEqual({ hits: 4, misses: 0, programCreated: false });
    expect(warm.program).toBeUndefined();
    expect(warm.findings).toEqual(cold.findings);
    expect(ours(warm)).toEqual(['caller.ts n-plus-one error', 'load.ts n-plus-one error', 'page.ts sequential-await warning']);
    // The same findings an uncached analysis reports, in the same order.
    expect(warm.findings).toEqual(analyzeProjectAt(path.join(directory, 'tsconfig.json')).findings);
    // Written atomically: nothing but the cache file itself is left behind.
    expect(fs.readdirSync(path.join(directory, '.cache'))).toEqual([expect.stringMatching(/^[0-9a-f]{40}\.json$/)]);
  });

  it('re-analyses the callers of a helper that starts doing I/O, and only them', () => {
    const directory = project('cache-helper', { 'tsconfig.json': TSCONFIG, 'helper.ts': PURE_HELPER, 'caller.ts': CALLER, 'load.ts': N_PLUS_ONE, 'page.ts': SEQUENTIAL });
    expect(ours(cached(directory))).toEqual(['load.ts n-plus-one error', 'page.ts sequential-await warning']);
    writeFiles(directory, { 'helper.ts': DB_HELPER });
    const next = cached(directory);
    expect(next.stats).toEqual({ hits: 2, misses: 2, programCreated: true });
    expect(ours(next)).toEqual(['caller.ts n-plus-one error', 'load.ts n-plus-one error', 'page.ts sequential-await warning']);
    expect(cached(directory).stats.programCreated).toBe(false);
  });

  it('re-analyses a function when what its callers pass changes (n-plus-one follows a loop\'s parameter to its callers)', () => {
    const uses = (argument: string): string => `${PRISMA_IMPORT}import { names } from './caller';\nexport async function page() {\n  return names(${argument});\n}\n`;
    const directory = project('cache-callers', {
      'tsconfig.json': TSCONFIG,
      // The default "collections": "queried", not the fixtures' "any": a loop over a parameter counts by what callers pass.
      'hotpath.json': '{}',
      'helper.ts': DB_HELPER,
      'caller.ts': CALLER,
      'page.ts': uses("['a', 'b']"),
    });
    expect(ours(cached(directory))).toEqual([]);
    writeFiles(directory, { 'page.ts': uses('(await prisma.user.findMany()).map((user) => user.id)') });
    const next = cached(directory);
    expect(ours(next)).toEqual(['caller.ts n-plus-one error']);
    expect(ours(next)).toEqual(ours({ ...next, findings: analyzeProjectAt(path.join(directory, 'tsconfig.json')).findings } as CachedRun));
  });

  it('invalidates every file when the config, the lockfile or the schema changes; a corrupt cache file is ignored', () => {
    const directory = project('cache-config', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'page.ts': SEQUENTIAL });
    cached(directory);
    writeFiles(directory, { 'hotpath.json': '{ "rules": { "sequential-await": "error" } }' });
    const configured = cached(directory);
    expect(configured.stats).toEqual({ hits: 0, misses: 2, programCreated: true });
    expect(ours(configured)).toEqual(['load.ts n-plus-one error', 'page.ts sequential-await error']);
    expect(cached(directory).stats.misses).toBe(0);

    // A library upgrade shows in the nearest lockfile.
    writeFiles(directory, { 'package-lock.json': '{ "lockfileVersion": 3, "packages": { "node_modules/pg": { "version": "9.0.0" } } }' });
    expect(cached(directory).stats).toEqual({ hits: 0, misses: 2, programCreated: true });
    // So does the database schema the queries are checked against.
    writeFiles(directory, { 'migrations/001_init.sql': 'CREATE TABLE users (id integer PRIMARY KEY);\n' });
    expect(cached(directory).stats).toEqual({ hits: 0, misses: 2, programCreated: true });

    for (const file of fs.readdirSync(path.join(directory, '.cache'))) fs.writeFileSync(path.join(directory, '.cache', file), '{"format":1,"projectKey":');
    const recovered = cached(directory);
    expect(recovered.stats.programCreated).toBe(true);
    expect(ours(recovered)).toEqual(ours(configured));
    expect(cached(directory).stats.programCreated).toBe(false);
  });

  it('prints the same report cached (cold and warm) as uncached, in every format', async () => {
    const directory = project('cache-cli', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'page.ts': SEQUENTIAL, 'helper.ts': DB_HELPER, 'caller.ts': CALLER });
    const location = path.join(directory, '.cache');
    for (const format of ['json', 'sarif', 'text']) {
      const uncached = await hotpath(['--format', format], directory);
      const cold = await hotpath(['--format', format, '--cache-location', location], directory);
      const warm = await hotpath(['--format', format, '--cache-location', location], directory);
      expect(cold).toEqual(uncached);
      expect(warm).toEqual(uncached);
    }
  });

  it('drops cache entries that are not what it wrote (a finding without offsets, a garbled import list), and reports as uncached', async () => {
    const directory = project('cache-entry', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'page.ts': SEQUENTIAL, 'helper.ts': DB_HELPER, 'caller.ts': CALLER });
    const location = path.join(directory, '.cache');
    const uncached = await hotpath(['--format', 'json'], directory);
    await hotpath(['--format', 'json', '--cache-location', location], directory);
    for (const name of fs.readdirSync(location)) {
      const file = path.join(location, name);
      const contents = JSON.parse(fs.readFileSync(file, 'utf8')) as { files: Record<string, { findings?: unknown }>; project?: { findings: unknown }; preprocessed: Record<string, unknown> };
      for (const entry of Object.values(contents.files)) if (entry.findings) entry.findings = [{ ruleId: 'n-plus-one', message: 'stale' }];
      if (contents.project) contents.project.findings = 'garbled';
      for (const hash of Object.keys(contents.preprocessed)) contents.preprocessed[hash] = { imports: 5 };
      fs.writeFileSync(file, JSON.stringify(contents));
    }
    expect(await hotpath(['--format', 'json', '--cache-location', location], directory)).toEqual(uncached);
    expect(await hotpath(['--format', 'json', '--cache-location', location], directory)).toEqual(uncached);
  });

  it('counts the same files warm as cold on a monorepo', () => {
    const location = path.join(project('cache-monorepo', {}), '.cache');
    const summary = (): string => hotpathProcess(['--cache-location', location, '--exit-zero'], path.join(FIXTURES, 'monorepo')).stdout.split('\n').find((line) => line.startsWith('✖') || line.startsWith('✔'))!;
    const cold = summary();
    expect(cold).toMatch(/in \d+ files/);
    expect(summary()).toBe(cold);
  });

  it('re-analyses a file whose role changes: browser code that server code starts to import gets the server-only rules', () => {
    const ui = "import { load } from './helper';\nexport async function render() {\n  document.body.append(String(await load()));\n}\n";
    const helper = "export async function load(): Promise<unknown> {\n  return (await fetch('https://api.example.com/data')).json();\n}\n";
    const directory = project('cache-roles', { 'tsconfig.json': TSCONFIG, 'ui.ts': ui, 'helper.ts': helper });
    const timeouts = (run: CachedRun): string[] => run.findings.filter((finding) => finding.ruleId === 'missing-timeout').map((finding) => path.basename(finding.file));
    expect(timeouts(cached(directory))).toEqual([]);
    writeFiles(directory, { 'server.ts': "import { createServer } from 'node:http';\nimport { load } from './helper';\nexport const server = createServer(async (_request, response) => response.end(String(await load())));\n" });
    const warm = cached(directory);
    expect(timeouts(warm)).toEqual(['helper.ts']);
    expect(warm.findings).toEqual(analyzeProjectAt(path.join(directory, 'tsconfig.json')).findings);
  });

  it('lives in node_modules/.cache/hotpath of the package that holds the project by default', () => {
    expect(defaultCacheDirectory(path.join(FIXTURES, 'example-shop', 'tsconfig.json'))).toBe(path.join(ROOT, 'node_modules', '.cache', 'hotpath'));
  });
});
