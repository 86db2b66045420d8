import path from 'node:path';
import type { LocatedFinding } from './locate';
import type { Totals } from './json-report';

/** A finding as reported: located, and fingerprinted the way baselines and SARIF identify it across edits. */
export interface ReportedFinding extends LocatedFinding {
  readonly fingerprint: string;
  /** The file relative to the repository root, as baselines record it. */
  readonly fileFromRoot: string;
}

/** A path as reported (relative to `cwd`) made relative to the repository root. */
export function fromRoot(report: Pick<Report, 'cwd' | 'root'>, file: string): string {
  return path.relative(report.root, path.resolve(report.cwd, file)).replace(/\\/g, '/') || '.';
}

/** A rule that threw on a file: the run goes on, and reports say so. */
export interface RuleFailureNote {
  readonly ruleId: string;
  /** Relative to the working directory. */
  readonly file: string;
  readonly message: string;
}

/** A file the run left out (unreadable, unparsable, nested too deeply), and why. */
export interface SkippedFileNote {
  /** Relative to the working directory. */
  readonly file: string;
  readonly reason: string;
}

/** Everything a formatter prints, gathered over every project of the run. */
export interface Report {
  readonly version: string;
  /** The folder the findings' paths are relative to. */
  readonly cwd: string;
  /** The repository's top folder (else `cwd`): SARIF's `%SRCROOT%`, GitHub's `file=` and baselines name files from here. */
  readonly root: string;
  readonly findings: readonly ReportedFinding[];
  readonly totals: Totals;
  /** Extra lines for people (degraded analysis, fixes applied, baseline). */
  readonly notes: readonly string[];
  readonly failures: readonly RuleFailureNote[];
  readonly skipped: readonly SkippedFileNote[];
  /** Baseline entries no current finding matches; present only when a baseline is in use. */
  readonly fixedSinceBaseline?: number;
}
