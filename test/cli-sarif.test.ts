import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../cli/format/github';
import { RULE_METAS } from '../rules';
import { ROOT } from './analyze';
import { ANY_COLLECTIONS, CALLER, DB_HELPER, hotpath, N_PLUS_ONE, repository, SEQUENTIAL, TSCONFIG } from './cli-project';

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: SarifRegion };
  message?: { text: string };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  partialFingerprints: Record<string, string>;
  fixes?: { description: { text: string }; artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: SarifRegion; insertedContent: { text: string } }[] }[] }[];
}
interface SarifLog {
  version: string;
  runs: { tool: { driver: { name: string; rules: Record<string, unknown>[] } }; originalUriBaseIds: Record<string, { uri: string }>; results: SarifResult[] }[];
}

const validate = (() => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
})();

async function sarif(directory: string): Promise<SarifLog> {
  const result = await hotpath(['--format', 'sarif'], directory);
  expect(result.status).toBe(1);
  return JSON.parse(result.stdout) as SarifLog;
}

function resultOf(log: SarifLog, ruleId: string, uri: string): SarifResult {
  const found = log.runs[0]!.results.find((result) => result.ruleId === ruleId && result.locations[0]!.physicalLocation.artifactLocation.uri === uri);
  expect(found, `${ruleId} in ${uri}`).toBeDefined();
  return found!;
}

describe('--format sarif', () => {
  let directory: string;
  let log: SarifLog;
  beforeAll(async () => {
    directory = repository('sarif', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'page.ts': SEQUENTIAL, 'helper.ts': DB_HELPER, 'caller.ts': CALLER, 'hotpath.json': ANY_COLLECTIONS });
    log = await sarif(directory);
  });

  it('is valid against the official SARIF 2.1.0 schema', () => {
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(log.version).toBe('2.1.0');
    // A log that does not validate must be caught: the validator is not a no-op.
    expect(validate({ ...log, runs: [{ ...log.runs[0], results: [{ ruleId: 'x', locations: 'nowhere' }] }] })).toBe(false);
  });

  it('describes every rule in tool.driver, as GitHub code scanning lists them', () => {
    const rules = log.runs[0]!.tool.driver.rules;
    expect(rules.map((rule) => rule['id'])).toEqual(RULE_METAS.map((meta) => meta.id));
    const nPlusOne = rules.find((rule) => rule['id'] === 'n-plus-one')!;
    expect(nPlusOne).toMatchObject({
      name: 'NPlusOne',
      shortDescription: { text: RULE_METAS.find((meta) => meta.id === 'n-plus-one')!.summary },
      helpUri: expect.stringMatching(/rules\/n-plus-one\/README\.md$/) as unknown,
      defaultConfiguration: { level: 'error' },
    });
    expect((nPlusOne['fullDescription'] as { text: string }).text.length).toBeGreaterThan((nPlusOne['shortDescription'] as { text: string }).text.length);
  });

  it('gives each result its rule index, level, message, a region with columns relative to %SRCROOT%, and related locations', () => {
    const run = log.runs[0]!;
    expect(run.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`file://${directory}/`);
    const result = resultOf(log, 'n-plus-one', 'load.ts');
    expect(run.tool.driver.rules[result.ruleIndex]!['id']).toBe('n-plus-one');
    expect(result.level).toBe('error');
    expect(result.message.text).toContain('`prisma.user.findUnique` runs once per element of `await prisma.post.findMany(');
    expect(result.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'load.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 6, startColumn: 22, endLine: 6, endColumn: 63 },
    });
    expect(result.relatedLocations).toEqual([
      { id: 1, physicalLocation: { artifactLocation: { uri: 'load.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 5, startColumn: 3, endLine: 5, endColumn: 106 } }, message: { text: 'the loop over `await prisma.post.findMany({ where: { i…`' } },
    ]);
    const through = resultOf(log, 'n-plus-one', 'caller.ts');
    expect(through.relatedLocations!.map((related) => related.physicalLocation.artifactLocation.uri)).toEqual(['caller.ts', 'helper.ts']);
    expect(resultOf(log, 'sequential-await', 'page.ts').level).toBe('warning');
  });

  it('carries the safe fix as a replacement of the region', () => {
    const result = resultOf(log, 'sequential-await', 'page.ts');
    expect(result.fixes).toHaveLength(1);
    const [change] = result.fixes![0]!.artifactChanges;
    expect(change!.artifactLocation.uri).toBe('page.ts');
    expect(change!.replacements).toEqual([
      {
        deletedRegion: { startLine: 4, startColumn: 3, endLine: 5, endColumn: 46 },
        insertedContent: { text: 'const [user, posts] = await Promise.all([\n    prisma.user.findUnique({ where: { id } }),\n    prisma.post.findMany(),\n  ]);' },
      },
    ]);
    expect(resultOf(log, 'n-plus-one', 'load.ts').fixes).toBeUndefined();
  });

  it('keeps partialFingerprints across line shifts and edits elsewhere, and changes them when the code changes', async () => {
    const before = resultOf(log, 'n-plus-one', 'load.ts');
    const shifted = repository('sarif-shift', {
      'tsconfig.json': TSCONFIG,
      'load.ts': `// a new header comment\n\n${N_PLUS_ONE}\nexport const unrelated = 1;\n`.replace(') {\n    users.push', ')   {  // same code, other layout\n    users.push'),
      'page.ts': SEQUENTIAL,
      'helper.ts': DB_HELPER,
      'caller.ts': CALLER,
      'hotpath.json': ANY_COLLECTIONS,
    });
    // Same relative paths in another folder: the fingerprint is made of code, not of where the checkout lives.
    const after = resultOf(await sarif(shifted), 'n-plus-one', 'load.ts');
    expect(after.locations[0]!.physicalLocation.region.startLine).toBe(8);
    expect(after.partialFingerprints).toEqual(before.partialFingerprints);
    expect(before.partialFingerprints['hotpath/v1']).toMatch(/^[0-9a-f]{32}:1$/);

    const edited = repository('sarif-edit', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE.replace('{ where: { id } }', '{ where: { id: id } }') });
    const changed = resultOf(await sarif(edited), 'n-plus-one', 'load.ts');
    expect(changed.partialFingerprints).not.toEqual(before.partialFingerprints);
  });
});

describe('--format github', () => {
  it('prints one workflow command per finding: error, warning, and notice for info', async () => {
    const directory = repository('github', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'page.ts': SEQUENTIAL, 'hotpath.json': '{ "rules": { "sequential-await": "info" } }' });
    const result = await hotpath(['--format', 'github'], directory);
    expect(result.status).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    const nPlusOne = lines.find((line) => line.includes('title=hotpath n-plus-one'))!;
    expect(nPlusOne).toMatch(/^::error file=load\.ts,line=6,endLine=6,col=22,endColumn=63,title=hotpath n-plus-one::`prisma\.user\.findUnique` runs once per element of `await prisma\.post\.findMany\(/);
    // Related locations and the docs link follow on their own lines, escaped.
    expect(nPlusOne).toContain('%0Aload.ts:5:3 the loop over `await prisma.post.findMany({ where: { i…`%0Ahttps://');
    expect(nPlusOne).not.toContain('\r');
    expect(lines.find((line) => line.includes('title=hotpath sequential-await'))).toMatch(/^::notice file=page\.ts,line=5,endLine=5,col=17,endColumn=45,title=hotpath sequential-await::/);
  });

  it('escapes data and properties as the runner parses them', () => {
    expect(escapeData('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext: a,b');
    expect(escapeProperty('src/a:b,c%.ts')).toBe('src/a%3Ab%2Cc%25.ts');
  });
});
