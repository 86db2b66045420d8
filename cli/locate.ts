import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
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

interface TextWithLines {
  readonly text: string;
  getLineAndCharacterOfPosition(offset: number): ts.LineAndCharacter;
}

function position(file: TextWithLines, offset: number): Position {
  const { line, character } = file.getLineAndCharacterOfPosition(offset);
  return { line: line + 1, column: character + 1 };
}

/** A program file, or a file outside the program (a migration, schema.prisma) read from disk. */
function textFile(program: ts.Program, file: string): TextWithLines {
  const sourceFile = program.getSourceFile(file);
  if (sourceFile) return sourceFile;
  const text = fs.readFileSync(file, 'utf8');
  const lineStarts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  return {
    text,
    getLineAndCharacterOfPosition(offset) {
      let line = lineStarts.length - 1;
      while (line > 0 && lineStarts[line]! > offset) line -= 1;
      return { line, character: offset - lineStarts[line]! };
    },
  };
}

export function locate(finding: Finding, program: ts.Program, cwd: string): LocatedFinding {
  const sourceFile = textFile(program, finding.file);
  const related = (finding.related ?? []).map((item) => {
    const file = textFile(program, item.file);
    return { file: displayPath(item.file, cwd), start: position(file, item.start), end: position(file, item.end), message: item.message };
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
