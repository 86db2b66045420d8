import ts from 'typescript';
import { docsUrl, type Finding, type Severity } from './findings';

export const UNUSED_SUPPRESSION = 'unused-suppression';

interface Directive {
  readonly scope: 'next-line' | 'file';
  /** Empty means every rule. */
  readonly ruleIds: readonly string[];
  readonly start: number;
  readonly end: number;
  /** Zero-based line the directive applies to (next-line only). */
  readonly line: number;
  used: boolean;
}

const DIRECTIVE = /(\/\/|\/\*)\s*hotpath-ignore-(next-line|file)\b([^\n]*?)(?:\*\/|$)/gm;

/**
 * Finds `hotpath-ignore-next-line` / `hotpath-ignore-file` comments: a comment that starts with the
 * directive, not look-alikes inside strings or prose that mentions one inside another comment.
 */
function parseDirectives(sourceFile: ts.SourceFile): Directive[] {
  const text = sourceFile.text;
  if (!text.includes('hotpath-ignore-')) return [];
  const directives: Directive[] = [];
  for (const match of text.matchAll(DIRECTIVE)) {
    const start = match.index;
    if (!commentStartsAt(sourceFile, start)) continue;
    const body = (match[3] ?? '').split(' -- ')[0] ?? '';
    const ruleIds = body.split(/[\s,]+/).filter((id) => id.length > 0);
    const line = sourceFile.getLineAndCharacterOfPosition(start).line + 1;
    directives.push({ scope: match[2] === 'file' ? 'file' : 'next-line', ruleIds, start, end: start + match[0].length, line, used: false });
  }
  return directives;
}

/** True when a comment starts at `offset`: in the trivia before a token, not inside a token (a string, a template) or another comment. */
function commentStartsAt(sourceFile: ts.SourceFile, offset: number): boolean {
  let node: ts.Node = sourceFile;
  for (;;) {
    const child: ts.Node | undefined = node.getChildren(sourceFile).find((candidate) => candidate.pos <= offset && offset < candidate.end);
    if (!child) return false;
    if (offset < child.getStart(sourceFile)) return (ts.getLeadingCommentRanges(sourceFile.text, child.pos) ?? []).some((comment) => comment.pos === offset);
    if (child.getChildCount(sourceFile) === 0) return false;
    node = child;
  }
}

/**
 * Drops findings that a directive suppresses, and reports directives that suppress nothing
 * (for rules that are enabled) so stale ones do not pile up.
 */
export function applySuppressions(
  sourceFile: ts.SourceFile,
  findings: readonly Finding[],
  rules: { readonly enabled: ReadonlySet<string>; readonly known: ReadonlySet<string> },
  unusedSeverity: Severity | 'off',
): Finding[] {
  const directives = parseDirectives(sourceFile);
  if (directives.length === 0) return [...findings];
  const kept = findings.filter((finding) => {
    const line = sourceFile.getLineAndCharacterOfPosition(finding.start).line;
    const directive = directives.find(
      (candidate) => (candidate.scope === 'file' || candidate.line === line) && (candidate.ruleIds.length === 0 || candidate.ruleIds.includes(finding.ruleId)),
    );
    if (!directive) return true;
    directive.used = true;
    return false;
  });
  if (unusedSeverity === 'off') return kept;
  for (const directive of directives) {
    if (directive.used) continue;
    // A directive for a rule switched off in the config is not stale: the rule may come back.
    if (directive.ruleIds.length > 0 && directive.ruleIds.every((id) => rules.known.has(id) && !rules.enabled.has(id))) continue;
    const unknown = directive.ruleIds.filter((id) => !rules.known.has(id));
    kept.push({
      ruleId: UNUSED_SUPPRESSION,
      file: sourceFile.fileName,
      start: directive.start,
      end: directive.end,
      severity: unusedSeverity,
      message: unknown.length
        ? `\`hotpath-ignore-${directive.scope}\` names unknown rule${unknown.length > 1 ? 's' : ''} ${unknown.map((id) => `\`${id}\``).join(', ')}.`
        : `\`hotpath-ignore-${directive.scope}${directive.ruleIds.length ? ` ${directive.ruleIds.join(', ')}` : ''}\` suppresses nothing here: remove it.`,
      docsUrl: docsUrl(UNUSED_SUPPRESSION),
    });
  }
  return kept;
}

