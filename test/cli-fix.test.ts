import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { unifiedDiff } from '../cli/diff';
import { planFixes } from '../cli/fix';
import type { Finding, Fix } from '../core/findings';
import { hotpath, N_PLUS_ONE, project, SEQUENTIAL, TSCONFIG } from './cli-project';

const FIXED_PAGE = SEQUENTIAL.replace(
  'const user = await prisma.user.findUnique({ where: { id } });\n  const posts = await prisma.post.findMany();',
  'const [user, posts] = await Promise.all([\n    prisma.user.findUnique({ where: { id } }),\n    prisma.post.findMany(),\n  ]);',
);

describe('--fix and --fix-dry-run', () => {
  it('--fix-dry-run prints the unified diff --fix would apply and changes nothing', async () => {
    const directory = project('dry', { 'tsconfig.json': TSCONFIG, 'page.ts': SEQUENTIAL, 'load.ts': N_PLUS_ONE });
    const result = await hotpath(['--fix-dry-run'], directory);
    expect(result.stdout).toBe(unifiedDiff('page.ts', SEQUENTIAL, FIXED_PAGE));
    expect(result.stdout).toContain('@@ -1,7 +1,9 @@');
    expect(result.stderr).toContain('--fix would apply 1 fix in 1 file.');
    expect(fs.readFileSync(path.join(directory, 'page.ts'), 'utf8')).toBe(SEQUENTIAL);
    // The exit code still reflects the findings: the N+1 is an error.
    expect(result.status).toBe(1);
  });

  it('--fix writes the safe fix atomically, then reports what remains', async () => {
    const directory = project('fix', { 'tsconfig.json': TSCONFIG, 'page.ts': SEQUENTIAL, 'load.ts': N_PLUS_ONE });
    const result = await hotpath(['--fix', '--format', 'json'], directory);
    expect(fs.readFileSync(path.join(directory, 'page.ts'), 'utf8')).toBe(FIXED_PAGE);
    expect(fs.readFileSync(path.join(directory, 'load.ts'), 'utf8')).toBe(N_PLUS_ONE);
    // No temporary file is left beside the fixed one.
    expect(fs.readdirSync(directory).sort()).toEqual(['load.ts', 'page.ts', 'tsconfig.json']);
    const report = JSON.parse(result.stdout) as { findings: { ruleId: string; file: string }[] };
    expect(report.findings.map((finding) => `${finding.file} ${finding.ruleId}`)).toEqual(['load.ts n-plus-one']);
    expect(result.stderr).toContain('Applied 1 fix in 1 file.');
    expect(result.status).toBe(1);
    // A second --fix finds nothing to fix and leaves the file as it is.
    const again = await hotpath(['--fix'], directory);
    expect(again.stdout).toContain('Applied 0 fixes in 0 files.');
    expect(fs.readFileSync(path.join(directory, 'page.ts'), 'utf8')).toBe(FIXED_PAGE);
  });
});

describe('planFixes', () => {
  const file = '/project/a.ts';
  const text = 'const a = 1;\nconst b = 2;\nconst c = 3;\n';
  const finding = (start: number, fix: Omit<Fix, 'title'>): Finding => ({
    ruleId: 'sequential-await',
    file,
    start,
    end: start + 1,
    severity: 'warning',
    message: 'm',
    docsUrl: 'u',
    fixes: [{ title: 't', ...fix }],
  });

  it('applies safe fixes only, never two that overlap (the later one waits for the next run)', () => {
    const plan = planFixes(
      [
        finding(0, { safety: 'safe', edits: [{ file, start: 6, end: 7, newText: 'x' }] }),
        finding(6, { safety: 'safe', edits: [{ file, start: 0, end: 12, newText: 'let x = 1;' }] }),
        finding(13, { safety: 'unsafe', edits: [{ file, start: 13, end: 25, newText: 'gone' }] }),
        finding(26, { safety: 'safe', edits: [{ file, start: 32, end: 33, newText: 'z' }] }),
      ],
      () => text,
    );
    expect(plan.applied).toBe(2);
    expect(plan.deferred).toBe(1);
    expect(plan.files.get(file)).toEqual({ before: text, after: 'const x = 1;\nconst b = 2;\nconst z = 3;\n' });
  });

  it('treats two insertions at one point as overlapping, and a fix is taken whole or not at all', () => {
    const plan = planFixes(
      [
        finding(0, { safety: 'safe', edits: [{ file, start: 0, end: 0, newText: '// one\n' }] }),
        finding(1, { safety: 'safe', edits: [{ file, start: 0, end: 0, newText: '// two\n' }, { file, start: 26, end: 31, newText: 'let' }] }),
      ],
      () => text,
    );
    expect(plan).toMatchObject({ applied: 1, deferred: 1 });
    expect(plan.files.get(file)!.after).toBe(`// one\n${text}`);
  });
});

describe('unifiedDiff', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-diff-'));
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
  const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd', '', '  x'), { maxLength: 24 });

  // Either side may end without a newline: that last line is another line, and the diff says so.
  const text = fc.tuple(lines, fc.boolean()).map(([items, newline]) => (items.length ? `${items.join('\n')}${newline ? '\n' : ''}` : ''));
  const linesOf = (value: string): string[] => {
    const items = value.split('\n');
    if (items[items.length - 1] === '') items.pop();
    else items[items.length - 1] += '\0';
    return items;
  };

  it('is a patch git applies, with as few changed lines as a longest common subsequence allows', () => {
    fc.assert(
      fc.property(text, text, (beforeText, afterText) => {
        const before = linesOf(beforeText);
        const after = linesOf(afterText);
        const diff = unifiedDiff('f.txt', beforeText, afterText);
        if (beforeText === afterText) return diff === '';
        fs.writeFileSync(path.join(scratch, 'f.txt'), beforeText);
        const applied = spawnSync('git', ['apply', '--whitespace=nowarn', '-'], { cwd: scratch, input: diff, encoding: 'utf8' });
        expect(applied.stderr).toBe('');
        expect(fs.readFileSync(path.join(scratch, 'f.txt'), 'utf8')).toBe(afterText);
        expect(diff).not.toMatch(/\+\+\+ .*\n(?!@@)/);
        const changed = diff.split('\n').filter((line) => /^[-+](?![-+]{2} )/.test(line)).length;
        expect(changed).toBe(before.length + after.length - 2 * lcsLength(before, after));
        return true;
      }),
      { numRuns: 150, seed: 6 },
    );
  });
});

function lcsLength(a: readonly string[], b: readonly string[]): number {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) table[i]![j] = a[i - 1] === b[j - 1] ? table[i - 1]![j - 1]! + 1 : Math.max(table[i - 1]![j]!, table[i]![j - 1]!);
  return table[a.length]![b.length]!;
}
