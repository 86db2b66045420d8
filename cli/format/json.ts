import type { JsonReport } from '../json-report';
import type { Report } from '../report';

export type { JsonFinding, JsonFix, JsonReport } from '../json-report';

export function formatJson(report: Report): string {
  return `${JSON.stringify(jsonReport(report), null, 2)}\n`;
}

/** The JSON report as a value: what `--format json` prints, `analyze()` returns and the MCP server's structured tool results are. */
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
