import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes a file so that readers see the old content or the new one, never half of it: the text
 * goes to a temporary file in the same folder (same file system), which is then renamed over the
 * target. An existing file keeps its permissions.
 */
export function writeFileAtomic(file: string, text: string): void {
  const directory = path.dirname(file);
  makeDirectory(directory);
  const temporary = path.join(directory, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  let mode: number | undefined;
  try {
    mode = fs.statSync(file).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  try {
    fs.writeFileSync(temporary, text, mode === undefined ? undefined : { mode });
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * `mkdir -p`, one folder at a time. Node's recursive mkdir never returns on some paths (a folder
 * under /proc: the parent exists but cannot hold children, and it retries forever); here the first
 * folder that cannot be made throws.
 */
export function makeDirectory(directory: string): void {
  const missing: string[] = [];
  for (let current = path.resolve(directory); !fs.existsSync(current); current = path.dirname(current)) {
    missing.push(current);
    if (path.dirname(current) === current) break;
  }
  for (const folder of missing.reverse()) {
    try {
      fs.mkdirSync(folder);
    } catch (error) {
      // Another run (concurrent --cache runs) made it first.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(folder).isDirectory()) throw error;
    }
  }
}
