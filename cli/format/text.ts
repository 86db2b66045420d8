import { plural } from '../../rules/messages';
import type { Severity } from '../../core/findings';
import type { Totals } from '../json-report';
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

/** `--color`/`--no-color` first; else colour only on a terminal, never when NO_COLOR is set (https://no-color.org), always with FORCE_COLOR. */
export function styleFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv, forced?: boolean): Style {
  if (forced !== undefined) return forced ? COLOR : PLAIN;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return PLAIN;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return COLOR;
  return stream.isTTY ? COLOR : PLAIN;
}

function severityLabel(severity: Severity, style: Style): string {
  if (severity === 'error') return style.red('error');
  if (severity === 'warning') return style.yellow('warning');
  return style.blue('info');
}

/** The widest a code frame's line gets: a minified or generated one-line file is shown around the span only. */
export const FRAME_WIDTH = 160;
/** How a tab is shown in a code frame. */
const TAB = '  ';

/** A line as shown: tabs as two spaces; `column` (0-based, in the line's own characters) maps to where it is shown. */
function displayColumn(line: string, column: number): number {
  let tabs = 0;
  for (let index = line.indexOf('\t'); index !== -1 && index < column; index = line.indexOf('\t', index + 1)) tabs += 1;
  return column + tabs * (TAB.length - 1);
}

/**
 * Two lines of context before the findings (which share their lines), their lines with each span
 * underlined on a row of its own, each cut to `FRAME_WIDTH` around the first span.
 */
function codeFrame(run: readonly LocatedFinding[], style: Style, lines: readonly string[]): string[] {
  const located = run[0]!;
  const first = Math.max(1, located.start.line - 2);
  const last = Math.min(located.end.line, located.start.line + 2);
  const width = String(last).length;
  // One window for every line of the frame, so that they stay aligned: from a little before the span's start.
  const startLine = lines[located.start.line - 1] ?? '';
  const spanStart = displayColumn(startLine, located.start.column - 1);
  const window = spanStart + 20 > FRAME_WIDTH ? spanStart - 40 : 0;
  const cut = (text: string): string => {
    const shown = text.slice(window, window + FRAME_WIDTH);
    return `${window > 0 && text.length > window ? '…' : ''}${shown}${text.length > window + FRAME_WIDTH ? '…' : ''}`;
  };
  const lead = window > 0 ? 1 : 0;
  const out: string[] = [];
  for (let number = first; number <= last; number++) {
    const raw = lines[number - 1] ?? '';
    const text = raw.replace(/\t/g, TAB);
    const marked = number >= located.start.line && number <= located.end.line;
    out.push(`  ${marked ? style.red('>') : ' '} ${style.dim(String(number).padStart(width))} | ${cut(text)}`);
    if (!marked) continue;
    const underlines = new Set<string>();
    for (const span of run) {
      const from = Math.max(window, number === span.start.line ? displayColumn(raw, span.start.column - 1) : (/^\s*/.exec(text)?.[0].length ?? 0));
      const to = Math.min(window + FRAME_WIDTH, number === span.end.line ? displayColumn(raw, span.end.column - 1) : text.length);
      if (to > from) underlines.add(`    ${' '.repeat(width)} | ${' '.repeat(from - window + lead)}${style.red('^'.repeat(to - from))}`);
    }
    out.push(...underlines);
  }
  return out;
}

export function totalsOf(findings: readonly LocatedFinding[], files: number): Totals {
  const count = (severity: Severity): number => findings.filter((located) => located.finding.severity === severity).length;
  return { errors: count('error'), warnings: count('warning'), infos: count('info'), files };
}

/** Findings that have a safe fix: what `--fix` would change. */
export function fixableCount(findings: readonly LocatedFinding[]): number {
  return findings.filter((located) => located.fixes.some(({ fix }) => fix.safety === 'safe')).length;
}

/**
 * Findings grouped by file under a header line, each with its location, message and related
 * locations; one code frame for findings on the same lines; then each rule's docs link once, and
 * the summary.
 */
export function formatText(findings: readonly LocatedFinding[], totals: Totals, style: Style, notes: readonly string[] = []): string {
  const out: string[] = [];
  const byFile = new Map<string, LocatedFinding[]>();
  for (const located of findings) {
    const group = byFile.get(located.file);
    if (group) group.push(located);
    else byFile.set(located.file, [located]);
  }
  for (const [file, group] of byFile) {
    // Split once per file, not per finding: a 2 MB file with hundreds of findings.
    const lines = group[0]!.sourceText.split(/\r?\n/);
    out.push(`${style.bold(file)} ${style.dim(`(${plural(group.length, 'problem')})`)}`);
    for (const run of sameLines(group)) {
      for (const located of run) {
        const { finding } = located;
        // The full location on each finding keeps it clickable in terminals and editors.
        out.push(`  ${style.bold(`${located.file}:${located.start.line}:${located.start.column}`)} ${severityLabel(finding.severity, style)} ${style.dim(finding.ruleId)}`);
        out.push(`    ${finding.message}`);
        for (const related of located.related) out.push(`    ${style.dim('↳')} ${related.file}:${related.start.line}:${related.start.column} ${style.dim(related.message)}`);
      }
      out.push(...codeFrame(run, style, lines).map((line) => `  ${line}`), '');
    }
  }
  const docs = new Map(findings.map((located) => [located.finding.ruleId, located.finding.docsUrl]));
  if (docs.size) out.push(style.dim('Docs:'), ...[...docs].map(([ruleId, url]) => style.dim(`  ${ruleId}: ${url}`)), '');
  return `${[...out, ...summaryLines(totals, fixableCount(findings), style), ...notes.map((note) => style.dim(note))].join('\n')}\n`;
}

/**
 * Consecutive findings on the same lines, which one code frame shows: as long as they fit in the
 * frame cut around the first (a minified line with findings far apart gets a frame per stretch).
 */
function sameLines(group: readonly LocatedFinding[]): LocatedFinding[][] {
  const runs: LocatedFinding[][] = [];
  for (const located of group) {
    const last = runs.at(-1)?.[0];
    const fits = last !== undefined && (located.end.line > last.start.line || located.end.column <= last.start.column + FRAME_WIDTH - 60);
    if (last && last.start.line === located.start.line && last.end.line === located.end.line && fits) runs.at(-1)!.push(located);
    else runs.push([located]);
  }
  return runs;
}

/** `✖ 3 problems (1 error, 2 warnings) in 41 files.`, and how many `--fix` would fix. */
export function summaryLines(totals: Totals, fixable: number, style: Style): string[] {
  const problems = totals.errors + totals.warnings + totals.infos;
  const scanned = `in ${plural(totals.files, 'file')}`;
  if (problems === 0) return [style.green(`✔ No problems found ${scanned}.`)];
  const parts = [plural(totals.errors, 'error'), plural(totals.warnings, 'warning'), ...(totals.infos ? [plural(totals.infos, 'info')] : [])];
  const line = `✖ ${plural(problems, 'problem')} (${parts.join(', ')}) ${scanned}.`;
  return [totals.errors ? style.red(style.bold(line)) : style.yellow(style.bold(line)), ...(fixable ? [`${fixable} fixable with \`--fix\` (\`--fix-dry-run\` shows the diff).`] : [])];
}
