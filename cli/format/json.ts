import type { Report } from '../report';
import type { Totals } from './text';

/**
 * The JSON report (`--format json`). Its shape is versioned: fields are only ever added.
 * Offsets are UTF-16 code units; lines and columns are 1-based.
 */
export interface JsonReport {
  readonly version: 1;
  readonly tool: { readonly name: 'hotpath'; readonly version: string };
  readonly findings: readonly JsonFinding[];
  readonly summary: Totals;
  /** With `--baseline`: how many recorded findings no longer occur. */
  readonly fixedSinceBaseline?: number;
  /** Files left out (unreadable, unparsable, nested too deeply), and why; absent when none was. */
  readonly skipped?: readonly { readonly file: string; readonly reason: string }[];
}

export interface JsonFinding {
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly docsUrl: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly start: number;
  readonly end: number;
  /** Stable across unrelated edits (no line numbers): what `--baseline` records and SARIF's `partialFingerprints` carry. */
  readonly fingerprint: string;
  readonly related: readonly { file: string; line: number; column: number; endLine: number; endColumn: number; message: string }[];
  /** The finding's fixes, when it has any: `safe` ones are what `--fix` applies (the first of them), `unsafe` ones need review. */
  readonly fixes?: readonly JsonFix[];
}

export interface JsonFix {
  readonly title: string;
  readonly safety: 'safe' | 'unsafe';
  /** Replace [start, end) of `file` with `newText`; a file that does not exist yet is created. */
  readonly edits: readonly { file: string; line: number; column: number; endLine: number; endColumn: number; start: number; end: number; newText: string }[];
}

export function formatJson(report: Report): string {
  return `${JSON.stringify(jsonReport(report), null, 2)}\n`;
}

/** The JSON report as a value (the MCP server's structured tool results are this too). */
export function jsonReport({ findings, totals, version, fixedSinceBaseline, skipped }: Report): JsonReport {
  return {
    version: 1,
    tool: { name: 'hotpath', version },
    findings: findings.map((located) => ({
      ruleId: located.finding.ruleId,
      severity: located.finding.severity,
      message: located.finding.message,
      docsUrl: located.finding.docsUrl,
      file: located.file,
      line: located.start.line,
      column: located.start.column,
      endLine: located.end.line,
      endColumn: located.end.column,
      start: located.finding.start,
      end: located.finding.end,
      fingerprint: located.fingerprint,
      related: located.related.map((related) => ({
        file: related.file,
        line: related.start.line,
        column: related.start.column,
        endLine: related.end.line,
        endColumn: related.end.column,
        message: related.message,
      })),
      ...(located.fixes.length
        ? {
            fixes: located.fixes.map(({ fix, edits }) => ({
              title: fix.title,
              safety: fix.safety,
              edits: edits.map((edit, index) => ({
                file: edit.file,
                line: edit.start.line,
                column: edit.start.column,
                endLine: edit.end.line,
                endColumn: edit.end.column,
                start: fix.edits[index]!.start,
                end: fix.edits[index]!.end,
                newText: edit.newText,
              })),
            })),
          }
        : {}),
    })),
    summary: totals,
    ...(fixedSinceBaseline === undefined ? {} : { fixedSinceBaseline }),
    ...(skipped.length ? { skipped } : {}),
  };
}
