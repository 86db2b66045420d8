import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../core/config';
import { compareFindings } from '../core/findings';
import { discoverProjects } from '../core/discovery';
import { findTsconfig } from '../core/project';
import { analyzeProjectAt } from '../core/run';
import { VERSION } from '../core/version';
import { parseCliArgs, USAGE, UsageError, type CliOptions } from './args';
import { formatJson } from './format/json';
import { formatText, styleFor, totalsOf } from './format/text';
import { locate, type LocatedFinding } from './locate';

export interface CliEnvironment {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

interface ProjectTarget {
  readonly tsconfig: string;
  /** Report only on these files; undefined for the whole project. */
  onlyFiles?: Set<string>;
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
  const { cwd } = environment;
  const targets = projectTargets(options, cwd);
  const located: LocatedFinding[] = [];
  const failures: string[] = [];
  const analysed = new Set<string>();
  const unresolved = new Set<string>();
  for (const target of targets) {
    // One program per project, dropped before the next is built: memory stays bounded on monorepos.
    const result = analyzeProjectAt(target.tsconfig, { configFile: options.config && path.resolve(cwd, options.config), onlyFiles: target.onlyFiles, skipFiles: analysed });
    for (const file of result.files) analysed.add(path.resolve(file.fileName));
    for (const name of result.analyzer.unresolvedPackages()) unresolved.add(name);
    located.push(...[...result.findings].sort(compareFindings).map((finding) => locate(finding, result.program, cwd)));
    for (const failure of result.analyzer.failures) {
      failures.push(`rule ${failure.ruleId} failed on ${failure.file}: ${(failure.error as Error).message ?? String(failure.error)}`);
    }
  }
  const totals = totalsOf(located, analysed.size);
  const notes = unresolved.size
    ? [`${unresolved.size} imported package${unresolved.size === 1 ? '' : 's'} could not be resolved (${[...unresolved].join(', ')}): calls into ${unresolved.size === 1 ? 'it were' : 'them were'} classified from import origins only. Install dependencies for full precision.`]
    : [];
  if (options.format === 'json') environment.stdout.write(formatJson(located, totals, VERSION));
  else environment.stdout.write(formatText(located, totals, styleFor(environment.stdout, environment.env), notes));
  for (const failure of new Set(failures)) environment.stderr.write(`hotpath: ${failure} (other rules' findings are still reported)\n`);
  if (options.exitZero) return 0;
  const tooManyWarnings = options.maxWarnings >= 0 && totals.warnings > options.maxWarnings;
  return totals.errors > 0 || tooManyWarnings ? 1 : 0;
}

/** Maps the command line's paths to projects: `--project`, or the nearest tsconfig.json of each path. */
function projectTargets(options: CliOptions, cwd: string): ProjectTarget[] {
  const paths = options.paths.map((item) => path.resolve(cwd, item));
  for (const item of paths) if (!fs.existsSync(item)) throw new UsageError(`no such file or directory: ${item}`);
  if (options.project) {
    const tsconfig = path.resolve(cwd, options.project);
    return [{ tsconfig, onlyFiles: paths.length ? filesUnder(paths) : undefined }];
  }
  const targets = new Map<string, ProjectTarget>();
  for (const item of paths.length ? paths : [cwd]) {
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
    targets.set(tsconfig, target);
  }
  return [...targets.values()];
}

function filesUnder(paths: readonly string[]): Set<string> {
  const files = new Set<string>();
  const walk = (item: string): void => {
    const stat = fs.statSync(item);
    if (stat.isFile()) files.add(item);
    else if (stat.isDirectory() && path.basename(item) !== 'node_modules') for (const entry of fs.readdirSync(item)) walk(path.join(item, entry));
  };
  for (const item of paths) walk(item);
  return files;
}
