import path from 'node:path';
import type ts from 'typescript';
import { RULES, RULE_METAS } from '../rules';
import { Analyzer } from './analyzer';
import { defaultConfig, findConfigFile, loadConfig, type ResolvedConfig } from './config';
import type { Finding } from './findings';
import { createProjectProgram, readTsconfig, tsconfigWarnings } from './project';

export interface ProjectRunOptions {
  /** An explicit `hotpath.json`; by default the one next to the tsconfig, if any. */
  readonly configFile?: string;
  readonly withFixes?: boolean;
  /** Report only on these files (absolute paths); the whole project is still loaded for types and summaries. */
  readonly onlyFiles?: ReadonlySet<string>;
  /** Files another project owns or already analysed (a monorepo's shared package): loaded for types, not reported here. */
  readonly skipFiles?: ReadonlySet<string>;
  /** Called after each analysed file, for a progress indicator. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Analyse test files too, whatever the config says (`--include-tests`). */
  readonly includeTests?: boolean;
  /** Analyse scripts too, whatever the config says (`--include-scripts`). */
  readonly includeScripts?: boolean;
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

/** The config that applies to a project: an explicit file, else `hotpath.json` at its root, else defaults; `--include-tests`/`--include-scripts` on top. */
export function resolveConfig(projectRoot: string, configFile?: string, include: { readonly includeTests?: boolean; readonly includeScripts?: boolean } = {}): ResolvedConfig {
  const file = configFile ?? findConfigFile(projectRoot);
  const config = file ? loadConfig(file, RULE_METAS) : defaultConfig(projectRoot, RULE_METAS);
  return { ...config, tests: config.tests || include.includeTests === true, scripts: config.scripts || include.includeScripts === true };
}

/** Loads a project from its tsconfig and analyses it: what the CLI runs for each project. */
export function analyzeProjectAt(tsconfig: string, options: ProjectRunOptions = {}): ProjectRun {
  const absolute = path.resolve(tsconfig);
  const config = resolveConfig(path.dirname(absolute), options.configFile, options);
  const parsed = readTsconfig(absolute);
  const program = createProjectProgram(parsed);
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
  return { tsconfig: absolute, program, analyzer, config, findings, files, warnings: tsconfigWarnings(parsed) };
}
