import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { UsageError } from './args';

/** Every file under these paths (a file is itself), never inside node_modules. */
export function filesUnder(paths: readonly string[]): Set<string> {
  const files = new Set<string>();
  // Each real folder once: a symlink back up the tree (a loop) is not followed again.
  const visited = new Set<string>();
  const walk = (item: string): void => {
    // A dangling symlink (an editor's `.#file.ts` lock), a link loop or an unreadable entry is no source file.
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(item);
    } catch {
      return;
    }
    if (stat.isFile()) files.add(item);
    if (!stat.isDirectory() || path.basename(item) === 'node_modules') return;
    let real: string;
    let entries: string[];
    try {
      real = fs.realpathSync(item);
      entries = fs.readdirSync(item);
    } catch {
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    for (const entry of entries) walk(path.join(item, entry));
  };
  for (const item of paths) walk(item);
  return files;
}

/** What the analysis reads: sources, not declarations, JSON or assets a broad glob (`src/**`) also matches. */
const SOURCE_FILE = /(?<!\.d)\.[cm]?[jt]sx?$/;

/**
 * The command line's paths with each glob (`"src/**\/*.ts"`, quoted so that the shell leaves it
 * alone) replaced by the source files it matches, relative to `cwd`. A path that exists is taken as
 * it is, even with glob characters in its name (Next.js's `app/[id]/route.ts`).
 */
export function expandGlobs(paths: readonly string[], cwd: string, errorOnUnmatched: boolean): { paths: string[]; fromGlobs: Set<string> } {
  const expanded: string[] = [];
  const fromGlobs = new Set<string>();
  for (const item of paths) {
    const absolute = path.resolve(cwd, item);
    const scan = picomatch.scan(item);
    if (fs.existsSync(absolute) || !scan.isGlob) {
      expanded.push(absolute);
      continue;
    }
    const isMatch = picomatch(toPosix(absolute));
    const matches = [...filesUnder([path.resolve(cwd, scan.base || '.')])].filter((file) => SOURCE_FILE.test(file) && isMatch(toPosix(file))).sort();
    if (matches.length === 0 && errorOnUnmatched) throw new UsageError(`no file matches ${item} (--no-error-on-unmatched-pattern lets such a run pass)`);
    for (const file of matches) fromGlobs.add(file);
    expanded.push(...matches);
  }
  return { paths: expanded, fromGlobs };
}

/** Files matching any of these globs, relative to `cwd` (`--ignore-pattern`). */
export function globMatcher(globs: readonly string[], cwd: string): (file: string) => boolean {
  if (globs.length === 0) return () => false;
  const isMatch = picomatch(globs.map((glob) => toPosix(path.resolve(cwd, glob))), { dot: true });
  return (file) => isMatch(toPosix(path.resolve(file)));
}

function toPosix(file: string): string {
  return file.replace(/\\/g, '/');
}
