import fs from 'node:fs';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { safeFixes } from '../core/edits';
import type { Finding, Fix } from '../core/findings';
import { UNUSED_SUPPRESSION } from '../core/suppressions';
import { findingKey, isFindingData, toDiagnostic, type Locator } from './convert';

export const OPEN_DOCS_COMMAND = 'hotpath.openDocs';
/** Every safe fix of a file at once: `editor.codeActionsOnSave` and "hotpath: Fix all auto-fixable problems" ask for it. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.hotpath`;

/** What code actions are built from: the document at the version its findings were computed for. */
export interface CodeActionInput {
  readonly document: TextDocument;
  readonly fileName: string;
  readonly findings: readonly Finding[];
  readonly params: CodeActionParams;
  /** Converts the findings' offsets (and those of fixes touching other files). */
  readonly locator: Locator;
  readonly uriOf: (fileName: string) => string;
  /** The open version of a URI (for versioned edits), null when it is not open. */
  readonly versionOf: (uri: string) => number | null;
  /** The client applies `documentChanges` (versioned edits, rejected when the document moved on). */
  readonly versionedEdits: boolean;
}

const NEXT_LINE_DIRECTIVE = /^(\s*\/\/\s*hotpath-ignore-next-line\s+[\w-]+(?:\s*,\s*[\w-]+)*)/;

/**
 * Quick fixes for the findings under the cursor: each finding's own fixes (safe ones preferred),
 * suppressing it on its line or in the file, and opening its rule's documentation.
 */
export function codeActionsFor(input: CodeActionInput): CodeAction[] {
  const { only } = input.params.context;
  const fixAll = wantsFixAll(only) ? fixAllAction(input) : undefined;
  if (only && !only.some((kind) => kind === CodeActionKind.QuickFix || kind === CodeActionKind.Empty)) return fixAll ? [fixAll] : [];
  return [...quickFixes(input), ...(fixAll ? [fixAll] : [])];
}

/** Whether the client asks for the fix-all action: its kind, or a kind it is under (`source`, `source.fixAll`). */
export function wantsFixAll(only: readonly string[] | undefined): boolean {
  return only?.some((kind) => kind === FIX_ALL_KIND || FIX_ALL_KIND.startsWith(`${kind}.`)) === true;
}

/**
 * The safe fixes of the whole file as one edit — the ones `--fix` applies, chosen the same way —
 * leaving out fixes that edit other files: saving one file must not write to another.
 */
function fixAllAction(input: CodeActionInput): CodeAction | undefined {
  const { edits } = safeFixes(input.findings, (fix) => fix.edits.every((edit) => edit.file === input.fileName));
  const mine = edits.get(input.fileName);
  if (!mine?.length) return undefined;
  const textEdits = mine.map((edit) => ({ range: input.locator.range(edit), newText: edit.newText }));
  return { title: 'Fix all auto-fixable hotpath problems', kind: FIX_ALL_KIND, edit: workspaceEdit(input, new Map([[input.document.uri, textEdits]])) };
}

