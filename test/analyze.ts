import path from 'node:path';

export { analyzeProjectAt as analyzeTsconfig, type ProjectRun } from '../core/run';

export const ROOT = path.resolve(__dirname, '..');
export const FIXTURES = path.join(ROOT, 'test-fixtures');
