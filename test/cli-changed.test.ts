import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JsonReport } from '../cli/format/json';
import { parseUnifiedDiff } from '../core/git';
import { ANY_COLLECTIONS, CALLER, DB_HELPER, hotpath, N_PLUS_ONE, project, PURE_HELPER, TSCONFIG, writeFiles } from './cli-project';

const ADDED_LOOP = `
export async function posts(ids: number[]) {
  const found = [];
  for (const id of ids) found.push(await prisma.post.findUnique({ where: { id } }));
  return found;
}
`;

function git(directory: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=hotpath', '-c', 'user.email=hotpath@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: directory, encoding: 'utf8' });
}

/** A folder in no git repository (the fixtures' folders are inside this one's). */
const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-nogit-'));
afterAll(() => fs.rmSync(outside, { recursive: true, force: true }));

const nPlusOnes = (json: JsonReport): string[] => json.findings.filter((finding) => finding.ruleId === 'n-plus-one').map((finding) => `${finding.file}:${finding.line}`);

describe('--changed-since', () => {
  it("reads git's diff the same whatever the user's diff settings (prefixes, relative paths, colour, external tools)", async () => {
    for (const [key, value] of [['diff.mnemonicPrefix', 'true'], ['diff.noprefix', 'true'], ['diff.relative', 'true'], ['color.diff', 'always'], ['diff.external', 'false']]) {
      const directory = project('changed-config', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'hotpath.json': ANY_COLLECTIONS });
      git(directory, 'init', '-q', '-b', 'main');
      git(directory, 'config', key!, value!);
      git(directory, 'add', '.');
      git(directory, 'commit', '-q', '-m', 'base');
      writeFiles(directory, { 'load.ts': `${N_PLUS_ONE}${ADDED_LOOP}` });
      const changed = await hotpath(['--format', 'json', '--changed-since', 'HEAD'], directory);
      expect(nPlusOnes(JSON.parse(changed.stdout) as JsonReport), `${key}=${value}`).toEqual(['load.ts:13']);
    }
  });

  it('reports findings on lines changed since the merge-base (committed, uncommitted, untracked) and those whose cause moved into the change', async () => {
    const directory = project('changed', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'helper.ts': PURE_HELPER, 'caller.ts': CALLER, 'hotpath.json': ANY_COLLECTIONS });
    git(directory, 'init', '-q', '-b', 'main');
    git(directory, 'add', '.');
    git(directory, 'commit', '-q', '-m', 'base');
    git(directory, 'checkout', '-q', '-b', 'feature');
    // Committed on the branch: the helper starts querying the database, so the unchanged loop in caller.ts is now an N+1.
    writeFiles(directory, { 'helper.ts': DB_HELPER });
    git(directory, 'commit', '-q', '-am', 'helper reads the user');
    // Meanwhile main moves on: the merge-base, not main's tip, is what the branch is compared with.
    git(directory, 'checkout', '-q', 'main');
    writeFiles(directory, { 'unrelated.ts': 'export const unrelated = 1;\n' });
    git(directory, 'add', '.');
    git(directory, 'commit', '-q', '-m', 'main moves on');
    git(directory, 'checkout', '-q', 'feature');
    // Uncommitted: a new loop in an existing file. Untracked: a whole new file.
    writeFiles(directory, { 'load.ts': `${N_PLUS_ONE}${ADDED_LOOP}`, 'more.ts': N_PLUS_ONE });

    const all = JSON.parse((await hotpath(['--format', 'json'], directory)).stdout) as JsonReport;
    expect(nPlusOnes(all)).toEqual(['caller.ts:4', 'load.ts:6', 'load.ts:13', 'more.ts:6']);
    const changed = await hotpath(['--format', 'json', '--changed-since', 'main'], directory);
    expect(changed.status).toBe(1);
    expect(nPlusOnes(JSON.parse(changed.stdout) as JsonReport)).toEqual(['caller.ts:4', 'load.ts:13', 'more.ts:6']);

    // Nothing changed since HEAD but the uncommitted and untracked work.
    git(directory, 'add', 'more.ts');
    git(directory, 'commit', '-q', '-am', 'loops');
    const clean = await hotpath(['--format', 'json', '--changed-since', 'HEAD'], directory);
    expect(nPlusOnes(JSON.parse(clean.stdout) as JsonReport)).toEqual([]);
    expect(clean.status).toBe(0);
  });

  it('fails with exit code 2 on an unknown ref or outside a git repository', async () => {
    const directory = project('changed-ref', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE });
    git(directory, 'init', '-q');
    const unknown = await hotpath(['--changed-since', 'no-such-branch'], directory);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--changed-since: unknown git ref "no-such-branch"');

    writeFiles(outside, { 'tsconfig.json': TSCONFIG, 'a.ts': 'export const a = 1;\n' });
    const result = await hotpath(['--changed-since', 'main'], outside);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--changed-since needs a git repository');
  });

  it('reads added line numbers from hunks, quoted paths included, and ignores deleted files', () => {
    const diff = [
      'diff --git a/src/a.ts b/src/a.ts',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -3 +3,2 @@',
      '-old',
      '+new',
      '+newer',
      '@@ -10,2 +11,0 @@',
      '-gone',
      '-gone',
      '@@ -20,0 +20 @@',
      '+added',
      'diff --git "a/odd \\"name\\"\\303\\251.ts" "b/odd \\"name\\"\\303\\251.ts"',
      '--- "a/odd \\"name\\"\\303\\251.ts"',
      '+++ "b/odd \\"name\\"\\303\\251.ts"',
      '@@ -0,0 +1,2 @@',
      '+a',
      '+b',
      '--- a/deleted.ts',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-x',
    ].join('\n');
    const parsed = parseUnifiedDiff(diff);
    expect([...parsed.keys()]).toEqual(['src/a.ts', 'odd "name"é.ts']);
    expect([...parsed.get('src/a.ts')!]).toEqual([3, 4, 20]);
    expect([...parsed.get('odd "name"é.ts')!]).toEqual([1, 2]);
  });
});
