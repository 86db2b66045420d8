import type { Severity } from '../../core/findings';
import { fromRoot, type Report } from '../report';

const COMMANDS: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands: one annotation per finding, shown on the pull request's diff.
 * https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions
 */
export function formatGithub(report: Report): string {
  const { findings, failures } = report;
  // GitHub places annotations by the path from the repository root, wherever hotpath ran.
  const file = (reported: string): string => fromRoot(report, reported);
  const lines = findings.map((located) => {
    const { finding } = located;
    const properties: [string, string | number][] = [
      ['file', file(located.file)],
      ['line', located.start.line],
      ['endLine', located.end.line],
    ];
    // GitHub rejects columns on an annotation that spans several lines.
    if (located.start.line === located.end.line) properties.push(['col', located.start.column], ['endColumn', located.end.column]);
    properties.push(['title', `hotpath ${finding.ruleId}`]);
    const related = located.related.map((item) => `\n${file(item.file)}:${item.start.line}:${item.start.column} ${item.message}`).join('');
    return command(COMMANDS[finding.severity], properties, `${finding.message}${related}\n${finding.docsUrl}`);
  });
  for (const failure of failures) lines.push(command('error', [['file', file(failure.file)], ['title', `hotpath ${failure.ruleId} failed`]], failure.message));
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function command(name: string, properties: readonly [string, string | number][], message: string): string {
  return `::${name} ${properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',')}::${escapeData(message)}`;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
