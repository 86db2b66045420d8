import { parseArgs, type ParseArgsConfig } from 'node:util';
import { VERSION } from '../core/version';

export const FORMATS = ['text', 'json', 'sarif', 'github', 'gitlab', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

/** `--shard i/n`: the i-th (1-based) of n shares of the run's projects. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

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
  /** Say on stderr which files were decided to be tests or browser code, and why; phases with timings; which tsconfig owns each file. */
  readonly debug: boolean;
  /** Report error-level findings only. */
  readonly quiet: boolean;
  /** Write the report to this file; the terminal gets the summary. */
  readonly outputFile?: string;
  /** `--color` / `--no-color`; undefined: decided by the terminal, NO_COLOR and FORCE_COLOR. */
  readonly color?: boolean;
  /** Run only these rules (`--rule`, `--only`); empty: every rule the config enables. */
  readonly onlyRules: readonly string[];
  /** Globs (relative to the working folder) of files not reported on, beside the config's `ignore`. */
  readonly ignorePatterns: readonly string[];
  /** Disregard the config's `ignore` globs and `--ignore-pattern`. */
  readonly noIgnore: boolean;
  /** Print the config that applies to this file, analyse nothing. */
  readonly printConfig?: string;
  /** Analyse the text on standard input as the file `stdinFilename`. */
  readonly stdin: boolean;
  readonly stdinFilename?: string;
  /** Analyse only this share of the projects (CI matrices). */
  readonly shard?: Shard;
  readonly help: boolean;
  readonly version: boolean;
}

/** A mistake on the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: hotpath [options] [paths...]

Finds performance bugs in TypeScript backends: N+1 queries, sequential awaits, and more.
Each path (default: the current folder) is analysed with the nearest tsconfig.json; a quoted glob
("src/**/*.ts") names the files it matches.

Commands:
  hotpath init               write hotpath.json, a baseline of today's findings and a CI workflow

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
      --quiet                report errors only (warnings still count for --max-warnings)
  -o, --output-file <file>   write the report to <file>; print only the summary
      --color, --no-color    force colours on or off (default: on a terminal; NO_COLOR, FORCE_COLOR)
      --rule, --only <id>    run only this rule (repeatable)
      --ignore-pattern <glob>
                             do not report on files matching <glob>, relative to the current folder
                             (repeatable)
      --no-ignore            disregard the config's "ignore" globs and --ignore-pattern
      --print-config <file>  print the configuration that applies to <file>, analyse nothing
      --stdin                analyse the text on standard input…
      --stdin-filename <f>   …as the file <f> (its project and config apply)
      --debug                on stderr: phases with timings, the tsconfig owning each file, the files
                             decided to be tests, scripts or browser code and why
      --mcp                  serve the analysis to coding agents (MCP over stdio; tools analyse
                             given files or the changed code, kept warm between calls)
      --shard <i/n>          analyse the i-th of n shares of the projects (a CI matrix); the shards'
                             reports, concatenated in order, are the whole run's
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 no error-level findings, 1 error-level findings (or too many warnings), 2 usage or config error.`;

const OPTIONS = {
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
  quiet: { type: 'boolean', default: false },
  'output-file': { type: 'string', short: 'o' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  rule: { type: 'string', multiple: true, default: [] },
  only: { type: 'string', multiple: true, default: [] },
  'ignore-pattern': { type: 'string', multiple: true, default: [] },
  'no-ignore': { type: 'boolean', default: false },
  'print-config': { type: 'string' },
  stdin: { type: 'boolean', default: false },
  'stdin-filename': { type: 'string' },
  shard: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const satisfies ParseArgsConfig['options'];

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError(parseErrorMessage(error as Error & { code?: string }));
  }
  const { values, positionals } = parsed;
  const format = values.format as string;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  const maxWarnings = Number(values['max-warnings']);
  if (!Number.isInteger(maxWarnings) || maxWarnings < -1) throw new UsageError(`--max-warnings must be an integer >= -1, got "${values['max-warnings']}"`);
  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run cannot be used together');
  if (values['update-baseline'] && !values.baseline) throw new UsageError('--update-baseline needs --baseline <file>');
  if (values['changed-since'] === '') throw new UsageError('--changed-since needs a git ref, e.g. origin/main');
  if (values.color && values['no-color']) throw new UsageError('--color and --no-color cannot be used together');
  if (values.stdin !== (values['stdin-filename'] !== undefined)) throw new UsageError('--stdin and --stdin-filename <file> go together: the file name says which project and config apply');
  if (values.stdin && positionals.length) throw new UsageError('--stdin analyses standard input: give no paths with it');
  const besideStdin = (['fix', 'fix-dry-run', 'update-baseline', 'cache', 'cache-location'] as const).find((option) => values[option] !== undefined && values[option] !== false);
  if (values.stdin && besideStdin) throw new UsageError(`--stdin cannot be used with --${besideStdin}: the file on disk is not what was analysed`);
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
    quiet: values.quiet === true,
    outputFile: values['output-file'],
    color: values.color ? true : values['no-color'] ? false : undefined,
    onlyRules: [...values.rule, ...values.only],
    ignorePatterns: values['ignore-pattern'],
    noIgnore: values['no-ignore'] === true,
    printConfig: values['print-config'],
    stdin: values.stdin === true,
    stdinFilename: values['stdin-filename'],
    shard: values.shard === undefined ? undefined : parseShard(values.shard),
    help: values.help === true,
    version: values.version === true,
  };
}

/** Node's parser errors, reworded for the command line: an unknown option gets the nearest known one. */
function parseErrorMessage(error: Error & { code?: string }): string {
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /option '([^']+)'/i.exec(error.message)?.[1] ?? '';
    const suggestion = nearestOption(given);
    return `unknown option ${given}${suggestion ? `: did you mean ${suggestion}?` : ''}`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = /--[a-z-]+/.exec(error.message)?.[0];
    return option && OPTIONS[option.slice(2) as keyof typeof OPTIONS]?.type === 'string' ? `${option} needs a value` : error.message.split('. ')[0]!;
  }
  return error.message;
}

/** The known option closest to a mistyped one (`--quite` → `--quiet`), when it is close enough to be what was meant. */
function nearestOption(given: string): string | undefined {
  // One letter (`-x`) is as close to every short option: no guess.
  if (!given.startsWith('--')) return undefined;
  const name = given.slice(2).split('=')[0]!;
  let best: { option: string; distance: number } | undefined;
  for (const option of Object.keys(OPTIONS)) {
    // A prefix (`--output`) means the longer option as surely as a typo does.
    const distance = name.length >= 3 && option.startsWith(name) ? 1 : editDistance(name, option);
    if (!best || distance < best.distance) best = { option, distance };
  }
  // Beyond a third of the name, a suggestion is a guess that misleads more than it helps.
  return best && best.distance <= Math.max(2, Math.floor(name.length / 3)) ? `--${best.option}` : undefined;
}

/** Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i]!;
      row[j] = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1);
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * What needs no analysis engine: `--help`, `--version` and a command-line mistake. Answered before
 * the engine (TypeScript) loads, so that they return at once. Returns the exit code, or undefined to go on.
 */
export function answerWithoutEngine(argv: readonly string[], stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): number | undefined {
  if (argv[0] === 'init') return undefined;
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr.write(`hotpath: ${error.message} (hotpath --help lists the options)\n`);
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
  return undefined;
}

function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw new UsageError(`--shard must be i/n with 1 <= i <= n, e.g. 2/4, got "${text}"`);
  return { index, count };
}
