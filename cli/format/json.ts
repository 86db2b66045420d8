import type { LocatedFinding } from '../locate';
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
  readonly related: readonly { file: string; line: number; column: number; endLine: number; endColumn: number; message: string }[];
}

export function formatJson(findings: readonly LocatedFinding[], totals: Totals, version: string): string {
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
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
