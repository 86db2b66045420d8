import { writeFileAtomic } from '../core/atomic-file';
import { applyEdits } from '../core/edits';
import type { Finding, TextEdit } from '../core/findings';

/** What `--fix` would write: new text per file, and how many fixes it holds. */
export interface FixPlan {
  readonly files: ReadonlyMap<string, { readonly before: string; readonly after: string }>;
  readonly applied: number;
  /** Safe fixes left for a later pass because they overlap one already taken. */
  readonly deferred: number;
}

/**
 * Takes the first safe fix of each finding, in report order, unless one of its edits overlaps an
 * edit already taken (two fixes of one statement would garble it): that one is left, and the
 * re-run after writing reports it again. A fix is taken whole or not at all.
 */
export function planFixes(findings: readonly Finding[], textOf: (file: string) => string): FixPlan {
  const taken = new Map<string, TextEdit[]>();
  let applied = 0;
  let deferred = 0;
  for (const finding of findings) {
    const fix = finding.fixes?.find((candidate) => candidate.safety === 'safe');
    if (!fix) continue;
    if (fix.edits.some((edit) => (taken.get(edit.file) ?? []).some((other) => overlaps(edit, other)) || fix.edits.some((other) => other !== edit && other.file === edit.file && overlaps(edit, other)))) {
      deferred += 1;
      continue;
    }
    for (const edit of fix.edits) taken.set(edit.file, [...(taken.get(edit.file) ?? []), edit]);
    applied += 1;
  }
  const files = new Map<string, { before: string; after: string }>();
  for (const [file, edits] of taken) {
    const before = textOf(file);
    const after = applyEdits(before, edits);
    if (after !== before) files.set(file, { before, after });
  }
  return { files, applied, deferred };
}

/** Writes each changed file atomically (a temporary file in the same folder, renamed over it). */
export function writeFixes(plan: FixPlan): void {
  for (const [file, { after }] of plan.files) writeFileAtomic(file, after);
}

/** Two insertions at one point overlap too: their order would be a guess. */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}
