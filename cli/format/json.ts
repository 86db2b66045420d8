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
}

export function formatJson({ findings, totals, version, fixedSinceBaseline, skipped }: Report): string {
  const report: JsonReport = {
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
    })),
    summary: totals,
    ...(fixedSinceBaseline === undefined ? {} : { fixedSinceBaseline }),
    ...(skipped.length ? { skipped } : {}),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
