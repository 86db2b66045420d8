// The ESLint plugin (`hotpath/eslint`): each hotpath rule as an ESLint rule, run on the ts.Program
// typescript-eslint's parser services hold for the linted file. The engine is the CLI's: one Analyzer
// per program (its summaries serve every file of the program), the same hotpath.json, the same
// findings; safe fixes become ESLint fixes, the others suggestions.
import fs from 'node:fs';
import path from 'node:path';
import type { Linter, Rule } from 'eslint';
import ts from 'typescript';
import { Analyzer, ValueStore } from '../core/analyzer';
import { findConfigFile, type ResolvedConfig } from '../core/config';
import { docsUrl, type Finding, type Fix } from '../core/findings';
import { resolveConfig } from '../core/run';
import { prepareSql } from '../core/sql/parser';
import { VERSION } from '../core/version';
import { RULES, RULE_METAS } from '../rules';

/** The config of a project and what was read to make it, so that an edited hotpath.json is read again. */
interface ProjectConfig {
  readonly config: ResolvedConfig;
  readonly stamp: string;
  /** `fromDisk` values (a schema read from migrations) live as long as the config. */
  readonly diskValues: ValueStore;
}

const configs = new Map<string, ProjectConfig>();
/**
 * PostgreSQL's parser (WebAssembly) loads asynchronously and ESLint rules are synchronous: the ESM
 * entry (dist/eslint.mjs) awaits it; a `require` may lint before it is ready, and then gets no
 * unindexed-sql findings (the rule's failure is told) rather than a schema remembered as unreadable.
 */
let sqlLoaded = false;
const sqlReady = prepareSql().then(
  () => {
    sqlLoaded = true;
  },
  // A parser that cannot load fails unindexed-sql on each file, which is told; the other rules run.
  () => undefined,
);
const analyzers = new WeakMap<ts.Program, Analyzer>();
/** The last analyzer of each project: the next program (an editor's keystroke) keeps the summaries the edit cannot reach. */
const latestAnalyzers = new Map<string, Analyzer>();
const findingsByFile = new WeakMap<Analyzer, WeakMap<ts.SourceFile, readonly Finding[]>>();
/** Rule failures and skipped files already told about: said once per process, as the CLI says them once per run. */
const told = new Set<string>();

/** The config file's path, modification time and size: a hotpath.json that changed, appeared or went away makes a new config. */
function configStamp(root: string): string {
  const file = findConfigFile(root);
  if (!file) return '';
  try {
    const stat = fs.statSync(file);
    return `${file}\0${stat.mtimeMs}\0${stat.size}`;
  } catch {
    return `${file}\0`;
  }
}

function projectConfig(root: string): ProjectConfig {
  const stamp = configStamp(root);
  const known = configs.get(root);
  if (known?.stamp === stamp) return known;
  // A bad hotpath.json throws the CLI's ConfigError: ESLint stops and prints it, as the CLI exits with 2.
  const fresh = { config: resolveConfig(root), stamp, diskValues: new ValueStore() };
  configs.set(root, fresh);
  return fresh;
}

/** The project a program was made for: its tsconfig's folder, else (a default project) the program's folder. */
function projectRootOf(program: ts.Program): string {
  const tsconfig = program.getCompilerOptions().configFilePath;
  return typeof tsconfig === 'string' ? path.dirname(tsconfig) : program.getCurrentDirectory();
}

function analyzerOf(program: ts.Program): Analyzer {
  const root = projectRootOf(program);
  const { config, diskValues } = projectConfig(root);
  // typescript-eslint keeps a program while its files are unchanged: an edited hotpath.json needs a new analyzer all the same.
  const known = analyzers.get(program);
  if (known?.config === config) return known;
  const previous = latestAnalyzers.get(root);
  const analyzer = new Analyzer(program, RULES, config, sqlLoaded ? diskValues : new ValueStore(), previous?.config === config ? previous : undefined);
  analyzers.set(program, analyzer);
  latestAnalyzers.set(root, analyzer);
  return analyzer;
}

