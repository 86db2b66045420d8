import { plural } from '../../rules/messages';
import type { Severity } from '../../core/findings';
import type { LocatedFinding } from '../locate';

export interface Style {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly blue: (text: string) => string;
  readonly green: (text: string) => string;
}

const code = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
export const COLOR: Style = { bold: code(1, 22), dim: code(2, 22), red: code(31, 39), yellow: code(33, 39), blue: code(34, 39), green: code(32, 39) };
const identity = (text: string): string => text;
export const PLAIN: Style = { bold: identity, dim: identity, red: identity, yellow: identity, blue: identity, green: identity };

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function styleFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): Style {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return PLAIN;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return COLOR;
  return stream.isTTY ? COLOR : PLAIN;
}

function severityLabel(severity: Severity, style: Style): string {
  if (severity === 'error') return style.red('error');
  if (severity === 'warning') return style.yellow('warning');
  return style.blue('info');
}

/** Two lines of context before the finding, its lines with the span underlined. */
function codeFrame(located: LocatedFinding, style: Style): string[] {
  const lines = located.sourceText.split(/\r?\n/);
  const first = Math.max(1, located.start.line - 2);
  const last = Math.min(located.end.line, located.start.line + 2);
  const width = String(last).length;
  const out: string[] = [];
  for (let number = first; number <= last; number++) {
    const text = (lines[number - 1] ?? '').replace(/\t/g, '  ');
    const marked = number >= located.start.line && number <= located.end.line;
    out.push(`  ${marked ? style.red('>') : ' '} ${style.dim(String(number).padStart(width))} | ${text}`);
    if (!marked) continue;
    const from = number === located.start.line ? located.start.column - 1 : (/^\s*/.exec(text)?.[0].length ?? 0);
    const to = number === located.end.line ? located.end.column - 1 : text.length;
    if (to > from) out.push(`    ${' '.repeat(width)} | ${' '.repeat(from)}${style.red('^'.repeat(to - from))}`);
  }
  return out;
}

export interface Totals {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly files: number;
}

export function totalsOf(findings: readonly LocatedFinding[], files: number): Totals {
  const count = (severity: Severity): number => findings.filter((located) => located.finding.severity === severity).length;
  return { errors: count('error'), warnings: count('warning'), infos: count('info'), files };
}

/** Findings grouped by file under a header line, each with a code frame and related locations, then a summary line. */
export function formatText(findings: readonly LocatedFinding[], totals: Totals, style: Style, notes: readonly string[] = []): string {
  const out: string[] = [];
  const byFile = new Map<string, LocatedFinding[]>();
  for (const located of findings) byFile.set(located.file, [...(byFile.get(located.file) ?? []), located]);
  for (const [file, group] of byFile) {
    out.push(`${style.bold(file)} ${style.dim(`(${plural(group.length, 'problem')})`)}`);
    for (const located of group) {
      const { finding } = located;
      // The full location on each finding keeps it clickable in terminals and editors.
      out.push(`  ${style.bold(`${located.file}:${located.start.line}:${located.start.column}`)} ${severityLabel(finding.severity, style)} ${style.dim(finding.ruleId)}`);
      out.push(`    ${finding.message}`);
      out.push(...codeFrame(located, style).map((line) => `  ${line}`));
      for (const related of located.related) out.push(`    ${style.dim('↳')} ${related.file}:${related.start.line}:${related.start.column} ${style.dim(related.message)}`);
      out.push(`    ${style.dim(`docs: ${finding.docsUrl}`)}`, '');
    }
  }
  const problems = totals.errors + totals.warnings + totals.infos;
  const scanned = `in ${plural(totals.files, 'file')}`;
  if (problems === 0) {
    out.push(style.green(`✔ No problems found ${scanned}.`));
  } else {
    const parts = [plural(totals.errors, 'error'), plural(totals.warnings, 'warning'), ...(totals.infos ? [plural(totals.infos, 'info')] : [])];
    const line = `✖ ${plural(problems, 'problem')} (${parts.join(', ')}) ${scanned}.`;
    out.push(totals.errors ? style.red(style.bold(line)) : style.yellow(style.bold(line)));
  }
  out.push(...notes.map((note) => style.dim(note)));
  return `${out.join('\n')}\n`;
}
