import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEdits } from '../core/edits';
import type { Finding, TextEdit } from '../core/findings';
import { analyzeTsconfig, FIXTURES } from './analyze';
import { checkWithOverrides } from './typecheck';

const RULE = 'unbounded-concurrency';

/** The rule's findings, with fixes, in the given files (the rest of the project is loaded for types only). */
function findingsOf(tsconfig: string, files: readonly string[]): Finding[] {
  return analyzeTsconfig(tsconfig, { withFixes: true, onlyFiles: new Set(files) }).findings.filter((finding) => finding.ruleId === RULE);
}

function tsFilesIn(directory: string): string[] {
  return fs
    .readdirSync(directory)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(directory, name));
}

/** Every fix of a file applied at once; the p-map import several fixes add is the same edit, applied once. */
function fixedTexts(findings: readonly Finding[]): Map<string, string> {
  const byFile = new Map<string, TextEdit[]>();
  for (const edit of findings.flatMap((finding) => finding.fixes?.[0]?.edits ?? [])) {
    const edits = byFile.get(edit.file) ?? [];
    if (!edits.some((other) => other.start === edit.start && other.end === edit.end && other.newText === edit.newText)) edits.push(edit);
    byFile.set(edit.file, edits);
  }
  return new Map([...byFile].map(([file, edits]) => [file, applyEdits(fs.readFileSync(file, 'utf8'), edits)]));
}

/** Applies every fix, type-checks the result and re-analyses it: no error, and only the unfixed findings remain. */
function expectFixesToHold(tsconfig: string, findings: readonly Finding[]): void {
  const overrides = fixedTexts(findings);
  const result = checkWithOverrides(tsconfig, overrides);
  expect(result.diagnostics).toEqual([]);
  const unfixed = findings.filter((finding) => overrides.has(finding.file) && !finding.fixes?.length);
  expect(result.findings.filter((finding) => finding.ruleId === RULE).length).toBe(unfixed.length);
}

describe('unbounded-concurrency fix, in a project that depends on p-map', () => {
  // The fixtures' project root (test-fixtures/) has no package.json: the nearest is the repository's, which has p-map.
  const tsconfig = path.join(FIXTURES, 'tsconfig.json');
  let findings: Finding[];
  beforeAll(() => {
    findings = findingsOf(tsconfig, [...tsFilesIn(path.join(FIXTURES, RULE)), path.join(FIXTURES, 'n-plus-one', 'http.ts')]);
  });

  it('is offered, as unsafe, wherever Promise.all maps an array or an async function runs forEach', () => {
    const fixes = findings.flatMap((finding) => finding.fixes ?? []);
    expect(fixes.length).toBeGreaterThanOrEqual(12);
    expect(fixes.every((fix) => fix.safety === 'unsafe')).toBe(true);
  });

  it('rewrites Promise.all(items.map(fn)) into pMap(items, fn, { concurrency: 8 }) and imports p-map', () => {
    const file = path.join(FIXTURES, RULE, 'http.ts');
    const fix = findings.find((finding) => finding.file === file && finding.message.startsWith('`crm.post` runs for every element of `emails`'))?.fixes?.[0];
    expect(fix?.edits.map((edit) => edit.newText)).toEqual(["\nimport pMap from 'p-map';", "pMap(emails, (email) => crm.post('/welcome', { email }), { concurrency: 8 })"]);
  });

  it('type-checks after every fix is applied, and the fixed fan-outs are no longer reported', () => {
    expectFixesToHold(tsconfig, findings);
  });
});

describe('unbounded-concurrency fix, in a project without p-map', () => {
  const directory = fs.mkdtempSync(path.join(FIXTURES, '.tmp-uc-'));
  const tsconfig = path.join(directory, 'tsconfig.json');
  let findings: Finding[];
  beforeAll(() => {
    for (const name of fs.readdirSync(path.join(FIXTURES, RULE))) fs.copyFileSync(path.join(FIXTURES, RULE, name), path.join(directory, name));
    fs.writeFileSync(path.join(directory, 'package.json'), JSON.stringify({ name: 'no-p-map', private: true, dependencies: { axios: '*' } }));
    fs.writeFileSync(tsconfig, JSON.stringify({ extends: '../tsconfig.json', include: ['*.ts', '../generated/**/*.ts'] }));
    findings = findingsOf(tsconfig, tsFilesIn(directory));
  });
  afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('awaits chunks of 8 in a loop, keeping the result variable', () => {
    const fix = findings.find((finding) => finding.message.startsWith('`syncCustomer`'))?.fixes?.[0];
    expect(fix?.edits.map((edit) => edit.newText)).toEqual([
      ['const ids = [];', 'for (let i = 0; i < customers.length; i += 8) {', '  ids.push(...(await Promise.all(customers.slice(i, i + 8).map(syncCustomer))));', '}'].join('\n  '),
    ]);
  });

  it('is not offered where a chunk would change what the callback receives (it reads the index)', () => {
    const ranked = findings.find((finding) => finding.message.startsWith('`crm.put` runs for every element of `customerIds`'));
    expect(ranked).toBeDefined();
    expect(ranked?.fixes).toBeUndefined();
  });

  it('type-checks after every fix is applied, and the fixed fan-outs are no longer reported', () => {
    expect(findings.filter((finding) => finding.fixes?.[0]?.title.startsWith('Run the fan-out in chunks')).length).toBeGreaterThanOrEqual(12);
    expectFixesToHold(tsconfig, findings);
  });
});
