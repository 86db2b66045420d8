import fs from 'node:fs';
import { writeFileAtomic } from '../core/atomic-file';
import { applyEdits, safeFixes } from '../core/edits';
import type { Finding } from '../core/findings';

/** What `--fix` would write: new text per file, and how many fixes it holds. */
export interface FixPlan {
  /** By the file's real path (a symlinked source file is fixed where it lives); texts as on disk, byte order mark included. */
  readonly files: ReadonlyMap<string, { readonly before: string; readonly after: string }>;
  /** Files with fixes that were left alone, and why (not UTF-8). */
  readonly refused: ReadonlyMap<string, string>;
  readonly applied: number;
  /** Safe fixes left for a later pass because they overlap one already taken. */
  readonly deferred: number;
}

/** The safe fixes of `findings` (see `safeFixes`) applied to the files' texts. */
export function planFixes(findings: readonly Finding[], textOf: (file: string) => string | { readonly refused: string } = readFixableText): FixPlan {
  const { fixes, edits: taken, deferred } = safeFixes(findings);
  const files = new Map<string, { before: string; after: string }>();
  const refused = new Map<string, string>();
  for (const [file, edits] of taken) {
    const before = textOf(file);
    if (typeof before !== 'string') {
      refused.set(file, before.refused);
      continue;
    }
    // The compiler's offsets do not count a byte order mark: edit the text after it, and keep it.
    const bom = before.startsWith(BOM) ? BOM : '';
    const text = before.slice(bom.length);
    const newline = text.includes('\r\n') && !/(^|[^\r])\n/.test(text) ? '\r\n' : '\n';
    const after = bom + applyEdits(text, newline === '\n' ? edits : edits.map((edit) => ({ ...edit, newText: edit.newText.replace(/\r?\n/g, newline) })));
    if (after !== before) files.set(realPathOf(file), { before, after });
  }
  const applied = fixes.filter((fix) => fix.edits.every((edit) => !refused.has(edit.file))).length;
  return { files, refused, applied, deferred };
}

const BOM = '\uFEFF';

/**
 * A file's text as `--fix` edits it, or why it is left alone. The compiler decodes every file as
 * UTF-8: in a Latin-1 file its offsets do not match the bytes, and writing the decoded text back
 * would turn every non-UTF-8 byte into U+FFFD.
 */
export function readFixableText(file: string): string | { readonly refused: string } {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(fs.readFileSync(file));
  } catch (error) {
    if (error instanceof TypeError) return { refused: 'it is not UTF-8 (convert it to have it fixed)' };
    return { refused: `it cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
}

/** Where a file really is: a symlinked source file is fixed in its target, and the link stays a link. */
function realPathOf(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/** Writes each changed file atomically (a temporary file in the same folder, renamed over it). */
export function writeFixes(plan: FixPlan): void {
  for (const [file, { after }] of plan.files) writeFileAtomic(file, after);
}
