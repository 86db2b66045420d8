import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { Finding, Fix } from '../core/findings';
import type { FingerprintSource } from '../core/fingerprint';

/** A position for people: 1-based line and column (UTF-16 code units, as editors count). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface LocatedRange {
  /** Path relative to the working directory, with forward slashes. */
  readonly file: string;
  readonly start: Position;
  readonly end: Position;
}

export interface LocatedRelated extends LocatedRange {
  readonly message: string;
}

export interface LocatedEdit extends LocatedRange {
  readonly newText: string;
}

export interface LocatedFix {
  readonly fix: Fix;
  readonly edits: readonly LocatedEdit[];
}

/** A finding with lines and columns, converted at the edge from the engine's offsets. */
export interface LocatedFinding extends LocatedRange {
  readonly finding: Finding;
  readonly related: readonly LocatedRelated[];
  readonly fixes: readonly LocatedFix[];
  readonly sourceText: string;
}

export function displayPath(file: string, cwd: string): string {
  return path.relative(cwd, file).replace(/\\/g, '/') || '.';
}

interface TextWithLines {
  readonly text: string;
  getLineAndCharacterOfPosition(offset: number): ts.LineAndCharacter;
}

/**
 * The texts findings point into: a program's files when one was built, else texts already read
 * (by the cache), else the disk. Files outside any program (a migration) are read from disk too;
 * a file that does not exist yet (a fix that creates it) is empty.
 */
export class SourceTexts {
  private readonly files = new Map<string, TextWithLines>();

  constructor(
    private readonly program?: ts.Program,
    private readonly known?: ReadonlyMap<string, string>,
  ) {}

  text(file: string): string {
    return this.file(file).text;
  }

  /** The parsed file when a program holds it (fingerprints then need no second parse), else its text. */
  source(file: string): FingerprintSource {
    return this.program?.getSourceFile(file) ?? this.text(file);
  }

  position(file: string, offset: number): Position {
    const { line, character } = this.file(file).getLineAndCharacterOfPosition(offset);
    return { line: line + 1, column: character + 1 };
  }

  private file(file: string): TextWithLines {
    let known: TextWithLines | undefined = this.files.get(file) ?? this.program?.getSourceFile(file);
    if (!known) {
      known = withLines(this.known?.get(file) ?? readIfExists(file));
      this.files.set(file, known);
    }
    return known;
  }
}

function withLines(text: string): TextWithLines {
  const lineStarts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  return {
    text,
    getLineAndCharacterOfPosition(offset) {
      let low = 0;
      let high = lineStarts.length - 1;
      while (low < high) {
        const middle = Math.ceil((low + high) / 2);
        if (lineStarts[middle]! <= offset) low = middle;
        else high = middle - 1;
      }
      return { line: low, character: offset - lineStarts[low]! };
    },
  };
}

function readIfExists(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

export function locate(finding: Finding, texts: SourceTexts, cwd: string): LocatedFinding {
  const range = (file: string, start: number, end: number): LocatedRange => ({ file: displayPath(file, cwd), start: texts.position(file, start), end: texts.position(file, end) });
  return {
    finding,
    ...range(finding.file, finding.start, finding.end),
    related: (finding.related ?? []).map((item) => ({ ...range(item.file, item.start, item.end), message: item.message })),
    fixes: (finding.fixes ?? []).map((fix) => ({ fix, edits: fix.edits.map((edit) => ({ ...range(edit.file, edit.start, edit.end), newText: edit.newText })) })),
    sourceText: texts.text(finding.file),
  };
}
