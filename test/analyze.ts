import fs from 'node:fs';
import path from 'node:path';

export { analyzeProjectAt as analyzeTsconfig, type ProjectRun } from '../core/run';

export const ROOT = path.resolve(__dirname, '..');
export const FIXTURES = path.join(ROOT, 'test-fixtures');

/**
 * A copy of fixtures outside the repository is out of reach of test-fixtures/hotpath.json (n-plus-one
 * over every collection): outside a repository only a project's own folder holds its config, so each
 * folder with a tsconfig gets a copy of it.
 */
export function giveFixturesConfig(copy: string): void {
  const config = path.join(FIXTURES, 'hotpath.json');
  for (const entry of fs.readdirSync(copy, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /^tsconfig.*\.json$/.test(entry.name) && !entry.parentPath.includes('node_modules')) fs.copyFileSync(config, path.join(entry.parentPath, 'hotpath.json'));
  }
}
