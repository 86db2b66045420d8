import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../core/config';
import { discoverProjects } from '../core/discovery';
import { readBaseline } from '../core/baseline';
import type { RoleDecision } from '../core/file-roles';
import { changedLinesSince, repositoryRoot } from '../core/git';
import { findTsconfig, readTsconfig } from '../core/project';
import { prepareSql } from '../core/sql/parser';
import { ISSUES_URL } from '../core/findings';
import { VERSION } from '../core/version';
import { RULE_METAS } from '../rules';
import { analyzeTarget, reportedFindings, type AnalysisSettings } from './analyze';
import { unresolvedNote } from './install';
import { explainFindings, explainRequest } from './explain';
import { parseCliArgs, USAGE, UsageError, type CliOptions, type Format } from './args';
import { unifiedDiff } from './diff';
import { planFixes, writeFixes } from './fix';
import { formatGithub } from './format/github';
import { formatGitlab } from './format/gitlab';
import { formatJson } from './format/json';
import { formatJunit } from './format/junit';
import { formatSarif } from './format/sarif';
import { plural } from '../rules/messages';
import { formatText, styleFor, totalsOf, type Style } from './format/text';
import type { Totals } from './json-report';
import { displayPath } from './locate';
import { progressFor } from './progress';
import type { SchemaSummary } from '../rules/unindexed-sql/summary';
import type { Report, ReportedFinding, RuleFailureNote, SkippedFileNote } from './report';
import { applyBaseline, touchingChanges } from './select';

