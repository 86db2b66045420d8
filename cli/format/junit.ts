import { fromRoot, type Report, type ReportedFinding } from '../report';

/**
 * JUnit XML, as CI servers read test reports (GitLab `artifacts:reports:junit`, Jenkins, Azure
 * Pipelines): one testsuite per file with findings, one failing testcase per finding, and one
 * testcase with an error per rule that failed on a file. Paths are from the repository root.
 */
export function formatJunit(report: Report): string {
  const byFile = new Map<string, ReportedFinding[]>();
  for (const located of report.findings) byFile.set(located.fileFromRoot, [...(byFile.get(located.fileFromRoot) ?? []), located]);
  const suites: string[] = [];
  for (const [file, findings] of byFile) {
    const cases = findings.map((located) => {
      const { finding } = located;
      const where = `${file}:${located.start.line}:${located.start.column}`;
      const related = located.related.map((item) => `\n↳ ${fromRoot(report, item.file)}:${item.start.line}:${item.start.column} ${item.message}`).join('');
      const body = `${where} ${finding.severity} ${finding.ruleId}\n${finding.message}${related}\n${finding.docsUrl}`;
      return (
        `    <testcase ${attributes({ classname: file, name: `${finding.ruleId} at ${located.start.line}:${located.start.column}`, file, line: located.start.line })}>\n` +
        `      <failure ${attributes({ type: finding.severity, message: finding.message })}>${text(body)}</failure>\n` +
        `    </testcase>`
      );
    });
    suites.push(suite(file, cases.length, 0, cases));
  }
  const failures = report.failures.map((failure) => {
    const file = fromRoot(report, failure.file);
    return `    <testcase ${attributes({ classname: file, name: `${failure.ruleId} failed`, file })}>\n      <error ${attributes({ type: 'rule failure', message: failure.message })}>${text(`rule ${failure.ruleId} failed on ${file}: ${failure.message}`)}</error>\n    </testcase>`;
  });
  if (failures.length) suites.push(suite('hotpath rule failures', 0, failures.length, failures));
  const counts = attributes({ name: 'hotpath', tests: report.findings.length + failures.length, failures: report.findings.length, errors: failures.length });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ${counts}>\n${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`;
}

function suite(name: string, failures: number, errors: number, cases: readonly string[]): string {
  return `  <testsuite ${attributes({ name, tests: cases.length, failures, errors })}>\n${cases.join('\n')}\n  </testsuite>`;
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}="${text(String(value)).replace(/"/g, '&quot;').replace(/\n/g, '&#10;')}"`)
    .join(' ');
}

/** Character data: markup escaped, and the control characters XML 1.0 cannot hold (even as references) dropped. */
function text(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
