import crypto from 'node:crypto';
import path from 'node:path';
import ts from 'typescript';
import type { Finding } from './findings';
import { isFunctionLike } from './io-sites';
import { walkTree } from './walk';

/** The scheme's name: SARIF's `partialFingerprints` key, and what a baseline file records. */
export const FINGERPRINT_SCHEME = 'hotpath/v1';

/** A file's text, or its parsed form when a program already holds it (no second parse). */
export type FingerprintSource = ts.SourceFile | string;

const TYPESCRIPT_FILE = /\.(?:[cm]?[jt]sx?)$/i;

/**
 * One fingerprint per finding, in order, that survives unrelated edits: a hash of the rule, the
 * file (relative to `root`), the code of the span and the code of its enclosing function, with
 * whitespace and comments normalised away and no line numbers. Findings that share all of that
 * (the same call twice in one function) are told apart by their order of appearance: `<hash>:2`.
 */
export function fingerprintFindings(findings: readonly Finding[], sourceOf: (file: string) => FingerprintSource, root: string): string[] {
  const parsed = new Map<string, ts.SourceFile | string>();
  const parse = (file: string): ts.SourceFile | string => {
    let known = parsed.get(file);
    if (known === undefined) {
      const source = sourceOf(file);
      known = typeof source === 'string' && TYPESCRIPT_FILE.test(file) ? ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false) : source;
      parsed.set(file, known);
    }
    return known;
  };
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const hash = codeHash(finding, parse(finding.file), root);
    const ordinal = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, ordinal);
    return `${hash}:${ordinal}`;
  });
}

function codeHash(finding: Finding, source: ts.SourceFile | string, root: string): string {
  const relative = path.relative(root, finding.file).replace(/\\/g, '/');
  let span: string;
  let context: string;
  if (typeof source === 'string') {
    // Schema files and migrations: no syntax tree, the span's own text is the context.
    span = source.slice(finding.start, finding.end).replace(/\s+/g, ' ').trim();
    context = '';
  } else {
    span = normalisedCode(source, finding.start, finding.end);
    const enclosing = enclosingContext(source, finding.start, finding.end);
    context = normalisedCode(source, enclosing.getStart(source), enclosing.end);
  }
  return crypto.createHash('sha256').update([finding.ruleId, relative, span, context].join('\0')).digest('hex').slice(0, 32);
}

/** The innermost function around the span, else the top-level statement that holds it (parents may be unset). */
function enclosingContext(sourceFile: ts.SourceFile, start: number, end: number): ts.Node {
  const contains = (node: ts.Node): boolean => node.getStart(sourceFile) <= start && end <= node.end;
  const statement = sourceFile.statements.find(contains);
  if (!statement) return sourceFile;
  let found: ts.Node = statement;
  walkTree(statement, (node) => {
    if (!contains(node)) return false;
    if (isFunctionLike(node)) found = node;
    return true;
  });
  return found;
}

/** The tokens of a range joined by single spaces: layout and comments do not count. */
function normalisedCode(sourceFile: ts.SourceFile, start: number, end: number): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, sourceFile.languageVariant, sourceFile.text, undefined, start, Math.max(0, end - start));
  const tokens: string[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) tokens.push(scanner.getTokenText());
  return tokens.join(' ');
}
