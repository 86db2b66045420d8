import path from 'node:path';
import type ts from 'typescript';
import type { Finding, Fix } from '../core/findings';

/** A position for people: 1-based line and column (UTF-16 code units, as editors count). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface LocatedRelated {
  readonly file: string;
  readonly start: Position;
  readonly end: Position;
  readonly message: string;
}

/** A finding with lines and columns, converted at the edge from the engine's offsets. */
export interface LocatedFinding {
  readonly finding: Finding;
  /** Path relative to the working directory, with forward slashes. */
  readonly file: string;
  readonly start: Position;
  readonly end: Position;
  readonly related: readonly LocatedRelated[];
  readonly fixes?: readonly Fix[];
  readonly sourceText: string;
}

export function displayPath(file: string, cwd: string): string {
  return path.relative(cwd, file).replace(/\\/g, '/') || '.';
}

function position(sourceFile: ts.SourceFile, offset: number): Position {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(offset);
  return { line: line + 1, column: character + 1 };
}

export function locate(finding: Finding, program: ts.Program, cwd: string): LocatedFinding {
  const sourceFile = program.getSourceFile(finding.file);
  if (!sourceFile) throw new Error(`internal: ${finding.file} is not in the program`);
  const related = (finding.related ?? []).flatMap((item) => {
    const file = program.getSourceFile(item.file);
    return file ? [{ file: displayPath(item.file, cwd), start: position(file, item.start), end: position(file, item.end), message: item.message }] : [];
  });
  return {
    finding,
    file: displayPath(finding.file, cwd),
    start: position(sourceFile, finding.start),
    end: position(sourceFile, finding.end),
    related,
    fixes: finding.fixes,
    sourceText: sourceFile.text,
  };
}
