import { readFile } from 'node:fs/promises';
import * as fs from 'fs';

export async function load(path: string) {
  await readFile(path, 'utf8'); // io: fs read
  fs.writeFileSync(path, ''); // io: fs write
}
