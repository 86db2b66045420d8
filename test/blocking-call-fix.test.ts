import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEdits } from '../core/edits';
import type { Finding } from '../core/findings';
import { analyzeTsconfig, FIXTURES } from './analyze';
import { checkWithOverrides } from './typecheck';

const RULE = 'blocking-call';
const FIXABLE = path.join(FIXTURES, RULE, 'fixable.ts');
// The fixture file as a project of its own: the whole fixture project takes a minute on a busy machine.
const directory = fs.mkdtempSync(path.join(FIXTURES, '.tmp-blocking-fix-'));
const TSCONFIG = path.join(directory, 'tsconfig.json');
let findings: Finding[];

afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));
beforeAll(() => {
  fs.writeFileSync(TSCONFIG, JSON.stringify({ extends: '../tsconfig.json', include: [path.relative(directory, FIXABLE)] }));
  findings = analyzeTsconfig(TSCONFIG, { withFixes: true }).findings.filter((finding) => finding.ruleId === RULE && finding.file === FIXABLE);
});

function lineOf(finding: Finding): number {
  return fs.readFileSync(finding.file, 'utf8').slice(0, finding.start).split('\n').length;
}

describe('blocking-call fix', () => {
  it('is offered, as unsafe, only where the value is taken whole from a path read on the module', () => {
    const fixed = findings.filter((finding) => finding.fixes?.length).map(lineOf);
    expect(fixed).toEqual([4, 9, 13, 18]);
    expect(findings.flatMap((finding) => finding.fixes ?? []).every((fix) => fix.safety === 'unsafe')).toBe(true);
  });

  it('turns the read into `await fs.promises.readFile`: the file type-checks and only the unfixed findings remain', () => {
    const edits = findings.flatMap((finding) => finding.fixes?.[0]?.edits ?? []);
    const text = applyEdits(fs.readFileSync(FIXABLE, 'utf8'), edits);
    expect(text).toContain("const text = await fs.promises.readFile(file, 'utf8');");
    expect(text).toContain("return JSON.parse(await fs.promises.readFile(file, 'utf8'));");
    expect(text).toContain('last = await fs.promises.readFile(file);');
    const result = checkWithOverrides(TSCONFIG, new Map([[FIXABLE, text]]));
    expect(result.diagnostics).toEqual([]);
    const remaining = result.findings.filter((finding) => finding.ruleId === RULE).map((finding) => text.slice(0, finding.start).split('\n').length);
    expect(remaining).toEqual([24, 28, 32]);
  });
});
