import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeTsconfig, FIXTURES, ROOT } from './analyze';

/**
 * Docs are tested: in every rule's README, the TypeScript block under "## Incorrect" must be
 * reported by that rule and the one under "## Correct" must not. Blocks are written next to the
 * fixtures (so `../generated/prisma` and the installed typings resolve) and analysed together.
 */
const rulesWithDocs = fs
  .readdirSync(path.join(ROOT, 'rules'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(ROOT, 'rules', entry.name, 'README.md')))
  .map((entry) => entry.name);

function firstTsBlockAfter(markdown: string, heading: string): string | undefined {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) return undefined;
  return /```ts\n([\s\S]*?)```/.exec(markdown.slice(start))?.[1];
}

const directory = fs.mkdtempSync(path.join(FIXTURES, '.tmp-docs-'));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

describe('rule docs', () => {
  const files: string[] = [];
  for (const ruleId of rulesWithDocs) {
    const markdown = fs.readFileSync(path.join(ROOT, 'rules', ruleId, 'README.md'), 'utf8');
    for (const [heading, suffix] of [['Incorrect', 'incorrect'], ['Correct', 'correct']] as const) {
      const code = firstTsBlockAfter(markdown, heading);
      if (code === undefined) continue;
      const file = path.join(directory, `${ruleId}.${suffix}.ts`);
      fs.writeFileSync(file, code);
      files.push(file);
    }
  }
  fs.writeFileSync(path.join(directory, 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', include: ['*.ts', '../generated/**/*.ts'] }));
  const findings = analyzeTsconfig(path.join(directory, 'tsconfig.json')).findings;

  for (const ruleId of rulesWithDocs) {
    it(`${ruleId}: the README has the fixed sections`, () => {
      const markdown = fs.readFileSync(path.join(ROOT, 'rules', ruleId, 'README.md'), 'utf8');
      for (const heading of ['What it does', 'Why is this bad', 'Incorrect', 'Correct', 'Options', 'When not to use it']) {
        expect(markdown, `section "${heading}"`).toContain(`\n## ${heading}`);
      }
    });
    const incorrect = path.join(directory, `${ruleId}.incorrect.ts`);
    const correct = path.join(directory, `${ruleId}.correct.ts`);
    if (files.includes(incorrect)) {
      it(`${ruleId}: the "Incorrect" example is reported`, () => {
        expect(findings.filter((finding) => finding.file === incorrect && finding.ruleId === ruleId).length).toBeGreaterThan(0);
      });
    }
    if (files.includes(correct)) {
      it(`${ruleId}: the "Correct" example is not`, () => {
        expect(findings.filter((finding) => finding.file === correct)).toEqual([]);
      });
    }
  }
});
