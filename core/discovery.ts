import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Folders that never hold a project's own sources. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'coverage', '.next', '.turbo', '.cache']);

/**
 * Every TypeScript project under `root`: the `tsconfig.json` files of its workspace packages and
 * stray folders (whatever `.gitignore` does not exclude, and never node_modules or build output),
 * plus the projects they reference. Deepest first, so a file is owned by its most specific project.
 */
export function discoverProjects(root: string): string[] {
  const found = new Set(listTsconfigs(root));
  for (const tsconfig of [...found]) for (const reference of referencedProjects(tsconfig)) found.add(reference);
  return [...found].sort((a, b) => depth(b) - depth(a) || a.localeCompare(b));
}

/** A folder's entries; none when it cannot be read (gone, or no permission). */
export function directoryEntries(directory: string): fs.Dirent[] {
  try {
    return fs.readdirSync(directory, { withFileTypes: true });
  } catch {
    return [];
  }
}

function depth(file: string): number {
  return file.split(path.sep).length;
}

function listTsconfigs(root: string): string[] {
  const fromGit = gitListedTsconfigs(root);
  if (fromGit) return fromGit;
  const found: string[] = [];
  const walk = (directory: string): void => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) walk(path.join(directory, entry.name));
      else if (entry.isFile() && entry.name === 'tsconfig.json') found.push(path.join(directory, entry.name));
    }
  };
  walk(root);
  return found;
}

/** Inside a git work tree, what git would track (ignoring `.gitignore`d paths), tracked or not yet. */
function gitListedTsconfigs(root: string): string[] | undefined {
  try {
    const output = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', 'tsconfig.json', '**/tsconfig.json'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return output
      .split('\n')
      // Skipped folders count below the root only: a checkout may itself live in …/build/ (Bitbucket Pipelines, Docker's WORKDIR /build).
      .filter((line) => line.length > 0 && !line.split('/').some((part) => SKIPPED_FOLDERS.has(part)))
      .map((line) => path.resolve(root, line))
      .filter((file) => fs.existsSync(file));
  } catch {
    return undefined;
  }
}

function referencedProjects(tsconfig: string): string[] {
  const { config } = ts.readConfigFile(tsconfig, ts.sys.readFile);
  const references: unknown = config?.references;
  if (!Array.isArray(references)) return [];
  return references.flatMap((reference: { path?: unknown }) => {
    if (typeof reference?.path !== 'string') return [];
    const target = path.resolve(path.dirname(tsconfig), reference.path);
    const file = target.endsWith('.json') ? target : path.join(target, 'tsconfig.json');
    return fs.existsSync(file) ? [file] : [];
  });
}
