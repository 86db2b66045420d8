import type ts from 'typescript';
import type { Finding, Fix, TextEdit } from './findings';

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

/** The safe fixes to apply together, their edits by file, and how many were left for a later pass. */
export interface SafeFixes {
  readonly fixes: readonly Fix[];
  readonly edits: ReadonlyMap<string, readonly TextEdit[]>;
  readonly deferred: number;
}

/**
 * What `--fix` and the editor's "fix all" apply: the first safe fix of each finding (that `accept`
 * allows), in report order, unless one of its edits overlaps an edit already taken (two fixes of
 * one statement would garble it): that one is deferred, and the analysis after applying reports it
 * again. A fix is taken whole or not at all.
 */
export function safeFixes(findings: readonly Finding[], accept: (fix: Fix) => boolean = () => true): SafeFixes {
  const edits = new Map<string, TextEdit[]>();
  const fixes: Fix[] = [];
  let deferred = 0;
  for (const finding of findings) {
    const fix = finding.fixes?.find((candidate) => candidate.safety === 'safe');
    if (!fix || !accept(fix)) continue;
    if (fix.edits.some((edit) => (edits.get(edit.file) ?? []).some((other) => overlaps(edit, other)) || fix.edits.some((other) => other !== edit && other.file === edit.file && overlaps(edit, other)))) {
      deferred += 1;
      continue;
    }
    for (const edit of fix.edits) edits.set(edit.file, [...(edits.get(edit.file) ?? []), edit]);
    fixes.push(fix);
  }
  return { fixes, edits, deferred };
}

/** Two insertions at one point overlap too: their order would be a guess. */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}
