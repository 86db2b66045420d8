import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyEdits } from '../core/edits';
import type { Finding } from '../core/findings';
import { analyzeTsconfig, FIXTURES } from './analyze';
import { checkWithOverrides } from './typecheck';

const TSCONFIG = path.join(FIXTURES, 'tsconfig.json');
let findings: Finding[];

beforeAll(() => {
  findings = analyzeTsconfig(TSCONFIG, { withFixes: true }).findings.filter((finding) => finding.ruleId === 'sequential-await');
});

function fixedTextOf(file: string): string {
  const edits = findings.filter((finding) => finding.file === file).flatMap((finding) => finding.fixes?.[0]?.edits ?? []);
  return applyEdits(fs.readFileSync(file, 'utf8'), edits);
}

describe('sequential-await fix', () => {
  it('is offered for most findings', () => {
    const withFix = findings.filter((finding) => finding.fixes?.length);
    expect(withFix.length).toBeGreaterThanOrEqual(Math.ceil(findings.length * 0.7));
  });

  it('type-checks after every fix in every fixture file is applied, and the findings are gone', () => {
    const files = [...new Set(findings.filter((finding) => finding.fixes?.length).map((finding) => finding.file))];
    const result = checkWithOverrides(TSCONFIG, new Map(files.map((file) => [file, fixedTextOf(file)])));
    expect(result.diagnostics).toEqual([]);
    const unfixed = findings.filter((finding) => files.includes(finding.file) && !finding.fixes?.length);
    expect(result.findings.filter((finding) => finding.ruleId === 'sequential-await').length).toBe(unfixed.length);
  });

  it('rewrites a pair of const declarations into one Promise.all, keeping names and order', () => {
    const file = path.join(FIXTURES, 'sequential-await', 'prisma.ts');
    const text = fs.readFileSync(file, 'utf8');
    const fixes = findings.filter((finding) => finding.file === file).flatMap((finding) => finding.fixes ?? []);
    const simple = fixes.find((fix) => fix.edits.length === 1 && /^const \[\w+, \w+\] = await Promise\.all\(\[/.test(fix.edits[0]!.newText));
    expect(simple).toBeDefined();
    const edit = simple!.edits[0]!;
    const original = text.slice(edit.start, edit.end);
    const names = [...original.matchAll(/const (\w+)/g)].map((match) => match[1]);
    expect(edit.newText.startsWith(`const [${names.join(', ')}] = await Promise.all([`)).toBe(true);
    expect(simple!.safety).toBe('safe');
  });
});