export interface CliEnvironment {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** How many findings make a first run worth a word on baselines. */
const ADOPTION_THRESHOLD = 20;

interface ProjectTarget {
  readonly tsconfig: string;
  /** Report only on these files; undefined for the whole project. */
  onlyFiles?: Set<string>;
  /** The command line's paths inside this project (files or folders), each of which must hold a file it lists. */
  given?: string[];
}

/** Runs the CLI and returns its exit code: 0 clean, 1 findings at error level (or too many warnings), 2 usage/config error. */
export async function main(argv: readonly string[], environment: CliEnvironment): Promise<number> {
  const { stdout, stderr } = environment;
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr.write(`hotpath: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.version) {
    stdout.write(`${VERSION}\n`);
    return 0;
  }
  try {
    return await run(options, environment);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError) {
      stderr.write(`hotpath: ${error.message}\n`);
      return 2;
    }
    stderr.write(`hotpath: internal error, please report it: ${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}

async function run(options: CliOptions, environment: CliEnvironment): Promise<number> {
  const outcome = await reportRun(options, environment);
  if (typeof outcome === 'number') return outcome;
  const { stdout, stderr } = environment;
  stdout.write(formatReport(outcome.report, options.format, styleFor(stdout, environment.env)));
  for (const line of outcome.afterReport) stderr.write(`hotpath: ${line}\n`);
  return exitCode(options, outcome.report.totals);
}

/** A run that got as far as its report. */
export interface ReportedRun {
  readonly report: Report;
  /** What stderr says once the report is written: notes (for machine-readable formats), warnings, skipped files, failed rules. */
  readonly afterReport: readonly string[];
}

/**
 * Everything a run does before it prints: the CLI prints the report, the programmatic API
 * (`cli/api.ts`) returns it. An exit code when the run ends before a report (nothing analysed,
 * `--fix-dry-run`).
 */
export async function reportRun(options: CliOptions, environment: CliEnvironment): Promise<ReportedRun | number> {
  const { cwd, stdout, stderr } = environment;
  const targets = projectTargets(options, cwd);
  // PostgreSQL's parser (WebAssembly) loads asynchronously; the analysis that uses it is synchronous.
  await prepareSql();
  // Asked before the analysis, so that a wrong ref, a bad baseline or database URL fails fast.
  const explain = explainRequest(options.explain, options.databaseUrl, environment.env);
  const changed = options.changedSince === undefined ? undefined : changedLinesSince(options.changedSince, cwd);
  const baselineFile = options.baseline === undefined ? undefined : path.resolve(cwd, options.baseline);
  if (baselineFile && fs.statSync(baselineFile, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--baseline ${options.baseline} is a folder: name the file, e.g. ${path.join(options.baseline!, 'hotpath-baseline.json')}`);
  }
  const recorded = baselineFile && !options.updateBaseline ? readBaseline(baselineFile) : undefined;
  const settings: AnalysisSettings = {
    cache: options.cache ? (options.cacheLocation ? path.resolve(cwd, options.cacheLocation) : 'default') : undefined,
    progress: progressFor(stderr, environment.env, options.format),
    cwd,
    root: repositoryRoot(cwd) ?? cwd,
  };
  const notes: string[] = [];
  // SARIF carries the safe fixes too (GitHub shows them as suggestions), JSON every fix.
  const reportsFixes = options.format === 'sarif' || options.format === 'json';
  let analysis = analyzeTargets(targets, options, settings, options.fix || options.fixDryRun || reportsFixes);
  // A run that checked nothing must not pass: CI would stay green over code nobody looked at.
  const unmatched = options.errorOnUnmatchedPattern ? unmatchedPaths(targets, analysis, cwd) : [];
  if (unmatched.length) {
    for (const line of unmatched) stderr.write(`hotpath: ${line}\n`);
    stderr.write('hotpath: --no-error-on-unmatched-pattern lets such a run pass.\n');
    return 2;
  }
  if (options.fix || options.fixDryRun) {
    // With --changed-since, only what the change introduced is fixed: a pull request stays about itself.
    const plan = planFixes((changed ? touchingChanges(analysis.findings, changed) : analysis.findings).map((located) => located.finding));
    for (const [file, reason] of plan.refused) stderr.write(`hotpath: not fixing ${displayPath(file, cwd)}: ${reason}\n`);
    const summary = `${plural(plan.applied, 'fix', 'fixes')} in ${plural(plan.files.size, 'file')}${plan.deferred ? ` (${plural(plan.deferred, 'overlapping fix', 'overlapping fixes')} left for another run)` : ''}`;
    if (options.fixDryRun) {
      stdout.write([...plan.files].map(([file, { before, after }]) => unifiedDiff(displayPath(file, cwd), before, after)).join(''));
      stderr.write(`hotpath: --fix would apply ${summary}.\n`);
      return exitCode(options, totalsOf(analysis.findings, analysis.files));
    }
    writeFixes(plan);
    notes.push(`Applied ${summary}.`);
    // What remains is what the fixed files now contain, summaries of their callers included.
    if (plan.files.size) analysis = analyzeTargets(targets, options, settings, reportsFixes);
  }
  let findings = analysis.findings;
  // Opt-in EXPLAIN confirms unindexed-sql findings (and drops refuted ones) before anything filters them.
  const explained = await explainFindings(findings, targets.map((target) => target.tsconfig), options.config && path.resolve(cwd, options.config), explain, cwd);
  findings = explained.findings;
  notes.push(...explained.notes);
  if (changed) findings = touchingChanges(findings, changed);
  let fixedSinceBaseline: number | undefined;
  if (baselineFile) {
    const outcome = applyBaseline(findings, baselineFile, options.updateBaseline, recorded);
    findings = outcome.findings;
    fixedSinceBaseline = outcome.fixed;
    stderr.write(`hotpath: ${outcome.note}\n`);
  }
  notes.push(...roleNotes(analysis.otherRoles, options));
  // What unindexed-sql read of each project's schema (or that it found none): said once per project, details with --explain.
  for (const summary of analysis.schemas) {
    notes.push(summary.note);
    if (options.explain || options.debug) for (const detail of summary.details) stderr.write(`hotpath: unindexed-sql: ${detail}\n`);
  }
  if (options.debug) for (const [file, decision] of analysis.otherRoles) stderr.write(`hotpath: ${displayPath(file, cwd)}: ${decision.role} (${decision.reason})\n`);
  const unresolvedLine = unresolvedNote(analysis.unresolved, targets[0] ? path.dirname(targets[0].tsconfig) : cwd);
  if (unresolvedLine) notes.unshift(unresolvedLine);
  // A library hotpath knows, obtained and never seen called: a blind spot, said once rather than a clean run.
  for (const [module, blind] of analysis.blind) {
    if (analysis.recognised.has(module)) continue;
    const why = options.debug || options.explain;
    notes.unshift(`${module} imported in ${plural(blind.files.size, 'file')}, no call into it recognised — please report (${ISSUES_URL})${why ? '' : '; --explain says why'}.`);
    if (why) stderr.write(`hotpath: ${module} unseen: ${[...blind.reasons].join('; ')}; imported in ${[...blind.files].map((file) => displayPath(file, cwd)).join(', ')}\n`);
  }
  const totals = totalsOf(findings, analysis.files);
  // Many findings on a first run: the way to adopt hotpath without fixing them all first.
  if (findings.length >= ADOPTION_THRESHOLD && !baselineFile && !changed) {
    notes.push(`To adopt hotpath here without fixing these first: \`hotpath --baseline hotpath-baseline.json --update-baseline\` records them, then \`--baseline hotpath-baseline.json\` reports only new ones.`);
  }
  const report: Report = { version: VERSION, cwd, root: settings.root, findings, totals, notes, failures: analysis.failures, skipped: analysis.skipped, fixedSinceBaseline };
  const afterReport = [
    // Machine-readable output stays parseable: notes for people go to stderr there.
    ...(options.format === 'text' ? [] : notes),
    ...analysis.warnings,
    ...analysis.skipped.map((skipped) => `skipped ${skipped.file}: ${skipped.reason} (the other files are analysed as usual)`),
    ...analysis.failures.map((failure) => `rule ${failure.ruleId} failed on ${failure.file}: ${failure.message} (other rules' findings are still reported)`),
  ];
  return { report, afterReport };
}

function exitCode(options: CliOptions, totals: Totals): number {
  if (options.exitZero) return 0;
  const tooManyWarnings = options.maxWarnings >= 0 && totals.warnings > options.maxWarnings;
  return totals.errors > 0 || tooManyWarnings ? 1 : 0;
}

function formatReport(report: Report, format: Format, style: Style): string {
  if (format === 'json') return formatJson(report);
  if (format === 'sarif') return formatSarif(report, RULE_METAS);
  if (format === 'github') return formatGithub(report);
  if (format === 'gitlab') return formatGitlab(report);
  if (format === 'junit') return formatJunit(report);
  return formatText(report.findings, report.totals, style, report.notes);
}

interface Analysis {
  readonly findings: readonly ReportedFinding[];
  /** How many files were reported on. */
  readonly files: number;
  readonly failures: readonly RuleFailureNote[];
  readonly skipped: readonly SkippedFileNote[];
  readonly warnings: readonly string[];
  readonly unresolved: ReadonlySet<string>;
  /** Libraries a project obtained clients of without recognising a call, by module: the files importing them and why. */
  readonly blind: ReadonlyMap<string, { readonly files: ReadonlySet<string>; readonly reasons: ReadonlySet<string> }>;
  /** Libraries some project recognised a call into: not blind, whatever another project saw. */
  readonly recognised: ReadonlySet<string>;
  /** Files decided to be tests or browser code, across projects. */
  readonly otherRoles: ReadonlyMap<string, RoleDecision>;
  /** What unindexed-sql read of each project's schema, one per distinct note. */
  readonly schemas: readonly SchemaSummary[];
}

/** What the run left out or ran fewer rules on, once each, so that nobody wonders where the findings went. */
function roleNotes(roles: ReadonlyMap<string, RoleDecision>, options: CliOptions): string[] {
  const count = (role: RoleDecision['role']): number => [...roles.values()].filter((decision) => decision.role === role).length;
  const tests = count('test');
  const scripts = count('script');
  const browser = count('browser');
  const serverOnly = RULE_METAS.filter((meta) => meta.serverOnly).map((meta) => meta.id);
  const more = options.debug ? '' : ' (--debug lists them)';
  return [
    ...(tests ? [`${plural(tests, 'test file')} not analysed${more}; --include-tests analyses them.`] : []),
    ...(scripts ? [`${plural(scripts, 'script')} (migrations, seeds, programs run by hand) not analysed${more}; --include-scripts analyses them.`] : []),
    ...(browser ? [`${plural(browser, 'file')} run in a browser: ${serverOnly.join(', ')} are not checked there${more}.`] : []),
  ];
}

function analyzeTargets(targets: readonly ProjectTarget[], options: CliOptions, settings: AnalysisSettings, withFixes: boolean): Analysis {
  const { cwd } = settings;
  const findings: ReportedFinding[] = [];
  const failures = new Map<string, RuleFailureNote>();
  const skipped = new Map<string, SkippedFileNote>();
  const warnings = new Set<string>();
  const skippedFiles = new Set<string>();
  const analysed = new Set<string>();
  const unresolved = new Set<string>();
  const blind = new Map<string, { files: Set<string>; reasons: Set<string> }>();
  const recognised = new Set<string>();
  const otherRoles = new Map<string, RoleDecision>();
  const schemas = new Map<string, SchemaSummary>();
  const owners = fileOwners(targets);
  for (const target of targets) {
    // One program per project, dropped before the next is built: memory stays bounded on monorepos.
    // A file is reported once: by the most specific project that lists it, else by the first that reaches it.
    const skipFiles = new Set(analysed);
    for (const [file, owner] of owners) if (owner !== target.tsconfig) skipFiles.add(file);
    const result = analyzeTarget(target.tsconfig, { configFile: options.config && path.resolve(cwd, options.config), onlyFiles: target.onlyFiles, skipFiles, withFixes, includeTests: options.includeTests, includeScripts: options.includeScripts }, settings);
    for (const file of result.files) analysed.add(file);
    for (const [file, decision] of result.otherRoles) {
      if (!skipFiles.has(file) && (!target.onlyFiles || target.onlyFiles.has(file))) otherRoles.set(file, decision);
    }
    for (const name of result.unresolvedPackages) unresolved.add(name);
    if (result.schema) schemas.set(result.schema.note, result.schema);
    for (const module of result.libraryUse.recognised) recognised.add(module);
    for (const library of result.libraryUse.unseen) {
      const known = blind.get(library.module) ?? { files: new Set<string>(), reasons: new Set<string>() };
      for (const file of library.files) known.files.add(file);
      known.reasons.add(library.reason);
      blind.set(library.module, known);
    }
    findings.push(...reportedFindings(result, cwd, settings.root, options.explain));
    for (const failure of result.failures) {
      const note = { ruleId: failure.ruleId, file: displayPath(failure.file, cwd), message: (failure.error as Error).message ?? String(failure.error) };
      failures.set(JSON.stringify(note), note);
    }
    for (const warning of result.warnings) warnings.add(warning);
    for (const { file, reason } of result.skipped) {
      if (skipFiles.has(file)) continue;
      skippedFiles.add(file);
      skipped.set(file, { file: displayPath(file, cwd), reason });
    }
  }
  settings.progress.clear();
  // A skipped file was not analysed: the count says how many were.
  const files = [...analysed].filter((file) => !skippedFiles.has(file)).length;
  return { findings, files, failures: [...failures.values()], skipped: [...skipped.values()], warnings: [...warnings], unresolved, blind, recognised, otherRoles, schemas: [...schemas.values()] };
}

/** Why the run analysed nothing, or what on the command line no project lists: one line each. */
function unmatchedPaths(targets: readonly ProjectTarget[], analysis: Analysis, cwd: string): string[] {
  const lines: string[] = [];
  const listedBy = new Map<string, ReadonlySet<string>>();
  const listed = (tsconfig: string): ReadonlySet<string> => {
    let files = listedBy.get(tsconfig);
    if (!files) listedBy.set(tsconfig, (files = new Set(readTsconfig(tsconfig).fileNames.map((file) => path.resolve(file)))));
    return files;
  };
  for (const target of targets) {
    const files = listed(target.tsconfig);
    for (const given of target.given ?? []) {
      const inside = `${given}${path.sep}`;
      if (files.has(given) || [...files].some((file) => file.startsWith(inside))) continue;
      lines.push(`${displayPath(given, cwd)} is not in the project: ${displayPath(target.tsconfig, cwd)} does not include it`);
    }
  }
  if (lines.length || analysis.files > 0) return lines;
  for (const target of targets) {
    if (listed(target.tsconfig).size === 0) lines.push(`nothing was analysed: ${displayPath(target.tsconfig, cwd)} lists no file (its include and files match nothing)`);
  }
  // Files left out as tests or scripts are named in the notes: the project was read as configured.
  return lines;
}

/** For each file listed by some project's tsconfig, the project whose folder is the deepest. */
function fileOwners(targets: readonly ProjectTarget[]): Map<string, string> {
  const owners = new Map<string, string>();
  if (targets.length < 2) return owners;
  const byDepth = [...targets].sort((a, b) => path.dirname(a.tsconfig).length - path.dirname(b.tsconfig).length);
  for (const target of byDepth) for (const file of readTsconfig(target.tsconfig).fileNames) owners.set(path.resolve(file), target.tsconfig);
  return owners;
}

/** Maps the command line's paths to projects: `--project`, or the nearest tsconfig.json of each path. */
function projectTargets(options: CliOptions, cwd: string): ProjectTarget[] {
  const paths = options.paths.map((item) => path.resolve(cwd, item));
  for (const item of paths) if (!fs.existsSync(item)) throw new UsageError(`no such file or directory: ${item}`);
  if (options.project) {
    const tsconfig = path.resolve(cwd, options.project);
    return [{ tsconfig, onlyFiles: paths.length ? filesUnder(paths) : undefined, given: paths }];
  }
  const targets = new Map<string, ProjectTarget>();
  for (const item of paths.length ? paths : [cwd]) {
    // A tsconfig given as a path means its whole project, as `--project` does.
    if (item.endsWith('.json') && fs.statSync(item).isFile()) {
      targets.set(item, { tsconfig: item });
      continue;
    }
    // A folder holding projects (a repository root, a workspace package) means all of them.
    const nested = fs.statSync(item).isDirectory() ? discoverProjects(item) : [];
    for (const tsconfig of nested) targets.set(tsconfig, { tsconfig });
    if (nested.length) continue;
    const tsconfig = findTsconfig(item);
    if (!tsconfig) throw new ConfigError(`no tsconfig.json found at or above ${item}: pass --project path/to/tsconfig.json`);
    const whole = path.dirname(tsconfig) === item;
    const target = targets.get(tsconfig) ?? { tsconfig, onlyFiles: new Set<string>() };
    if (whole) target.onlyFiles = undefined;
    else if (target.onlyFiles) for (const file of filesUnder([item])) target.onlyFiles.add(file);
    if (!whole) target.given = [...(target.given ?? []), item];
    targets.set(tsconfig, target);
  }
  return [...targets.values()];
}

function filesUnder(paths: readonly string[]): Set<string> {
  const files = new Set<string>();
  // Each real folder once: a symlink back up the tree (a loop) is not followed again.
  const visited = new Set<string>();
  const walk = (item: string): void => {
    // A dangling symlink (an editor's `.#file.ts` lock), a link loop or an unreadable entry is no source file.
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(item);
    } catch {
      return;
    }
    if (stat.isFile()) files.add(item);
    if (!stat.isDirectory() || path.basename(item) === 'node_modules') return;
    let real: string;
    let entries: string[];
    try {
      real = fs.realpathSync(item);
      entries = fs.readdirSync(item);
    } catch {
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    for (const entry of entries) walk(path.join(item, entry));
  };
  for (const item of paths) walk(item);
  return files;
}
