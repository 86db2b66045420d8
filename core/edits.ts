import type ts from 'typescript';
import type { TextEdit } from './findings';

/**
 * Applies edits to one file's text. Edits are applied from the end so offsets stay valid;
 * overlapping edits are rejected rather than producing garbled code.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const edit of sorted) {
    if (edit.end > limit) throw new Error(`overlapping edits at ${edit.start}-${edit.end}`);
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
    limit = edit.start;
  }
  return result;
}

/** The whitespace that starts the line holding `position`: where a rewritten statement keeps its place. */
export function indentationAt(sourceFile: ts.SourceFile, position: number): string {
  const lineStart = sourceFile.getPositionOfLineAndCharacter(sourceFile.getLineAndCharacterOfPosition(position).line, 0);
  return /^[ \t]*/.exec(sourceFile.text.slice(lineStart, position))?.[0] ?? '';
}
