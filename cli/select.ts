import { compareWithBaseline, readBaseline, writeBaseline, type BaselineEntry } from '../core/baseline';
import { realPath, type ChangedLines } from '../core/git';
import { plural as count } from '../rules/messages';
import type { LocatedRange } from './locate';
import type { ReportedFinding } from './report';

/**
 * Findings that touch changed lines: on a changed line, or with a related location on one (the
 * cause moved into the change: a helper called in a loop started doing I/O).
 */
export function touchingChanges(findings: readonly ReportedFinding[], changed: ChangedLines): ReportedFinding[] {
  const real = new Map<string, string>();
  const realOf = (file: string): string => {
    let known = real.get(file);
    if (known === undefined) real.set(file, (known = realPath(file)));
    return known;
  };
  return findings.filter((located) => {
    const ranges: [string, LocatedRange][] = [[located.finding.file, located], ...located.related.map((related, index): [string, LocatedRange] => [located.finding.related![index]!.file, related])];
    return ranges.some(([file, range]) => touches(changed.get(realOf(file)), range));
  });
}

function touches(lines: ReadonlySet<number> | 'all' | undefined, range: LocatedRange): boolean {
  if (lines === undefined) return false;
  if (lines === 'all') return true;
  for (let line = range.start.line; line <= range.end.line; line++) if (lines.has(line)) return true;
  return false;
}

export interface BaselineOutcome {
  readonly findings: ReportedFinding[];
  readonly fixed: number;
  readonly note: string;
}

/**
 * `--baseline`: keeps the findings the baseline does not hold and counts its entries that no
 * longer occur. With `--update-baseline`, records the current findings instead (which prunes the
 * fixed entries) and reports nothing as new. `recorded` is the baseline when it was read already.
 */
export function applyBaseline(findings: readonly ReportedFinding[], file: string, update: boolean, recorded = update ? undefined : readBaseline(file)): BaselineOutcome {
  const entries: BaselineEntry[] = findings.map((located) => ({ file: located.fileFromRoot, ruleId: located.finding.ruleId, fingerprint: located.fingerprint }));
  if (update) {
    let fixed = 0;
    try {
      fixed = compareWithBaseline(findings, readBaseline(file)).fixed.length;
    } catch {
      // No baseline yet (or an outdated one): this run creates it.
    }
    writeBaseline(file, entries);
    return { findings: [], fixed, note: `Baseline ${file} updated: ${count(entries.length, 'finding')} recorded${fixed ? `, ${count(fixed, 'fixed entry', 'fixed entries')} pruned` : ''}.` };
  }
  const { fresh, fixed } = compareWithBaseline(findings, recorded ?? readBaseline(file));
  const held = findings.length - fresh.length;
  const parts = [`${count(held, 'known finding')} in the baseline not reported`, ...(fixed.length ? [`${count(fixed.length, 'baseline entry', 'baseline entries')} no longer found (fixed): run with --update-baseline to prune`] : [])];
  return { findings: fresh, fixed: fixed.length, note: `Baseline ${file}: ${parts.join('; ')}.` };
}

