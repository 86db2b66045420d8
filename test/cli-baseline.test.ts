import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../cli/format/json';
import type { Baseline } from '../core/baseline';
import { hotpath, hotpathProcess, N_PLUS_ONE, PRISMA_IMPORT, project, repository, SEQUENTIAL, TSCONFIG, writeFiles } from './cli-project';

const SECOND_LOOP = `${PRISMA_IMPORT}export async function authors(ids: number[]) {
  const posts = [];
  for (const { id } of await prisma.post.findMany({ where: { id: { in: ids } }, select: { id: true } })) posts.push(await prisma.post.findUnique({ where: { id } }));
  return posts;
}
`;

async function report(directory: string, args: string[]): Promise<{ json: JsonReport; stderr: string; status: number }> {
  const result = await hotpath(['--format', 'json', '--baseline', 'hotpath-baseline.json', ...args], directory);
  return { json: JSON.parse(result.stdout) as JsonReport, stderr: result.stderr, status: result.status };
}

const ours = (json: JsonReport): string[] => json.findings.filter((finding) => ['n-plus-one', 'sequential-await'].includes(finding.ruleId)).map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`);

describe('--baseline / --update-baseline', () => {
  it('records findings by fingerprint, then reports only new ones, across line shifts; fixed entries are counted and pruned', async () => {
    const directory = repository('baseline', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'page.ts': SEQUENTIAL });
    const missing = await hotpath(['--baseline', 'hotpath-baseline.json'], directory);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no such baseline file (create it with --update-baseline)');

    const recorded = await report(directory, ['--update-baseline']);
    expect(recorded.json.findings).toEqual([]);
    expect(recorded.status).toBe(0);
    const text = fs.readFileSync(path.join(directory, 'hotpath-baseline.json'), 'utf8');
    const baseline = JSON.parse(text) as Baseline;
    expect(baseline.version).toBe(1);
    expect(baseline.fingerprints).toBe('hotpath/v1');
    expect(baseline.findings.filter((entry) => entry.ruleId === 'n-plus-one' || entry.ruleId === 'sequential-await').map((entry) => `${entry.file} ${entry.ruleId}`)).toEqual([
      'load.ts n-plus-one',
      'page.ts sequential-await',
    ]);
    // Diff-friendly: sorted entries, no line numbers, stable bytes when nothing changed.
    const sorted = [...baseline.findings].sort((a, b) => (a.file + a.ruleId + a.fingerprint < b.file + b.ruleId + b.fingerprint ? -1 : 1));
    expect(baseline.findings).toEqual(sorted);
    expect(text).not.toMatch(/"line"/);
    await report(directory, ['--update-baseline']);
    expect(fs.readFileSync(path.join(directory, 'hotpath-baseline.json'), 'utf8')).toBe(text);

    // Code moved down by unrelated lines: still known. A new N+1 elsewhere: the only one reported.
    writeFiles(directory, { 'load.ts': `// moved\n\n\n${N_PLUS_ONE}`, 'more.ts': SECOND_LOOP });
    const next = await report(directory, []);
    expect(ours(next.json)).toEqual(['more.ts:5 n-plus-one']);
    expect(next.json.fixedSinceBaseline).toBe(0);
    expect(next.status).toBe(1);

    // The sequential reads fixed: reported as fixed on stderr and in JSON, pruned by --update-baseline.
    writeFiles(directory, { 'page.ts': SEQUENTIAL.replace('const posts = await prisma.post.findMany();', 'const posts = user ? await prisma.post.findMany() : [];') });
    const fixed = await report(directory, []);
    expect(fixed.json.fixedSinceBaseline).toBe(1);
    expect(fixed.stderr).toMatch(/1 baseline entry no longer found \(fixed\): run with --update-baseline to prune/);
    const pruned = await report(directory, ['--update-baseline']);
    expect(pruned.stderr).toContain('1 fixed entry pruned');
    const after = JSON.parse(fs.readFileSync(path.join(directory, 'hotpath-baseline.json'), 'utf8')) as Baseline;
    expect(after.findings.filter((entry) => entry.ruleId === 'n-plus-one' || entry.ruleId === 'sequential-await').map((entry) => `${entry.file} ${entry.ruleId}`)).toEqual([
      'load.ts n-plus-one',
      'more.ts n-plus-one',
    ]);
    expect((await report(directory, [])).json.fixedSinceBaseline).toBe(0);
  });

  it('rejects a file that is not a baseline with exit code 2', async () => {
    const directory = project('baseline-bad', { 'tsconfig.json': TSCONFIG, 'page.ts': SEQUENTIAL, 'hotpath-baseline.json': '{ "findings": 3 }' });
    const result = await hotpath(['--baseline', 'hotpath-baseline.json'], directory);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('not a hotpath baseline');
    expect((await hotpath(['--update-baseline'], directory)).stderr).toContain('--update-baseline needs --baseline <file>');
  });

  it('is anchored to the repository root: recorded from the root with -p, read from the package folder, nothing is new or fixed; SARIF and GitHub name files from the root too', () => {
    const api = path.join('packages', 'api');
    const directory = repository('baseline-anchor', {
      [path.join(api, 'tsconfig.json')]: TSCONFIG,
      [path.join(api, 'load.ts')]: N_PLUS_ONE.replace('../generated', '../../../generated'),
    });
    const baseline = path.join(directory, 'hotpath-baseline.json');
    const recorded = hotpathProcess(['-p', path.join(api, 'tsconfig.json'), '--baseline', baseline, '--update-baseline'], directory);
    expect(recorded.stderr).toContain('1 finding recorded');
    const fromPackage = hotpathProcess(['--baseline', baseline, '--format', 'json'], path.join(directory, api));
    expect(fromPackage.stderr).toContain('1 known finding in the baseline not reported');
    expect(fromPackage.stderr).not.toContain('no longer found');
    expect((JSON.parse(fromPackage.stdout) as JsonReport).findings).toEqual([]);
    const github = hotpathProcess(['--format', 'github'], path.join(directory, api)).stdout;
    expect(github).toMatch(/^::error file=packages\/api\/load\.ts,/);
    const sarif = JSON.parse(hotpathProcess(['--format', 'sarif'], path.join(directory, api)).stdout) as { runs: { originalUriBaseIds: Record<string, { uri: string }>; results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(sarif.runs[0]!.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`file://${directory}/`);
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('packages/api/load.ts');
  });
});
