import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config';

/**
 * What changed since a ref, by file (real absolute paths): the 1-based line numbers added or
 * modified, or `'all'` for a file git does not track yet. Lines are git's unit here; callers
 * compare them with findings at the edge, where findings have lines too.
 */
export type ChangedLines = ReadonlyMap<string, ReadonlySet<number> | 'all'>;

/**
 * The lines added or modified since the merge-base of `ref` and HEAD, uncommitted changes and
 * untracked files included (what a pull request from this working tree would contain).
 * Throws a ConfigError outside a git repository or for an unknown ref.
 */
export function changedLinesSince(ref: string, cwd: string): ChangedLines {
  const top = git(['rev-parse', '--show-toplevel'], cwd);
  if (top.status !== 0) throw new ConfigError(`--changed-since needs a git repository, and ${cwd} is not in one`);
  const root = realPath(top.stdout.trim());
  if (git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root).status !== 0) throw new ConfigError(`--changed-since: unknown git ref "${ref}"`);
  const mergeBase = git(['merge-base', ref, 'HEAD'], root);
  if (mergeBase.status !== 0) throw new ConfigError(`--changed-since: "${ref}" and HEAD have no common ancestor (${mergeBase.stderr.trim() || 'git merge-base failed'})`);
  // The output format is pinned: the user's settings (diff.mnemonicPrefix, diff.noprefix, diff.relative, colours, external or textconv tools) must not change what is read.
  const diff = git(
    ['-c', 'core.quotePath=false', 'diff', '--unified=0', '--no-color', '--no-ext-diff', '--no-textconv', '--no-relative', '--src-prefix=a/', '--dst-prefix=b/', '--find-renames', mergeBase.stdout.trim(), '--'],
    root,
  );
  if (diff.status !== 0) throw new ConfigError(`--changed-since: git diff failed: ${diff.stderr.trim()}`);
  const changed = new Map<string, ReadonlySet<number> | 'all'>();
  for (const [file, lines] of parseUnifiedDiff(diff.stdout)) changed.set(path.join(root, file), lines);
  const untracked = git(['ls-files', '--others', '--exclude-standard', '-z'], root);
  for (const file of untracked.stdout.split('\0')) if (file) changed.set(path.join(root, file), 'all');
  return changed;
}

/** Added lines per new-side path of a `--unified=0` diff. */
export function parseUnifiedDiff(diff: string): Map<string, Set<number>> {
  const files = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const target = line.slice(4);
      current = target === '/dev/null' ? undefined : new Set();
      if (current) files.set(stripPrefix(unquote(target)), current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (!hunk || !current) continue;
    const first = Number(hunk[1]);
    const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
    for (let number = first; number < first + count; number++) current.add(number);
  }
  return files;
}

/** `"b/na\\"me"` → `b/na"me`: git quotes paths with unusual characters C-style (octal escapes are UTF-8 bytes). */
function unquote(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"')) return text;
  const escapes: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' };
  // One left-to-right pass, so that an escaped backslash before digits is not read as an octal escape.
  return text.slice(1, -1).replace(/((?:\\[0-7]{3})+)|\\(.)/g, (_, octals: string | undefined, char: string | undefined) =>
    octals ? Buffer.from(octals.split('\\').slice(1).map((octal) => parseInt(octal, 8))).toString('utf8') : (escapes[char!] ?? char!),
  );
}

function stripPrefix(file: string): string {
  return file.startsWith('b/') ? file.slice(2) : file;
}

function git(args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw new ConfigError(`--changed-since needs git, which could not be run: ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The repository's top folder, in the terms of `cwd` (a checkout reached through a symlink stays
 * on that side of it); undefined outside a git work tree or without git. What CI identifies
 * files by: baselines, SARIF and annotations name files from here, wherever hotpath runs from.
 */
export function repositoryRoot(cwd: string): string | undefined {
  const top = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8' });
  if (top.error || top.status !== 0 || !top.stdout.trim()) return undefined;
  return path.resolve(cwd, path.relative(realPath(cwd), realPath(top.stdout.trim())));
}

/** Symlinked checkouts (`/tmp` → `/private/tmp`) must compare equal to the paths findings carry. */
export function realPath(file: string): string {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return path.resolve(file);
  }
}
