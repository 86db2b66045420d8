import path from 'node:path';
import type ts from 'typescript';
import { RULES, RULE_METAS } from '../rules';
import { Analyzer } from './analyzer';
import { defaultConfig, findConfigFile, loadConfig, type ResolvedConfig } from './config';
import type { Finding } from './findings';
import { createProjectProgram, readTsconfig, tsconfigWarnings } from './project';

/** What the command line changes in a project's config. */
export interface ConfigOverrides {
  /** Analyse test files too, whatever the config says (`--include-tests`). */
  readonly includeTests?: boolean;
  /** Analyse scripts too, whatever the config says (`--include-scripts`). */
  readonly includeScripts?: boolean;
  /** Run only these rules (`--rule`, `--only`); one the config turns off runs at its default severity. */
  readonly onlyRules?: readonly string[];
  /** Disregard the config's `ignore` globs (`--no-ignore`). */
  readonly noIgnore?: boolean;
}

export interface ProjectRunOptions extends ConfigOverrides {
  /** An explicit `hotpath.json`; by default the one next to the tsconfig, if any. */
  readonly configFile?: string;
  readonly withFixes?: boolean;
  /** Report only on these files (absolute paths); the whole project is still loaded for types and summaries. */
  readonly onlyFiles?: ReadonlySet<string>;
  /** Files another project owns or already analysed (a monorepo's shared package): loaded for types, not reported here. */
  readonly skipFiles?: ReadonlySet<string>;
  /** Called after each analysed file, for a progress indicator. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Called after each phase (reading the tsconfig, building the program, analysing), for `--debug`. */
  readonly onPhase?: (phase: string, milliseconds: number) => void;
  /** Texts that stand for files' contents on disk (`--stdin`); a file the tsconfig does not list is added. */
  readonly overrides?: ReadonlyMap<string, string>;
}

export interface ProjectRun {
  readonly tsconfig: string;
  readonly program: ts.Program;
  readonly analyzer: Analyzer;
  readonly config: ResolvedConfig;
  readonly findings: readonly Finding[];
  /** The files analysed (after `onlyFiles` and `skipFiles`). */
  readonly files: readonly ts.SourceFile[];
  /** What was missing from the tsconfig and what the run did instead (see `tsconfigWarnings`). */
  readonly warnings: readonly string[];
}

/** The config that applies to a project: an explicit file, else `hotpath.json` at its root, else defaults; the command line's overrides on top. */
export function resolveConfig(projectRoot: string, configFile?: string, overrides: ConfigOverrides = {}): ResolvedConfig {
  const file = configFile ?? findConfigFile(projectRoot);
  const config = file ? loadConfig(file, RULE_METAS) : defaultConfig(projectRoot, RULE_METAS);
  return {
    ...config,
    // A config above the project (a repository root's) keeps its globs relative to itself; the project stays the project.
    root: projectRoot,
    tests: config.tests || overrides.includeTests === true,
    scripts: config.scripts || overrides.includeScripts === true,
    ...(overrides.noIgnore ? { ignore: [] } : {}),
    ...(overrides.onlyRules?.length ? { rules: onlyThese(config.rules, overrides.onlyRules) } : {}),
  };
}

/** Every rule off but these; one the config turned off runs at its default severity, since it was asked for by name. */
function onlyThese(rules: ResolvedConfig['rules'], only: readonly string[]): ResolvedConfig['rules'] {
  const defaults = new Map(RULE_METAS.map((meta) => [meta.id, meta.defaultSeverity]));
  return new Map(
    [...rules].map(([id, settings]) => {
      if (!only.includes(id)) return [id, { ...settings, severity: 'off' }];
      return [id, settings.severity === 'off' ? { ...settings, severity: defaults.get(id) ?? 'warning' } : settings];
    }),
  );
}

/** Loads a project from its tsconfig and analyses it: what the CLI runs for each project. */
export function analyzeProjectAt(tsconfig: string, options: ProjectRunOptions = {}): ProjectRun {
  const absolute = path.resolve(tsconfig);
  let started = performance.now();
  const phase = (name: string): void => {
    const now = performance.now();
    options.onPhase?.(name, now - started);
    started = now;
  };
  const config = resolveConfig(path.dirname(absolute), options.configFile, options);
  const parsed = withFiles(readTsconfig(absolute), [...(options.overrides?.keys() ?? [])]);
  phase('config and tsconfig');
  const program = createProjectProgram(parsed, options.overrides);
  phase('program');
  const analyzer = new Analyzer(program, RULES, config);
  const files = analyzer.filesToAnalyze().filter((file) => {
    const absolute = path.resolve(file.fileName);
    return (!options.onlyFiles || options.onlyFiles.has(absolute)) && !options.skipFiles?.has(absolute);
  });
  const findings = [
    ...analyzer.projectFindings(),
    ...files.flatMap((file, index) => {
      const fileFindings = analyzer.analyzeFile(file, { withFixes: options.withFixes });
      options.onProgress?.(index + 1, files.length);
      return fileFindings;
    }),
  ];
  phase('analysis');
  return { tsconfig: absolute, program, analyzer, config, findings, files, warnings: tsconfigWarnings(parsed) };
}

/** The tsconfig's files and these (a new file given on standard input). */
function withFiles(parsed: ts.ParsedCommandLine, files: readonly string[]): ts.ParsedCommandLine {
  const listed = new Set(parsed.fileNames.map((file) => path.resolve(file)));
  const missing = files.filter((file) => !listed.has(path.resolve(file)));
  return missing.length ? { ...parsed, fileNames: [...parsed.fileNames, ...missing] } : parsed;
}
