import path from 'node:path';
import ts from 'typescript';
import { Analyzer } from '../core/analyzer';
import type { Finding } from '../core/findings';
import { createProjectProgram, readTsconfig } from '../core/project';
import { resolveConfig } from '../core/run';
import { RULES } from '../rules';

export interface CheckedOverride {
  /** Type errors in the overridden files, formatted `file:line: message`. */
  readonly diagnostics: string[];
  /** What hotpath reports on the overridden files. */
  readonly findings: Finding[];
}

/** Type-checks and re-analyses a project with some files' text replaced in memory (fixes applied). */
export function checkWithOverrides(tsconfig: string, overrides: ReadonlyMap<string, string>): CheckedOverride {
  const program = createProjectProgram(readTsconfig(tsconfig), overrides);
  const analyzer = new Analyzer(program, RULES, resolveConfig(path.dirname(tsconfig)));
  const files = [...overrides.keys()].map((file) => program.getSourceFile(path.resolve(file)) ?? program.getSourceFile(file));
  const diagnostics = files.flatMap((sourceFile, index) => {
    if (!sourceFile) return [`${[...overrides.keys()][index]}: not in the program`];
    return [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)].map((diagnostic) => {
      const line = diagnostic.start === undefined ? 0 : sourceFile.getLineAndCharacterOfPosition(diagnostic.start).line + 1;
      return `${path.basename(sourceFile.fileName)}:${line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
  });
  const findings = files.flatMap((sourceFile) => (sourceFile ? analyzer.analyzeFile(sourceFile) : []));
  return { diagnostics, findings };
}
