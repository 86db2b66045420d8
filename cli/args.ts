import { parseArgs } from 'node:util';

export const FORMATS = ['text', 'json', 'sarif', 'github', 'gitlab', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

export interface CliOptions {
  readonly paths: readonly string[];
  readonly project?: string;
  readonly config?: string;
  readonly format: Format;
  /** -1 means no limit, as in ESLint. */
  readonly maxWarnings: number;
  readonly exitZero: boolean;
  /** Apply safe fixes, then report what remains. */
  readonly fix: boolean;
  /** Print the diff `--fix` would apply; change nothing. */
  readonly fixDryRun: boolean;
  /** Report only findings on lines changed since the merge-base with this git ref. */
  readonly changedSince?: string;
  /** Report only findings this baseline file does not hold. */
  readonly baseline?: string;
  /** Record today's findings into the baseline file (and prune fixed ones). */
  readonly updateBaseline: boolean;
  /** Reuse per-file results from earlier runs. */
  readonly cache: boolean;
  readonly cacheLocation?: string;
  /** Verify unindexed-sql findings with EXPLAIN (embedded PostgreSQL, or `databaseUrl`). */
  readonly explain: boolean;
  readonly databaseUrl?: string;
  /** Analyse test files too (they are left out by default). */
  readonly includeTests: boolean;
  /** Analyse scripts too (migrations, seeds, programs run by hand: left out by default). */
  readonly includeScripts: boolean;
  /** A run that analyses nothing, or a path no project lists, is an error (exit 2); off with `--no-error-on-unmatched-pattern`. */
  readonly errorOnUnmatchedPattern: boolean;
  /** Say on stderr which files were decided to be tests or browser code, and why. */
  readonly debug: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

/** A mistake on the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: hotpath [options] [paths...]

Finds performance bugs in TypeScript backends: N+1 queries, sequential awaits, and more.
Each path (default: the current folder) is analysed with the nearest tsconfig.json.

Options:
  -p, --project <tsconfig>   analyse this project (instead of finding tsconfig.json)
  -c, --config <file>        use this hotpath.json (default: hotpath.json next to the tsconfig)
  -f, --format <format>      output format: ${FORMATS.join(', ')} (default: text)
      --max-warnings <n>     exit with 1 when there are more than n warnings (default: -1, no limit)
      --exit-zero            exit with 0 even when findings are reported
      --fix                  apply safe fixes, then report what remains
      --fix-dry-run          print the diff --fix would apply, change nothing
      --changed-since <ref>  report only findings on lines changed since the merge-base with <ref>
                             (committed, uncommitted and untracked changes), or whose cause is there
      --baseline <file>      report only findings this baseline does not hold; say how many it holds
                             that no longer occur
      --update-baseline      record the current findings into the --baseline file (prunes fixed ones)
      --cache                reuse results of unchanged files (and of files whose imports are unchanged)
      --cache-location <dir> where the cache lives (default: node_modules/.cache/hotpath)
      --explain              verify unindexed-sql findings with EXPLAIN on the schema in an embedded
                             PostgreSQL (PGlite); say why an imported library went unseen
      --database-url <url>   verify them with EXPLAIN on this PostgreSQL server instead (read-only,
                             never ANALYZE; also HOTPATH_DATABASE_URL); implies --explain
      --include-tests        analyse test files too (*.test.ts, *.spec.ts, test/ folders, files
                             importing a test runner); by default they are left out
      --include-scripts      analyse scripts too (scripts/, bin/, migrations/, seeds/ folders,
                             programs with a shebang); by default they are left out
      --no-error-on-unmatched-pattern
                             let a run that analyses no file (an include matching nothing, a path
                             no tsconfig includes) pass instead of exiting with 2
      --debug                list the files decided to be tests, scripts or browser code, and why
      --mcp                  serve the analysis to coding agents (MCP over stdio; tools analyse
                             given files or the changed code, kept warm between calls)
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 no error-level findings, 1 error-level findings (or too many warnings), 2 usage or config error.`;

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        project: { type: 'string', short: 'p' },
        config: { type: 'string', short: 'c' },
        format: { type: 'string', short: 'f', default: 'text' },
        'max-warnings': { type: 'string', default: '-1' },
        'exit-zero': { type: 'boolean', default: false },
        fix: { type: 'boolean', default: false },
        'fix-dry-run': { type: 'boolean', default: false },
        'changed-since': { type: 'string' },
        baseline: { type: 'string' },
        'update-baseline': { type: 'boolean', default: false },
        cache: { type: 'boolean', default: false },
        'cache-location': { type: 'string' },
        explain: { type: 'boolean', default: false },
        'database-url': { type: 'string' },
        'include-tests': { type: 'boolean', default: false },
        'include-scripts': { type: 'boolean', default: false },
        debug: { type: 'boolean', default: false },
        'no-error-on-unmatched-pattern': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const format = values.format as string;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  const maxWarnings = Number(values['max-warnings']);
  if (!Number.isInteger(maxWarnings) || maxWarnings < -1) throw new UsageError(`--max-warnings must be an integer >= -1, got "${values['max-warnings']}"`);
  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run cannot be used together');
  if (values['update-baseline'] && !values.baseline) throw new UsageError('--update-baseline needs --baseline <file>');
  if (values['changed-since'] === '') throw new UsageError('--changed-since needs a git ref, e.g. origin/main');
  return {
    paths: positionals,
    project: values.project,
    config: values.config,
    format: format as Format,
    maxWarnings,
    exitZero: values['exit-zero'] === true,
    fix: values.fix === true,
    fixDryRun: values['fix-dry-run'] === true,
    changedSince: values['changed-since'],
    baseline: values.baseline,
    updateBaseline: values['update-baseline'] === true,
    cache: values.cache === true || values['cache-location'] !== undefined,
    cacheLocation: values['cache-location'],
    explain: values.explain === true,
    databaseUrl: values['database-url'],
    includeTests: values['include-tests'] === true,
    includeScripts: values['include-scripts'] === true,
    debug: values.debug === true,
    errorOnUnmatchedPattern: values['no-error-on-unmatched-pattern'] !== true,
    help: values.help === true,
    version: values.version === true,
  };
}
