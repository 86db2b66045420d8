import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../rules';
import { analyzeTsconfig, FIXTURES, type ProjectRun } from './analyze';

/**
 * The fixture harness: in every rule's fixture folder, each line ending in `// expect: <rule-id>`
 * must get exactly that finding (starting on that line), and no other line may get any finding of
 * the folder's rule or of a rule the file names in a marker (so a file can pin how two rules split
 * one problem, while the other rules' opinions of fixture code, say its missing timeouts, stay out).
 */
const EXPECT = /\/\/ expect: ([\w-]+(?:\s*,\s*[\w-]+)*)\s*$/;

function expectedFindings(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, index) => {
      const match = EXPECT.exec(line);
      return match ? match[1]!.split(/\s*,\s*/).map((ruleId) => `${index + 1}: ${ruleId}`) : [];
    });
}

let project: ProjectRun;
beforeAll(() => {
  project = analyzeTsconfig(path.join(FIXTURES, 'tsconfig.json'));
});

describe('rule fixtures', () => {
  it('type-check cleanly against the real library typings', () => {
    const diagnostics = ts.getPreEmitDiagnostics(project.program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(diagnostics).toEqual([]);
  });

  for (const rule of RULES) {
    const directory = path.join(FIXTURES, rule.meta.id);
    const files = fs.existsSync(directory) ? fs.readdirSync(directory).filter((name) => name.endsWith('.ts')) : [];
    it(`${rule.meta.id} has fixtures`, () => {
      expect(files.length).toBeGreaterThan(0);
    });
    for (const name of files) {
      it(`${rule.meta.id}/${name}`, () => {
        const file = path.join(directory, name);
        const sourceFile = project.program.getSourceFile(file)!;
        const expected = expectedFindings(file);
        const checkedRules = new Set([rule.meta.id, ...expected.map((entry) => entry.split(': ')[1]!)]);
        const actual = project.findings
          .filter((finding) => finding.file === sourceFile.fileName && checkedRules.has(finding.ruleId))
          .map((finding) => `${sourceFile.getLineAndCharacterOfPosition(finding.start).line + 1}: ${finding.ruleId}`);
        expect(actual).toEqual(expected);
      });
    }
  }

  it('no rule threw', () => {
    expect(project.analyzer.failures).toEqual([]);
  });
});
