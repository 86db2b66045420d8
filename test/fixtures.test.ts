import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareSql } from '../core/sql/parser';
import { RULES } from '../rules';
import { analyzeTsconfig, FIXTURES, type ProjectRun } from './analyze';
import { expectedFindings } from './markers';

/**
 * The fixture harness: in every rule's fixture folder, each line ending in `// expect: <rule-id>`
 * must get exactly that finding (starting on that line), and no other line may get any finding of
 * the folder's rule or of a rule the file names in a marker (so a file can pin how two rules split
 * one problem, while the other rules' opinions of fixture code, say its missing timeouts, stay out).
 * SQL lines (a `.sql` migration, a line inside an SQL string) carry `-- expect: <rule-id>`.
 *
 * A rule folder may also hold sub-projects (a folder with its own tsconfig.json, e.g. with migrations
 * or a schema.prisma): each is analysed as a project and its `.ts` and `.sql` files checked the same
 * way. The example backend (`example-shop`) is checked too, for every rule.
 */
let project: ProjectRun;
beforeAll(async () => {
  await prepareSql();
  project = analyzeTsconfig(path.join(FIXTURES, 'tsconfig.json'));
});

/** Sub-projects of a rule's fixture folder: folders with their own tsconfig.json. */
function subProjects(directory: string): string[] {
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(directory, entry.name, 'tsconfig.json')))
    .map((entry) => path.join(directory, entry.name));
}

/** The files of a project that carry markers: its sources (not generated code) and SQL. */
function markedFiles(directory: string): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'generated' && !entry.name.startsWith('.')) walk(full);
      else if (entry.isFile() && /\.(ts|sql)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
    }
  };
  walk(directory);
  return files.sort();
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** Checks a whole sub-project: it type-checks, and every marked file gets exactly its markers' findings. */
function describeProject(name: string, directory: string, ruleId: string | undefined): void {
  describe(name, () => {
    let run: ProjectRun;
    beforeAll(async () => {
      await prepareSql();
      run = analyzeTsconfig(path.join(directory, 'tsconfig.json'));
    });
    it('type-checks cleanly against the real library typings', () => {
      const diagnostics = ts.getPreEmitDiagnostics(run.program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      expect(diagnostics).toEqual([]);
    });
    for (const file of markedFiles(directory)) {
      it(path.relative(directory, file), () => {
        const text = fs.readFileSync(file, 'utf8');
        const expected = expectedFindings(file);
        const checkedRules = ruleId === undefined ? undefined : new Set([ruleId, ...expected.map((entry) => entry.split(': ')[1]!)]);
        const actual = run.findings
          .filter((finding) => path.resolve(finding.file) === file && (!checkedRules || checkedRules.has(finding.ruleId)))
          .map((finding) => `${lineOf(text, finding.start)}: ${finding.ruleId}`);
        expect(actual).toEqual(expected);
      });
    }
    it('no rule threw', () => {
      expect(run.analyzer.failures).toEqual([]);
    });
  });
}

describe('rule fixtures', () => {
  it('type-check cleanly against the real library typings', () => {
    const diagnostics = ts.getPreEmitDiagnostics(project.program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(diagnostics).toEqual([]);
  });

  for (const rule of RULES) {
    const directory = path.join(FIXTURES, rule.meta.id);
    const projects = subProjects(directory);
    // Folders too (a Next.js `app/…/route.ts`), except sub-projects, checked on their own.
    const files = fs.existsSync(directory)
      ? fs
          .readdirSync(directory, { recursive: true, encoding: 'utf8' })
          .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts') && !projects.some((sub) => path.join(directory, name).startsWith(`${sub}${path.sep}`)))
          .sort()
      : [];
    it(`${rule.meta.id} has fixtures`, () => {
      expect(files.length + projects.length).toBeGreaterThan(0);
    });
    for (const sub of projects) describeProject(`${rule.meta.id}/${path.basename(sub)}`, sub, rule.meta.id);
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

describeProject('example-shop', path.join(FIXTURES, 'example-shop'), undefined);
