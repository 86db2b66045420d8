import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../core/config';
import { discoverProjects } from '../core/discovery';
import { readBaseline } from '../core/baseline';
import type { RoleDecision } from '../core/file-roles';
import { changedLinesSince, repositoryRoot } from '../core/git';
import { findTsconfig, readTsconfig } from '../core/project';
import { resolveConfig } from '../core/run';
import { prepareSql } from '../core/sql/parser';
import { ISSUES_URL } from '../core/findings';
import { VERSION } from '../core/version';
import { RULE_METAS } from '../rules';
import { analyzeTarget, reportedFindings, type AnalysisSettings } from './analyze';
import { unresolvedNote } from './install';
import { explainFindings, explainRequest } from './explain';
import { answerWithoutEngine, parseCliArgs, UsageError, type CliOptions, type Format } from './args';
import { unifiedDiff } from './diff';
import { init } from './init';
import { planFixes, writeFixes } from './fix';
import { formatGithub } from './format/github';
import { formatGitlab } from './format/gitlab';
import { formatJson } from './format/json';
import { formatJunit } from './format/junit';
import { formatSarif } from './format/sarif';
import { plural } from '../rules/messages';
import { fixableCount, formatText, PLAIN, styleFor, summaryLines, totalsOf, type Style } from './format/text';
import type { Totals } from './json-report';
import { writeFileAtomic } from '../core/atomic-file';
import { displayPath } from './locate';
import { expandGlobs, filesUnder, globMatcher } from './paths';
import { progressFor } from './progress';
import { shardTargets } from './shard';
import type { SchemaSummary } from '../rules/unindexed-sql/summary';
import type { Report, ReportedFinding, RuleFailureNote, SkippedFileNote } from './report';
import { applyBaseline, touchingChanges } from './select';

