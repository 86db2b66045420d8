import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docsUrl, type Finding } from '../core/findings';
import { RULE_METAS } from '../rules';
import { prepareSql } from '../core/sql/parser';
import { analyzeTsconfig, FIXTURES, ROOT } from './analyze';

/**
 * Docs are tested: in every rule's README, the TypeScript block under "## Incorrect" must be
 * reported by that rule and the one under "## Correct" must not. Blocks are written next to the
 * fixtures (so `../generated/prisma` and the installed typings resolve) and analysed together.
 * An example whose section also has ```sql blocks is a project of its own: those blocks are its
 * migration (unindexed-sql checks queries against the schema).
 */
const rulesWithDocs = fs
  .readdirSync(path.join(ROOT, 'rules'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(ROOT, 'rules', entry.name, 'README.md')))
  .map((entry) => entry.name);

/** The ```sql blocks of one section (up to the next `## ` heading). */
function sqlBlocksOf(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) return [];
  const end = markdown.indexOf('\n## ', start + 1);
  return [...markdown.slice(start, end < 0 ? undefined : end).matchAll(/```sql\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

/** Writes an example with a schema as its own project and returns its findings. */
function analyzeWithSchema(folder: string, file: string, code: string, sql: readonly string[]): readonly Finding[] {
  fs.mkdirSync(path.join(folder, 'migrations'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'migrations', '001_schema.sql'), sql.join('\n'));
  fs.writeFileSync(file, code);
  fs.writeFileSync(path.join(folder, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', include: ['*.ts', '../../generated/**/*.ts'] }));
  return analyzeTsconfig(path.join(folder, 'tsconfig.json')).findings;
}

await prepareSql();

function firstTsBlockAfter(markdown: string, heading: string): string | undefined {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) return undefined;
  return /```ts\n([\s\S]*?)```/.exec(markdown.slice(start))?.[1];
}

const directory = fs.mkdtempSync(path.join(FIXTURES, '.tmp-docs-'));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

describe('rule docs', () => {
  it('every rule, unused-suppression included, has the page its findings link to', () => {
    for (const meta of RULE_METAS) {
      expect(docsUrl(meta.id)).toMatch(new RegExp(`/rules/${meta.id}/README\\.md$`));
      expect(fs.existsSync(path.join(ROOT, 'rules', meta.id, 'README.md')), meta.id).toBe(true);
    }
  });

  const files: string[] = [];
  const withSchema: Finding[] = [];
  for (const ruleId of rulesWithDocs) {
    const markdown = fs.readFileSync(path.join(ROOT, 'rules', ruleId, 'README.md'), 'utf8');
    for (const [heading, suffix] of [['Incorrect', 'incorrect'], ['Correct', 'correct']] as const) {
      const code = firstTsBlockAfter(markdown, heading);
      if (code === undefined) continue;
      const sql = sqlBlocksOf(markdown, heading);
      const folder = path.join(directory, `${ruleId}.${suffix}`);
      const file = sql.length ? path.join(folder, `${ruleId}.${suffix}.ts`) : path.join(directory, `${ruleId}.${suffix}.ts`);
      if (sql.length) withSchema.push(...analyzeWithSchema(folder, file, code, sql));
      else fs.writeFileSync(file, code);
      files.push(file);
    }
  }
  fs.writeFileSync(path.join(directory, 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', include: ['*.ts', '../generated/**/*.ts'] }));
  const findings = [...analyzeTsconfig(path.join(directory, 'tsconfig.json')).findings, ...withSchema];
  const fileOf = (ruleId: string, suffix: string): string => files.find((file) => path.basename(file) === `${ruleId}.${suffix}.ts`) ?? '';

  for (const ruleId of rulesWithDocs) {
    it(`${ruleId}: the README has the fixed sections`, () => {
      const markdown = fs.readFileSync(path.join(ROOT, 'rules', ruleId, 'README.md'), 'utf8');
      for (const heading of ['What it does', 'Why is this bad', 'Incorrect', 'Correct', 'Options', 'When not to use it']) {
        expect(markdown, `section "${heading}"`).toContain(`\n## ${heading}`);
      }
    });
    const incorrect = fileOf(ruleId, 'incorrect');
    const correct = fileOf(ruleId, 'correct');
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