function quickFixes(input: CodeActionInput): CodeAction[] {
  const actions: CodeAction[] = [];
  const fileWide = new Set<string>();
  for (const { finding, diagnostic } of selectedFindings(input)) {
    for (const fix of finding.fixes ?? []) {
      const action = fixAction(input, fix, diagnostic);
      if (action) actions.push(action);
    }
    if (finding.ruleId === UNUSED_SUPPRESSION) {
      actions.push(removeDirectiveAction(input, diagnostic));
      continue;
    }
    actions.push(ignoreLineAction(input, finding.ruleId, diagnostic));
    if (fileWide.has(finding.ruleId)) continue;
    fileWide.add(finding.ruleId);
    actions.push(ignoreFileAction(input, finding.ruleId, diagnostic));
    actions.push({
      title: `Open the docs of ${finding.ruleId}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: `Open the docs of ${finding.ruleId}`, command: OPEN_DOCS_COMMAND, arguments: [finding.docsUrl] },
    });
  }
  return actions;
}

/**
 * The findings the client asks about: those of the hotpath diagnostics it sends back, or, when
 * it sends none of ours, those whose range touches the requested one.
 */
function selectedFindings(input: CodeActionInput): { finding: Finding; diagnostic: Diagnostic }[] {
  const { findings, locator, params } = input;
  const byKey = new Map(findings.map((finding) => [findingKey(finding), finding]));
  const sent = params.context.diagnostics.filter((diagnostic) => diagnostic.source === 'hotpath' && isFindingData(diagnostic.data));
  if (sent.length) {
    return sent.flatMap((diagnostic) => {
      const finding = isFindingData(diagnostic.data) ? byKey.get(diagnostic.data.key) : undefined;
      return finding ? [{ finding, diagnostic }] : [];
    });
  }
  return findings
    .map((finding) => ({ finding, diagnostic: toDiagnostic(finding, locator, input.uriOf) }))
    .filter(({ diagnostic }) => touches(diagnostic.range, params.range));
}

/**
 * A fix as a workspace edit. An edit into a file that does not exist yet (a new migration) creates
 * it, which only clients applying `documentChanges` can do: elsewhere such a fix is not offered.
 */
function fixAction(input: CodeActionInput, fix: Fix, diagnostic: Diagnostic): CodeAction | undefined {
  const byUri = new Map<string, TextEdit[]>();
  const created: { uri: string; text: string }[] = [];
  for (const edit of fix.edits) {
    const uri = input.uriOf(edit.file);
    if (!fs.existsSync(edit.file)) {
      created.push({ uri, text: edit.newText });
      continue;
    }
    byUri.set(uri, [...(byUri.get(uri) ?? []), { range: input.locator.range(edit), newText: edit.newText }]);
  }
  if (created.length && !input.versionedEdits) return undefined;
  const edit = workspaceEdit(input, byUri);
  if (created.length) {
    const start = { line: 0, character: 0 };
    edit.documentChanges = [
      ...created.flatMap(({ uri, text }) => [
        { kind: 'create' as const, uri, options: { ignoreIfExists: true } },
        { textDocument: { uri, version: null }, edits: [{ range: { start, end: start }, newText: text }] },
      ]),
      ...(edit.documentChanges ?? []),
    ];
  }
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.safety === 'safe', edit };
}

/** `// hotpath-ignore-next-line <rule> -- <reason>` above the finding's first line, or the rule added to a directive already there. */
function ignoreLineAction(input: CodeActionInput, ruleId: string, diagnostic: Diagnostic): CodeAction {
  const { document } = input;
  const line = diagnostic.range.start.line;
  const above = line > 0 ? lineText(document, line - 1) : '';
  const existing = NEXT_LINE_DIRECTIVE.exec(above)?.[1];
  let edit: TextEdit;
  if (existing !== undefined) {
    const position = { line: line - 1, character: existing.length };
    edit = { range: { start: position, end: position }, newText: `, ${ruleId}` };
  } else {
    const indentation = /^[ \t]*/.exec(lineText(document, line))?.[0] ?? '';
    const start = { line, character: 0 };
    edit = { range: { start, end: start }, newText: `${indentation}// hotpath-ignore-next-line ${ruleId} -- <reason>${eolOf(document)}` };
  }
  return {
    title: `Ignore this line (hotpath)`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: workspaceEdit(input, new Map([[document.uri, [edit]]])),
  };
}

/** `// hotpath-ignore-file <rule>` as the first line (after a shebang). */
function ignoreFileAction(input: CodeActionInput, ruleId: string, diagnostic: Diagnostic): CodeAction {
  const { document } = input;
  const line = lineText(document, 0).startsWith('#!') ? 1 : 0;
  const start = { line, character: 0 };
  const edit: TextEdit = { range: { start, end: start }, newText: `// hotpath-ignore-file ${ruleId}${eolOf(document)}` };
  return {
    title: `Ignore ${ruleId} in this file`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: workspaceEdit(input, new Map([[document.uri, [edit]]])),
  };
}

/** A directive that suppresses nothing: delete it, with its line when it stands alone. */
function removeDirectiveAction(input: CodeActionInput, diagnostic: Diagnostic): CodeAction {
  const { document } = input;
  const { start, end } = diagnostic.range;
  const aloneOnLine = start.line === end.line && lineText(document, start.line).trim() === document.getText(diagnostic.range).trim();
  const range: Range = aloneOnLine ? { start: { line: start.line, character: 0 }, end: { line: start.line + 1, character: 0 } } : diagnostic.range;
  return {
    title: 'Remove the unused hotpath-ignore comment',
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: true,
    edit: workspaceEdit(input, new Map([[document.uri, [{ range, newText: '' }]]])),
  };
}

function workspaceEdit(input: CodeActionInput, byUri: ReadonlyMap<string, TextEdit[]>): WorkspaceEdit {
  if (!input.versionedEdits) return { changes: Object.fromEntries(byUri) };
  return { documentChanges: [...byUri].map(([uri, edits]) => ({ textDocument: { uri, version: input.versionOf(uri) }, edits })) };
}

function lineText(document: TextDocument, line: number): string {
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

function eolOf(document: TextDocument): string {
  return document.getText().includes('\r\n') ? '\r\n' : '\n';
}

function touches(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']): boolean => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
