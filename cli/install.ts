import fs from 'node:fs';
import path from 'node:path';
import { MODELLED_MODULES } from '../core/io-model';

/** Lockfiles, most specific first, and the command that installs what they pin. */
const LOCKFILES: readonly { readonly file: string; readonly command: string }[] = [
  { file: 'pnpm-lock.yaml', command: 'pnpm install' },
  { file: 'yarn.lock', command: 'yarn install' },
  { file: 'bun.lock', command: 'bun install' },
  { file: 'bun.lockb', command: 'bun install' },
  { file: 'package-lock.json', command: 'npm ci' },
  { file: 'npm-shrinkwrap.json', command: 'npm ci' },
];
/** Names shown per group before "+N more": the note stays one line. */
const SHOWN = 6;

/** The install command of the package manager whose lockfile is nearest above `directory` (`npm install` without one). */
export function installCommand(directory: string): string {
  for (let current = path.resolve(directory); ; current = path.dirname(current)) {
    const lockfile = LOCKFILES.find((entry) => fs.existsSync(path.join(current, entry.file)));
    if (lockfile) return lockfile.command;
    if (path.dirname(current) === current) return 'npm install';
  }
}

/**
 * One line on the packages that did not resolve and would change findings, grouped: the libraries
 * hotpath models, then the others its candidate findings call into; with the one command that
 * installs them.
 */
export function unresolvedNote(packages: ReadonlySet<string>, directory: string): string | undefined {
  if (!packages.size) return undefined;
  const sorted = [...packages].sort();
  const modelled = sorted.filter((name) => MODELLED_MODULES.has(name));
  const others = sorted.filter((name) => !MODELLED_MODULES.has(name));
  const list = (names: readonly string[]): string => names.slice(0, SHOWN).join(', ') + (names.length > SHOWN ? ` +${names.length - SHOWN} more` : '');
  const groups = [...(modelled.length ? [`I/O libraries: ${list(modelled)}`] : []), ...(others.length ? [`called where findings could be: ${list(others)}`] : [])];
  const count = packages.size;
  return `${count} imported package${count === 1 ? '' : 's'} that change${count === 1 ? 's' : ''} findings could not be resolved (${groups.join('; ')}): calls into ${count === 1 ? 'it were' : 'them were'} classified from import origins only. \`${installCommand(directory)}\` installs ${count === 1 ? 'it' : 'them'}.`;
}
