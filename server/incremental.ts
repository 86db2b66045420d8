import ts from 'typescript';
import type { Analyzer, AnalyzeFileOptions } from '../core/analyzer';
import { compareFindings, type Finding, type Span } from '../core/findings';
import { someNode } from '../core/dataflow';
import { isFunctionLike, type FunctionLike } from '../core/io-sites';
import { walkTree } from '../core/walk';

/**
 * Editing one function of a large file should not cost a type check of the whole file: a fresh
 * checker per program makes `analyzeFile` on a 2,000-line file take hundreds of milliseconds,
 * while the edited function alone takes a few. When an edit stays inside one function's body and
 * nothing else in the program changed, the findings of every other top-level statement are those
 * of the previous version (shifted past the edit), and only the statement holding the function is
 * analysed again. Anything that could make that unsound falls back to a full analysis.
 */

/** What the analysis of one version of a file leaves for the next edit. */
export interface AnalysedVersion {
  readonly text: string;
  readonly findings: readonly Finding[];
  readonly program: ts.Program;
  readonly analyzer: Analyzer;
  /** Each top-level statement as [start, end). */
  readonly statements: readonly (readonly [number, number])[];
  /** What other statements see of the last edited function (summary, inferred return type), by its start. */
  readonly interfaces: ReadonlyMap<number, string>;
}

/** The outcome of an incremental attempt: findings, or why a full analysis is needed. */
export type IncrementalResult = { readonly findings: Finding[]; readonly version: AnalysedVersion } | { readonly fallback: string };

export function recordFullAnalysis(analyzer: Analyzer, sourceFile: ts.SourceFile, findings: readonly Finding[], previous: AnalysedVersion | undefined): AnalysedVersion {
  // The function edited last is likely edited next: remember what others see of it, so the next keystroke can be incremental.
  const edited = previous && editedFunction(previous.text, sourceFile);
  const interfaces = new Map<number, string>();
  if (edited) interfaces.set(edited.getStart(sourceFile), interfaceOf(analyzer, edited));
  return { text: sourceFile.text, findings, program: analyzer.program, analyzer, statements: statementRanges(sourceFile), interfaces };
}

/**
 * The findings of `sourceFile` from those of `previous` and a new analysis of the top-level
 * statement the edit is in; a fallback reason when that would not be exactly a full analysis.
 */
export function analyseIncrementally(analyzer: Analyzer, sourceFile: ts.SourceFile, previous: AnalysedVersion, options: AnalyzeFileOptions): IncrementalResult {
  const text = sourceFile.text;
  if (analyzer.config !== previous.analyzer.config) return { fallback: 'config changed' };
  if (!onlyThisFileChanged(previous.program, analyzer.program, sourceFile.fileName)) return { fallback: 'other files changed' };
  // Suppression comments act across statements (and are reported when unused): keep them exact.
  if (text.includes('hotpath-ignore-')) return { fallback: 'suppression comments' };
  const change = textChange(previous.text, text);
  if (!change) return { findings: [...previous.findings], version: { ...previous, program: analyzer.program, analyzer } };
  const edit = { ...change, delta: change.newEnd - change.oldEnd };
  const statements = statementRanges(sourceFile);
  const index = statements.findIndex(([start, end]) => start <= edit.start && edit.newEnd <= end);
  const statement = sourceFile.statements[index];
  if (!statement || !sameOutside(previous.statements, statements, index, edit.delta)) return { fallback: 'statements moved' };
  const fn = outermostFunctionAround(statement, edit.start, edit.newEnd, sourceFile);
  if (!fn) return { fallback: 'edit outside a function body' };
  if (awaitsAtTopLevel(statement)) return { fallback: 'top-level await' };
  const key = fn.getStart(sourceFile);
  const name = nameOf(fn);
  const [statementStart, statementEnd] = statements[index]!;
  const interfaces = new Map<number, string>();
  if (name && mentionedOutside(text, name, statementStart, statementEnd)) {
    const before = previous.interfaces.get(key);
    const after = interfaceOf(analyzer, fn);
    interfaces.set(key, after);
    if (before !== after) return { fallback: before === undefined ? 'first edit of a function used elsewhere' : 'what callers see changed' };
  }
  const oldEnd = statementEnd - edit.delta;
  const kept: Finding[] = [];
  for (const finding of previous.findings) {
    if (finding.start >= statementStart && finding.end <= oldEnd) continue;
    const inside = (span: Span): boolean => span.file === sourceFile.fileName && span.end > statementStart && span.start < oldEnd;
    if (inside(finding) || finding.related?.some(inside) || finding.fixes?.some((fix) => fix.edits.some(inside))) return { fallback: 'a finding elsewhere points into the edited statement' };
    kept.push(shifted(finding, sourceFile.fileName, oldEnd, edit.delta));
  }
  const fresh = analyzer.analyzeFile(withStatements(sourceFile, [statement]), options).filter((finding) => finding.start >= statementStart && finding.end <= statementEnd);
  const findings = [...kept, ...fresh].sort(compareFindings);
  return { findings, version: { text, findings, program: analyzer.program, analyzer, statements, interfaces } };
}

/** The program differs from the previous one in this file only (same files, same objects). */
function onlyThisFileChanged(before: ts.Program, after: ts.Program, fileName: string): boolean {
  const old = before.getSourceFiles();
  const now = after.getSourceFiles();
  if (old.length !== now.length) return false;
  return now.every((sourceFile, index) => sourceFile === old[index] || (sourceFile.fileName === fileName && old[index]?.fileName === fileName));
}

