import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeTsconfig, FIXTURES } from './analyze';

const PROJECT = path.join(FIXTURES, 'n-plus-one', 'queried-collections-project');
const SOURCE = fs.readFileSync(path.join(PROJECT, 'src', 'orders.ts'), 'utf8');

/** The lines of n-plus-one findings in the project's one source file. */
function nPlusOneLines(configFile?: string): number[] {
  return analyzeTsconfig(path.join(PROJECT, 'tsconfig.json'), { configFile })
    .findings.filter((finding) => finding.ruleId === 'n-plus-one')
    .map((finding) => SOURCE.slice(0, finding.start).split('\n').length)
    .sort((a, b) => a - b);
}

/** The 1-based lines of the fixture whose text contains `needle`'s loop call. */
function lineOf(needle: string): number {
  const lines = SOURCE.split('\n');
  const index = lines.findIndex((line) => line.includes(needle));
  expect(index, needle).toBeGreaterThanOrEqual(0);
  return index + 1;
}

describe('n-plus-one "collections"', () => {
  it('"any" also reports loops over a parameter no caller shows, over literal arguments, over a list computed from text', () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-collections-'));
    const config = path.join(directory, 'hotpath.json');
    fs.writeFileSync(config, '{ "rules": { "n-plus-one": ["error", { "collections": "any" }] } }');
    try {
      const queried = nPlusOneLines();
      const any = nPlusOneLines(config);
      const extra = [lineOf('customers.push(await customerOf(id))'), lineOf("await pool.query('SELECT 1 FROM customers"), lineOf('ids.map((id) => customerOf(')];
      expect(any).toEqual([...queried, ...extra].sort((a, b) => a - b));
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  }, 120_000);
});