export interface CliEnvironment {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  /** Read with `--stdin`; the process's own when absent. */
  readonly stdin?: NodeJS.ReadableStream;
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
  const early = answerWithoutEngine(argv, stdout, stderr);
  if (early !== undefined) return early;
  try {
    // `hotpath init`; a folder named init is `./init`.
    if (argv[0] === 'init') return await init(argv.slice(1), environment, main);
    return await run(parseCliArgs(argv), environment);
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
  const { stdout, stderr, cwd } = environment;
  const { report } = outcome;
  const style = styleFor(stdout, environment.env, options.color);
  if (options.outputFile === undefined) stdout.write(formatReport(report, options.format, style));
  else {
    // The report goes to the file (colours only if asked for); the terminal gets the summary.
    const file = path.resolve(cwd, options.outputFile);
    writeFileAtomic(file, formatReport(report, options.format, options.color ? style : PLAIN));
    const notes = [...(options.format === 'text' ? report.notes : []), `Report written to ${displayPath(file, cwd)}.`];
    stdout.write(`${[...summaryLines(report.totals, fixableCount(report.findings), style), ...notes.map((note) => style.dim(note))].join('\n')}\n`);
  }
  for (const line of outcome.afterReport) stderr.write(`hotpath: ${line}\n`);
  return exitCode(options, outcome.totals);
}

/** A run that got as far as its report. */
export interface ReportedRun {
  readonly report: Report;
  /** What stderr says once the report is written: notes (for machine-readable formats), warnings, skipped files, failed rules. */
  readonly afterReport: readonly string[];
  /** Every finding's count, shown or not (`--quiet`): what the exit code counts. */
  readonly totals: Totals;
}

/**
 * Everything a run does before it prints: the CLI prints the report, the programmatic API
 * (`cli/api.ts`) returns it. An exit code when the run ends before a report (nothing analysed,
 * `--fix-dry-run`).
 */
export async function reportRun(options: CliOptions, environment: CliEnvironment): Promise<ReportedRun | number> {
  const { cwd, stdout, stderr } = environment;
  const known = RULE_METAS.map((meta) => meta.id);
  for (const id of options.onlyRules) if (!known.includes(id)) throw new UsageError(`--rule ${id}: no such rule (known rules: ${known.join(', ')})`);
  if (options.printConfig !== undefined) {
    stdout.write(printConfig(options, cwd));
    return 0;
  }
  const debug = options.debug ? (line: string): void => void stderr.write(`hotpath: debug: ${line}\n`) : undefined;
  const timed = async <T>(phase: string, work: () => T | Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    debug?.(`${phase}: ${Math.round(performance.now() - started)} ms`);
    return result;
  };
  const stdinText = options.stdin ? await readAll(environment.stdin ?? process.stdin) : undefined;
  const everyTarget = await timed('finding projects', () => projectTargets(options, cwd));
  const targets = options.shard ? shardTargets(everyTarget, options.shard) : everyTarget;
  // PostgreSQL's parser (WebAssembly) loads asynchronously; the analysis that uses it is synchronous.
  await timed('loading the SQL parser', prepareSql);
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
    debug,
    overrides: stdinText === undefined ? undefined : new Map([[path.resolve(cwd, options.stdinFilename!), stdinText]]),
  };
  const notes: string[] = [];
  // SARIF carries the safe fixes too (GitHub shows them as suggestions), JSON every fix; text counts the fixable ones.
  const reportsFixes = options.format === 'sarif' || options.format === 'json' || options.format === 'text';
  let analysis = analyzeTargets(targets, everyTarget, options, settings, options.fix || options.fixDryRun || reportsFixes);
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
    if (plan.files.size) analysis = analyzeTargets(targets, everyTarget, options, settings, reportsFixes);
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
  // --quiet shows errors only; the exit code still counts every finding (--max-warnings keeps working).
  const shown = options.quiet ? findings.filter((located) => located.finding.severity === 'error') : findings;
  if (shown.length < findings.length) notes.push(`${plural(findings.length - shown.length, 'finding')} below error level not shown (--quiet).`);
  // Many findings on a first run: the way to adopt hotpath without fixing them all first.
  if (findings.length >= ADOPTION_THRESHOLD && !baselineFile && !changed) {
    notes.push(`To adopt hotpath here without fixing these first: \`hotpath --baseline hotpath-baseline.json --update-baseline\` records them, then \`--baseline hotpath-baseline.json\` reports only new ones.`);
  }
  const report: Report = { version: VERSION, cwd, root: settings.root, findings: shown, totals: options.quiet ? totalsOf(shown, analysis.files) : totals, notes, failures: analysis.failures, skipped: analysis.skipped, fixedSinceBaseline };
  const afterReport = [
    // Machine-readable output stays parseable: notes for people go to stderr there.
    ...(options.format === 'text' ? [] : notes),
    ...analysis.warnings,
    ...analysis.skipped.map((skipped) => `skipped ${skipped.file}: ${skipped.reason} (the other files are analysed as usual)`),
    ...analysis.failures.map((failure) => `rule ${failure.ruleId} failed on ${failure.file}: ${failure.message} (other rules' findings are still reported)`),
  ];
  return { report, afterReport, totals };
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

/** Analyses `targets`; a file belongs to the project among `everyTarget` that owns it, whether or not this run (a shard) analyses that project. */
function analyzeTargets(targets: readonly ProjectTarget[], everyTarget: readonly ProjectTarget[], options: CliOptions, settings: AnalysisSettings, withFixes: boolean): Analysis {
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
  const owners = fileOwners(everyTarget);
  const ignoredByCommandLine = globMatcher(options.noIgnore ? [] : options.ignorePatterns, cwd);
  for (const target of targets) {
    // One program per project, dropped before the next is built: memory stays bounded on monorepos.
    // A file is reported once: by the most specific project that lists it, else by the first that reaches it.
    const skipFiles = new Set(analysed);
    for (const [file, owner] of owners) if (owner !== target.tsconfig) skipFiles.add(file);
    // --ignore-pattern: loaded for types, as the config's "ignore" globs are, not reported on.
    if (options.ignorePatterns.length && !options.noIgnore) for (const file of readTsconfig(target.tsconfig).fileNames) if (ignoredByCommandLine(file)) skipFiles.add(path.resolve(file));
    const started = performance.now();
    const result = analyzeTarget(
      target.tsconfig,
      {
        configFile: options.config && path.resolve(cwd, options.config),
        onlyFiles: target.onlyFiles,
        skipFiles,
        withFixes,
        includeTests: options.includeTests,
        includeScripts: options.includeScripts,
        onlyRules: options.onlyRules,
        noIgnore: options.noIgnore,
        overrides: settings.overrides,
        onPhase: settings.debug && ((phase, milliseconds) => settings.debug!(`${displayPath(target.tsconfig, cwd)}: ${phase}: ${Math.round(milliseconds)} ms`)),
      },
      settings,
    );
    if (settings.debug) {
      settings.debug(`${displayPath(target.tsconfig, cwd)}: ${plural(result.files.length, 'file')} in ${Math.round(performance.now() - started)} ms, config ${result.configFile ? displayPath(result.configFile, cwd) : 'defaults (no hotpath.json)'}`);
      for (const file of result.files) settings.debug(`${displayPath(file, cwd)} is analysed under ${displayPath(target.tsconfig, cwd)}`);
    }
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

/** Maps the command line's paths (and globs) to projects: `--project`, or the nearest tsconfig.json of each path. */
function projectTargets(options: CliOptions, cwd: string): ProjectTarget[] {
  if (options.stdinFilename !== undefined) {
    const file = path.resolve(cwd, options.stdinFilename);
    const tsconfig = options.project ? path.resolve(cwd, options.project) : findTsconfig(path.dirname(file));
    if (!tsconfig) throw new ConfigError(`no tsconfig.json found at or above ${path.dirname(file)}: pass --project path/to/tsconfig.json`);
    return [{ tsconfig, onlyFiles: new Set([file]) }];
  }
  const { paths, fromGlobs } = expandGlobs(options.paths, cwd, options.errorOnUnmatchedPattern);
  for (const item of paths) if (!fs.existsSync(item)) throw new UsageError(`no such file or directory: ${item}`);
  // Globs that matched nothing (allowed by --no-error-on-unmatched-pattern) leave nothing to analyse, not the current folder.
  if (options.paths.length && !paths.length) return [];
  // A file a glob matched need not be in a project: `src/**` also matches a file no tsconfig includes.
  const given = (items: readonly string[]): string[] => items.filter((item) => !fromGlobs.has(item));
  if (options.project) {
    const tsconfig = path.resolve(cwd, options.project);
    return [{ tsconfig, onlyFiles: paths.length ? filesUnder(paths) : undefined, given: given(paths) }];
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
    if (!whole) target.given = [...(target.given ?? []), ...given([item])];
    targets.set(tsconfig, target);
  }
  return [...targets.values()];
}

/** `--print-config <file>`: the settings that apply to the file, after the command line's overrides, as JSON. */
function printConfig(options: CliOptions, cwd: string): string {
  const file = path.resolve(cwd, options.printConfig!);
  const tsconfig = options.project ? path.resolve(cwd, options.project) : findTsconfig(file);
  if (!tsconfig) throw new ConfigError(`no tsconfig.json found at or above ${file}: pass --project path/to/tsconfig.json`);
  const config = resolveConfig(path.dirname(tsconfig), options.config && path.resolve(cwd, options.config), options);
  const printed = {
    file: displayPath(file, cwd),
    project: displayPath(tsconfig, cwd),
    config: config.file ? displayPath(config.file, cwd) : null,
    rules: Object.fromEntries([...config.rules].map(([id, settings]) => [id, settings.severity !== 'off' && Object.keys(settings.options).length ? [settings.severity, settings.options] : settings.severity])),
    ignore: config.ignore,
    ...(options.ignorePatterns.length && !options.noIgnore ? { ignorePatterns: options.ignorePatterns } : {}),
    tests: config.tests,
    scripts: config.scripts,
    browser: config.browser,
    server: config.server,
    ...(config.sql ? { sql: config.sql } : {}),
  };
  return `${JSON.stringify(printed, null, 2)}\n`;
}

function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer | string) => chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '')));
    stream.on('error', reject);
  });
}