/** The one span two texts differ in: the common prefix and suffix left out. */
export interface TextChange {
  readonly start: number;
  /** End of the replaced text in the old version. */
  readonly oldEnd: number;
  /** End of the replacing text in the new version. */
  readonly newEnd: number;
}

export function textChange(before: string, after: string): TextChange | undefined {
  if (before === after) return undefined;
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start: prefix, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

function statementRanges(sourceFile: ts.SourceFile): [number, number][] {
  return sourceFile.statements.map((statement) => [statement.getStart(sourceFile), statement.end]);
}

/** Every statement but the edited one parsed as before (those after it moved by the edit's length). */
function sameOutside(before: readonly (readonly [number, number])[], after: readonly (readonly [number, number])[], edited: number, delta: number): boolean {
  if (before.length !== after.length) return false;
  return after.every(([start, end], index) => {
    const [oldStart, oldEnd] = before[index]!;
    if (index < edited) return start === oldStart && end === oldEnd;
    if (index === edited) return start === oldStart && end === oldEnd + delta;
    return start === oldStart + delta && end === oldEnd + delta;
  });
}

/** The outermost function in `statement` whose body strictly contains [start, end). */
function outermostFunctionAround(statement: ts.Statement, start: number, end: number, sourceFile: ts.SourceFile): FunctionLike | undefined {
  let found: FunctionLike | undefined;
  walkTree(statement, (node) => {
    if (found || node.getStart(sourceFile) > start || node.end < end) return false;
    if (isFunctionLike(node) && node.body && ts.isBlock(node.body) && node.body.getStart(sourceFile) < start && end < node.body.end) {
      found = node;
      return false;
    }
    return true;
  });
  return found;
}

/** An `await` outside any function: the statement may group with its neighbours (top-level sequential awaits). */
function awaitsAtTopLevel(statement: ts.Statement): boolean {
  return someNode(statement, (node) => ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier !== undefined), isFunctionLike);
}

/** The name other code calls a function by: its own, its variable's, its method's. */
function nameOf(fn: FunctionLike): string | undefined {
  if (ts.isConstructorDeclaration(fn)) return 'constructor';
  if (fn.name && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name) || ts.isStringLiteral(fn.name))) return fn.name.text;
  const parent = fn.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

/** A whole-word occurrence of `name` outside [start, end): conservative, since text is all that is needed. */
function mentionedOutside(text: string, name: string, start: number, end: number): boolean {
  const word = /[\w$]/;
  for (let index = text.indexOf(name); index !== -1; index = text.indexOf(name, index + 1)) {
    if (index >= start && index < end) continue;
    if (!word.test(text[index - 1] ?? '') && !word.test(text[index + name.length] ?? '')) return true;
  }
  return false;
}

/** What code outside a function depends on: the I/O its summary reports and, unless declared, its return type. */
function interfaceOf(analyzer: Analyzer, fn: FunctionLike): string {
  const summary = analyzer.io.summaryOf(fn);
  const checker = analyzer.program.getTypeChecker();
  const signature = fn.type ? undefined : checker.getSignatureFromDeclaration(fn);
  const returns = signature ? checker.typeToString(checker.getReturnTypeOfSignature(signature), fn, ts.TypeFormatFlags.NoTruncation) : '';
  const traces = summary.traces.map(({ io, path, onlyIf }) =>
    [io.library, io.kind, io.operation, io.member, io.batch ?? '', onlyIf ? `if ${onlyIf.parameter}.${onlyIf.property ?? ''} ${onlyIf.test} ${onlyIf.absentFails}` : '', ...path].join(' '),
  );
  return JSON.stringify([returns, summary.sleeps, traces]);
}

/** The function of the previous version's edit, found again in the new tree (for the first keystroke after a full analysis). */
function editedFunction(previousText: string, sourceFile: ts.SourceFile): FunctionLike | undefined {
  const edit = textChange(previousText, sourceFile.text);
  if (!edit) return undefined;
  const statement = sourceFile.statements.find((candidate) => candidate.getStart(sourceFile) <= edit.start && edit.newEnd <= candidate.end);
  return statement && outermostFunctionAround(statement, edit.start, edit.newEnd, sourceFile);
}

/** A finding from after the edited statement moves with the text; one before it stays. */
function shifted(finding: Finding, fileName: string, after: number, delta: number): Finding {
  if (delta === 0) return finding;
  const move = <T extends Span>(span: T): T => (span.file === fileName && span.start >= after ? { ...span, start: span.start + delta, end: span.end + delta } : span);
  return {
    ...move(finding),
    ...(finding.related ? { related: finding.related.map(move) } : {}),
    ...(finding.fixes ? { fixes: finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map(move) })) } : {}),
  };
}

/**
 * The file as the analyzer should walk it for one statement: the same source file (text, line
 * map, nodes, checker) with only that statement listed. The analyzer walks from the node it is
 * given, so the rules see the edited statement and nothing else.
 */
function withStatements(sourceFile: ts.SourceFile, statements: readonly ts.Statement[]): ts.SourceFile {
  return Object.create(sourceFile, { statements: { value: ts.factory.createNodeArray(statements) } }) as ts.SourceFile;
}
