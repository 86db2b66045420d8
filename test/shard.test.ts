// `--shard i/n` on the monorepo-shaped fixtures: each shard analyses a share of the projects, and
// the shards' reports concatenated in shard order are the unsharded run's, finding for finding.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JsonReport } from '../cli/json-report';
import { FIXTURES } from './analyze';
import { hotpath, N_PLUS_ONE, repository, TSCONFIG } from './cli-project';

interface SarifLog {
  runs: { results: unknown[] }[];
}

async function report<T>(root: string, format: 'json' | 'sarif', shard?: string): Promise<T> {
  const result = await hotpath(['--format', format, '--exit-zero', ...(shard ? ['--shard', shard] : [])], root);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

describe.each(['monorepo', 'workspace'])('--shard on test-fixtures/%s', (fixture) => {
  const root = path.join(FIXTURES, fixture);
  let whole: JsonReport;
  beforeAll(async () => {
    whole = await report<JsonReport>(root, 'json');
    expect(whole.findings.length).toBeGreaterThan(2);
  });

  it.each([2, 8])('%i shards: concatenated, the same findings in the same order, each file analysed once', async (count) => {
    const shards: JsonReport[] = [];
    // hotpath-ignore-next-line n-plus-one -- one CLI run per shard, as a CI matrix runs them
    for (let index = 1; index <= count; index++) shards.push(await report<JsonReport>(root, 'json', `${index}/${count}`));
    expect(shards.flatMap((shard) => shard.findings)).toEqual(whole.findings);
    expect(shards.reduce((files, shard) => files + shard.summary.files, 0)).toBe(whole.summary.files);
    // The work is shared: no shard analyses everything.
    expect(shards.every((shard) => shard.summary.files < whole.summary.files)).toBe(true);
  });

  it('SARIF: the shards\' results, concatenated, are the unsharded run\'s', async () => {
    const unsharded = await report<SarifLog>(root, 'sarif');
    const first = await report<SarifLog>(root, 'sarif', '1/2');
    const second = await report<SarifLog>(root, 'sarif', '2/2');
    expect([...first.runs[0]!.results, ...second.runs[0]!.results]).toEqual(unsharded.runs[0]!.results);
  });
});

describe('--shard with nested projects', () => {
  it('leaves a file to the project that owns it, even when that project is in another shard', async () => {
    // A root tsconfig listing every file, and two packages with their own: each package's file is theirs.
    const inPackage = N_PLUS_ONE.replace("'../generated/prisma'", "'../../../generated/prisma'");
    const root = repository('shard-nested', {
      'tsconfig.json': TSCONFIG,
      'root.ts': N_PLUS_ONE,
      'packages/a/tsconfig.json': TSCONFIG,
      'packages/a/a.ts': inPackage,
      'packages/b/tsconfig.json': TSCONFIG,
      'packages/b/b.ts': inPackage,
    });
    const whole = await report<JsonReport>(root, 'json');
    expect(whole.findings.map((finding) => finding.file).sort()).toEqual(['packages/a/a.ts', 'packages/b/b.ts', 'root.ts']);
    const shards = [await report<JsonReport>(root, 'json', '1/2'), await report<JsonReport>(root, 'json', '2/2')];
    expect(shards.flatMap((shard) => shard.findings)).toEqual(whole.findings);
    expect(shards.map((shard) => shard.summary.files)).toEqual([2, 1]);
  });
});

describe('--shard arguments', () => {
  it.each(['0/2', '3/2', '1', 'a/b', '1/0'])('rejects %s with exit code 2', async (shard) => {
    const result = await hotpath(['--shard', shard], path.join(FIXTURES, 'monorepo'));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`--shard must be i/n with 1 <= i <= n, e.g. 2/4, got "${shard}"`);
  });
});
