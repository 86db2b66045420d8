import path from 'node:path';
import ts from 'typescript';
import { Analyzer } from '../core/analyzer';
import { defaultConfig, findConfigFile, loadConfig, type ResolvedConfig } from '../core/config';
import type { Finding } from '../core/findings';
import { createProjectProgram, readTsconfig } from '../core/project';
import { RULES, RULE_METAS } from '../rules';

export const ROOT = path.resolve(__dirname, '..');
export const FIXTURES = path.join(ROOT, 'test-fixtures');

export interface AnalyzedProject {
  readonly program: ts.Program;
  readonly analyzer: Analyzer;
  readonly findings: readonly Finding[];
}

/** Analyses a fixture project the way the CLI does, in process. */
export function analyzeTsconfig(tsconfig: string, options: { withFixes?: boolean; config?: ResolvedConfig } = {}): AnalyzedProject {
  const parsed = readTsconfig(tsconfig);
  const program = createProjectProgram(parsed);
  const directory = path.dirname(tsconfig);
  const configFile = findConfigFile(directory);
  const config = options.config ?? (configFile ? loadConfig(configFile, RULE_METAS) : defaultConfig(directory, RULE_METAS));
  const analyzer = new Analyzer(program, RULES, config);
  return { program, analyzer, findings: analyzer.analyzeProject({ withFixes: options.withFixes }) };
}