/** The file's findings of every rule the config enables, computed once for all the plugin's rules. */
function findingsOf(program: ts.Program, fileName: string): readonly Finding[] {
  const sourceFile = program.getSourceFile(fileName);
  if (!sourceFile) return [];
  // The engine's syntax kinds are those of the TypeScript it loaded; another copy numbers them differently.
  if (sourceFile.kind !== ts.SyntaxKind.SourceFile) {
    throw new Error(`hotpath/eslint: the program was built by another TypeScript than the one hotpath loaded (${ts.version}); install one copy of typescript for both`);
  }
  const analyzer = analyzerOf(program);
  let byFile = findingsByFile.get(analyzer);
  if (!byFile) findingsByFile.set(analyzer, (byFile = new WeakMap()));
  const known = byFile.get(sourceFile);
  if (known) return known;
  const findings = analyzer.isAnalyzed(sourceFile) ? analyzer.analyzeFile(sourceFile, { withFixes: true }) : [];
  byFile.set(sourceFile, findings);
  tellProblems(analyzer);
  return findings;
}

/** A rule that threw or a file that could not be analysed is never silent (the CLI names them on stderr). */
function tellProblems(analyzer: Analyzer): void {
  const problems = [
    ...analyzer.failures.map((failure) => `rule ${failure.ruleId} failed on ${failure.file}: ${(failure.error as Error)?.message ?? String(failure.error)}`),
    ...analyzer.skipped.map((skipped) => `skipped ${skipped.file}: ${skipped.reason}`),
  ];
  for (const problem of problems) {
    if (told.has(problem)) continue;
    told.add(problem);
    process.emitWarning(`hotpath: ${problem}`);
  }
}

/** A fix as ESLint's: only edits within the linted file can be; a fix that touches another file (a new migration) is left out. */
function asEslintFix(fix: Fix, fileName: string): Rule.ReportFixer | undefined {
  const file = path.resolve(fileName);
  if (!fix.edits.every((edit) => path.resolve(edit.file) === file)) return undefined;
  return (fixer) => fix.edits.map((edit) => fixer.replaceTextRange([edit.start, edit.end], edit.newText));
}

function eslintRule(ruleId: string): Rule.RuleModule {
  const meta = RULE_METAS.find((candidate) => candidate.id === ruleId)!;
  return {
    meta: {
      type: 'problem',
      docs: { description: meta.summary, url: docsUrl(ruleId) },
      messages: { finding: '{{message}}', fix: '{{title}}' },
      ...(meta.fixable ? { fixable: 'code' as const, hasSuggestions: true } : {}),
      // Options live in hotpath.json, shared with the CLI and the editor.
      schema: [],
    },
    create(context) {
      const program = context.sourceCode.parserServices?.program as ts.Program | null | undefined;
      if (!program) {
        throw new Error(`hotpath/${ruleId} needs type information: use typescript-eslint's parser with parserOptions.projectService (or project)`);
      }
      return {
        Program() {
          for (const finding of findingsOf(program, context.filename)) {
            if (finding.ruleId !== ruleId) continue;
            const safe = finding.fixes?.find((fix) => fix.safety === 'safe');
            const fix = safe && asEslintFix(safe, context.filename);
            const suggest = (finding.fixes ?? []).flatMap((candidate) => {
              const fixer = candidate.safety === 'unsafe' ? asEslintFix(candidate, context.filename) : undefined;
              return fixer ? [{ messageId: 'fix', data: { title: candidate.title }, fix: fixer }] : [];
            });
            context.report({
              loc: { start: context.sourceCode.getLocFromIndex(finding.start), end: context.sourceCode.getLocFromIndex(finding.end) },
              messageId: 'finding',
              data: { message: finding.message },
              ...(fix ? { fix } : {}),
              ...(suggest.length ? { suggest } : {}),
            });
          }
        },
      };
    },
  };
}

const rules: Record<string, Rule.RuleModule> = Object.fromEntries(RULE_METAS.map((meta) => [meta.id, eslintRule(meta.id)]));

const recommended: Linter.Config = {
  name: 'hotpath/recommended',
  // The files typescript-eslint's parser gives a program for; a JavaScript config file linted by espree has none.
  files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
  // Every rule at its default severity (hotpath's info is ESLint's warn); hotpath.json still turns rules off and sets their options.
  rules: Object.fromEntries(RULE_METAS.map((meta) => [`hotpath/${meta.id}`, meta.defaultSeverity === 'error' ? 'error' : 'warn'])),
};

const plugin = { meta: { name: 'hotpath', version: VERSION }, rules, configs: { recommended } };
recommended.plugins = { hotpath: plugin };
// For dist/eslint.mjs only; not enumerable, so ESLint never sees it as part of the plugin.
Object.defineProperty(plugin, 'ready', { value: sqlReady });

export default plugin;
