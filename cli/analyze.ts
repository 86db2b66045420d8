import path from 'node:path';
import { libraryUse, type LibraryUse } from '../core/blind';
import { analyzeProjectCached, defaultCacheDirectory } from '../core/cache';
import type { RuleFailure, SkippedFile } from '../core/analyzer';
import { fingerprintFindings } from '../core/fingerprint';
import { compareFindings, type Finding } from '../core/findings';
import type { RoleDecision } from '../core/file-roles';
import type { ResolvedConfig } from '../core/config';
import { analyzeProjectAt, type ProjectRunOptions } from '../core/run';
import { schemaSummary, type SchemaSummary } from '../rules/unindexed-sql/summary';
import { displayPath, locate, SourceTexts } from './locate';
import type { Progress } from './progress';
import type { ReportedFinding } from './report';

export interface AnalysisSettings {
  /** `'default'` (under the project's node_modules/.cache), a folder, or undefined for no cache. */
  readonly cache?: string;
  readonly progress: Progress;
  readonly cwd: string;
  /** The repository's top folder (else `cwd`): fingerprints are computed from it. */
  readonly root: string;
  /** `--debug`: one line on stderr. */
  readonly debug?: (line: string) => void;
  /** `--stdin`: the text standing for a file's content. */
  readonly overrides?: ReadonlyMap<string, string>;
}

/** One project's results, the same whether they came from the cache or a fresh analysis. */
export interface TargetRun {
  readonly findings: readonly Finding[];
  /** The files reported on (absolute paths). */
  readonly files: readonly string[];
  readonly failures: readonly RuleFailure[];
  readonly skipped: readonly SkippedFile[];
  /** What was missing from the tsconfig and what the run did instead. */
  readonly warnings: readonly string[];
  readonly unresolvedPackages: readonly string[];
  readonly libraryUse: LibraryUse;
  /** Project files that are tests or browser code, and why. */
  readonly otherRoles: ReadonlyMap<string, RoleDecision>;
  readonly texts: SourceTexts;
  /** What unindexed-sql read of the schema, when the project uses an SQL library and the rule is on. */
  readonly schema?: SchemaSummary;
  /** The hotpath.json that applied; undefined for the defaults. */
  readonly configFile?: string;
}

/** Analyses one project, through the cache when asked. */
export function analyzeTarget(tsconfig: string, options: ProjectRunOptions, settings: AnalysisSettings): TargetRun {
  const label = displayPath(path.dirname(path.resolve(tsconfig)), settings.cwd);
  const onProgress = (done: number, total: number): void => settings.progress.update(label, done, total);
  if (settings.cache) {
    const directory = settings.cache === 'default' ? defaultCacheDirectory(tsconfig) : settings.cache;
    const run = analyzeProjectCached(tsconfig, { ...options, directory, onProgress });
    return { ...run, texts: new SourceTexts(run.program, run.texts), configFile: run.config.file, ...summaryOf(run.config, run.libraryUse) };
  }
  const run = analyzeProjectAt(tsconfig, { ...options, onProgress });
  const use = libraryUse(run.analyzer);
  return {
    findings: run.findings,
    files: run.files.map((file) => path.resolve(file.fileName)),
    failures: run.analyzer.failures,
    skipped: run.analyzer.skipped,
    warnings: run.warnings,
    unresolvedPackages: run.analyzer.unresolvedPackages(),
    libraryUse: use,
    otherRoles: run.analyzer.otherRoles(),
    texts: new SourceTexts(run.program),
    configFile: run.config.file,
    ...summaryOf(run.config, use),
  };
}

/** The schema summary of a project whose unindexed-sql is on, from the libraries it imports. */
function summaryOf(config: ResolvedConfig, use: LibraryUse): { schema?: SchemaSummary } {
  if (config.rules.get('unindexed-sql')?.severity === 'off') return {};
  const schema = schemaSummary(config, [...use.recognised, ...use.unseen.map((library) => library.module)]);
  return schema ? { schema } : {};
}

/** A project's findings in report order, with lines, columns and fingerprints (paths relative to `cwd`). */
export function reportedFindings(run: Pick<TargetRun, 'findings' | 'texts'>, cwd: string, root: string, explain = false): ReportedFinding[] {
  // `--explain` says which findings rest on an import whose typings were missing.
  const findings = [...run.findings].sort(compareFindings).map((finding) => (explain && finding.inference ? { ...finding, related: [...(finding.related ?? []), finding.inference] } : finding));
  // From the repository root: the same fingerprints whether hotpath runs there with -p or in a subfolder.
  const fingerprints = fingerprintFindings(findings, (file) => run.texts.source(file), root);
  return findings.map((finding, index) => ({ ...locate(finding, run.texts, cwd), fingerprint: fingerprints[index]!, fileFromRoot: displayPath(finding.file, root) }));
}
