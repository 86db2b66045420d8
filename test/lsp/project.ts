import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic, Position, Range, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ROOT } from './client';

export const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', types: ['node'], skipLibCheck: true, noEmit: true },
  include: ['**/*.ts'],
});

/**
 * A throwaway project under test-fixtures/ (so library typings resolve from the repository's
 * node_modules), named `.tmp-lsp-*` so git ignores it; `remove()` deletes it.
 */
export class TempProject {
  readonly root: string;

  constructor(name: string, files: Record<string, string>) {
    this.root = fs.mkdtempSync(path.join(ROOT, 'test-fixtures', `.tmp-lsp-${name}-`));
    for (const [file, text] of Object.entries(files)) this.write(file, text);
  }

  file(name: string): string {
    return path.join(this.root, name);
  }

  write(name: string, text: string): void {
    fs.mkdirSync(path.dirname(this.file(name)), { recursive: true });
    fs.writeFileSync(this.file(name), text);
  }

  remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** The range of the `occurrence`-th `needle` in `text`. */
export function rangeOf(text: string, needle: string, occurrence = 1): Range {
  let index = -1;
  for (let found = 0; found < occurrence; found++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`${JSON.stringify(needle)} not found`);
  }
  const document = TextDocument.create('file:///x', 'typescript', 0, text);
  return { start: document.positionAt(index), end: document.positionAt(index + needle.length) };
}

export function positionOf(text: string, needle: string): Position {
  return rangeOf(text, needle).start;
}

export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'typescript', 0, text), [...edits]);
}

export function byRule(diagnostics: readonly Diagnostic[], ruleId: string): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === ruleId);
}
