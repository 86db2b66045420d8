import path from 'node:path';
import ts from 'typescript';
import picomatch from 'picomatch';
import type { ResolvedConfig } from './config';
import { decideRoles, describesBrowserCode, roleInputsOf, type RoleDecision, type RoleInputs } from './file-roles';
import { compareFindings, docsUrl, type Finding, type RelatedInformation, type Severity } from './findings';
import { holdsNoIo, IoIndex } from './io-sites';
import { spanOf, type OptionValue, type ProjectContext, type Report, type Rule, type RuleVisitor } from './rule';
import { applySuppressions, UNUSED_SUPPRESSION } from './suppressions';
import { unreadableFiles } from './project';
import { MODELLED_MODULES } from './io-model';
import { walkTree } from './walk';

export interface AnalyzeFileOptions {
  /** Build each finding's fixes (for `--fix` and code actions); off by default because most runs only report. */
  readonly withFixes?: boolean;
}

/** A rule that threw: reported once to whoever drives the engine, never fatal to the other rules. */
export interface RuleFailure {
  readonly ruleId: string;
  readonly file: string;
  readonly error: unknown;
}

/** A file left out because it cannot be read, parsed, walked or analysed: named once with the reason, the rest of the run unaffected. */
export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

interface ActiveRule {
  readonly rule: Rule;
  readonly severity: Severity;
  readonly options: Readonly<Record<string, OptionValue>>;
}

const GENERATED_PATH = /(^|\/)(generated|node_modules)\//;
/** JavaScript in build output is compiled code, not the project's sources. */
const BUILD_OUTPUT_JS = /(^|\/)(dist|build|out|\.next|coverage)\/.*\.[cm]?js$/;

/**
 * Runs the enabled rules over files of one program, in one traversal per file. The program may
 * come from `ts.createProgram` (CLI) or a `ts.LanguageService` (editor): the analyzer only needs
 * the program and its checker, and keeps per-program memos (summaries) that live as long as it.
 */
export class Analyzer {
  readonly io: IoIndex;
  readonly failures: RuleFailure[] = [];
  readonly skipped: SkippedFile[] = [];
  private readonly active: ActiveRule[];
  private readonly ignored: (relativePath: string) => boolean;
  private readonly knownRules: ReadonlySet<string>;
  private readonly programValues = new ValueStore();
  private roles: { readonly inputs: readonly RoleInputs[]; readonly decisions: ReadonlyMap<string, RoleDecision> } | undefined;
  /** The previous program's roles (same config), kept when no file's role inputs changed. */
  private readonly previousRoles: Analyzer['roles'];
  private projectFiles: { readonly roots: ReadonlySet<string>; readonly folder: string } | undefined;

  /**
   * `diskValues`: where `fromDisk` values live; an editor passes one store per config and drops it
   * when schema files change. `previous`: the analyzer of the program this one replaces, with the
   * same config (an editor's last keystroke): summaries the change cannot reach are kept.
   */
  constructor(
    readonly program: ts.Program,
    private readonly rules: readonly Rule[],
    readonly config: ResolvedConfig,
    private readonly diskValues = new ValueStore(),
    previous?: Analyzer,
  ) {
    this.io = new IoIndex(
      program,
      () => program.getSourceFiles().filter((file) => !file.isDeclarationFile && !program.isSourceFileFromExternalLibrary(file) && !['test', 'script'].includes(this.roleOf(file).role)),
      previous?.config === config ? previous.io : undefined,
    );
    this.active = rules.flatMap((rule) => {
      const settings = config.rules.get(rule.meta.id);
      const severity = settings?.severity ?? rule.meta.defaultSeverity;
      if (severity === 'off') return [];
      return [{ rule, severity, options: settings?.options ?? {} }];
    });
    this.previousRoles = previous?.config === config ? previous.roles : undefined;
    this.knownRules = new Set([...rules.map((rule) => rule.meta.id), UNUSED_SUPPRESSION]);
    this.ignored = config.ignore.length ? picomatch([...config.ignore], { dot: true }) : () => false;
    // A root file that could not even be read is not in the program: it is named here, as the others are when analysed.
    for (const [file, reason] of unreadableFiles(program)) if (!program.getSourceFile(file)) this.skipped.push({ file, reason });
  }

  /** An analyzer of the same program that computes every summary itself (to check one that carried summaries over). */
  withNothingCarriedOver(): Analyzer {
    return new Analyzer(this.program, this.rules, this.config, this.diskValues);
  }

  /** The project's own source files that are analysed: not declarations, generated code or ignored globs. */
  filesToAnalyze(): ts.SourceFile[] {
    return this.program.getSourceFiles().filter((sourceFile) => this.isAnalyzed(sourceFile));
  }

  isAnalyzed(sourceFile: ts.SourceFile): boolean {
    if (!this.isProjectSource(sourceFile)) return false;
    const { role } = this.roleOf(sourceFile);
    return role !== 'test' && role !== 'script';
  }

  /** The project's own code, whatever its role: not declarations, generated code or ignored globs. */
  private isProjectSource(sourceFile: ts.SourceFile): boolean {
    if (sourceFile.isDeclarationFile || this.program.isSourceFileFromExternalLibrary(sourceFile) || !this.belongsToProject(sourceFile)) return false;
    const relative = path.relative(this.config.root, sourceFile.fileName).replace(/\\/g, '/');
    if (GENERATED_PATH.test(relative) || BUILD_OUTPUT_JS.test(relative) || this.io.classifier.origins.isGeneratedPrismaClient(sourceFile)) return false;
    return !this.ignored(path.relative(this.config.globRoot, sourceFile.fileName).replace(/\\/g, '/'));
  }

  /**
   * Files the tsconfig lists or that lie in its folder. Another workspace package's sources that
   * imports reach (a referenced project, a package before its build) are read for types and
   * summaries, and reported by their own project.
   */
  private belongsToProject(sourceFile: ts.SourceFile): boolean {
    if (!this.projectFiles) {
      const tsconfig = this.program.getCompilerOptions().configFilePath;
      this.projectFiles = { roots: new Set(this.program.getRootFileNames().map((file) => path.resolve(file))), folder: typeof tsconfig === 'string' ? path.dirname(tsconfig) : this.config.root };
    }
    const file = path.resolve(sourceFile.fileName);
    const relative = path.relative(this.projectFiles.folder, file);
    return this.projectFiles.roots.has(file) || (!relative.startsWith('..') && !path.isAbsolute(relative));
  }

  /** The roles of the project's own code (generated and ignored files aside) that is not plain server code: tests, scripts, browser code. */
  otherRoles(): Map<string, RoleDecision> {
    const roles = new Map<string, RoleDecision>();
    for (const sourceFile of this.program.getSourceFiles()) {
      if (!this.isProjectSource(sourceFile)) continue;
      const decision = this.roleOf(sourceFile);
      if (decision.role !== 'server') roles.set(path.resolve(sourceFile.fileName), decision);
    }
    return roles;
  }

  /** Where a project file runs (a test, browser or server code) and why, decided once per program over its import graph. */
  roleOf(sourceFile: ts.SourceFile): RoleDecision {
    if (!this.roles) {
      const options = this.program.getCompilerOptions();
      const directory = this.program.getCurrentDirectory();
      const sources = this.program.getSourceFiles().filter((file) => !file.isDeclarationFile && !this.program.isSourceFileFromExternalLibrary(file));
      const inputs = sources.map((file) => roleInputsOf(file, options, directory));
      // A keystroke rarely changes what roles are decided from (imports, directives): deciding them for thousands of files again cost ~50 ms per edit.
      const decisions = this.previousRoles && sameRoleInputs(this.previousRoles.inputs, inputs)
        ? this.previousRoles.decisions
        : decideRoles(inputs, { root: this.config.root, globRoot: this.config.globRoot, tests: this.config.tests, scripts: this.config.scripts, browser: this.config.browser, server: this.config.server, browserProject: describesBrowserCode(options) });
      this.roles = { inputs, decisions };
    }
    return this.roles.decisions.get(sourceFile.fileName) ?? { role: 'server', reason: 'not a project file' };
  }

  /**
   * Packages imported by the analysed files that did not resolve (no node_modules), and that would
   * change findings: those the I/O model knows, and those whose imports are used where a finding
   * could be (inside a loop or an iteration callback, or awaited). Node's own modules and the
   * project's paths are never missing packages.
   */
  unresolvedPackages(): string[] {
    const checker = this.program.getTypeChecker();
    const unresolved = new Set<string>();
    for (const sourceFile of this.filesToAnalyze()) {
      const imported = new Map<string, string>();
      for (const statement of sourceFile.statements) {
        const specifier = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier;
        if (!specifier || !ts.isStringLiteral(specifier) || checker.getSymbolAtLocation(specifier)) continue;
        const name = this.io.classifier.missingPackageOf(specifier);
        if (!name || unresolved.has(name)) continue;
        if (MODELLED_MODULES.has(name)) unresolved.add(name);
        else if (ts.isImportDeclaration(statement)) for (const local of importedNames(statement)) imported.set(local, name);
      }
      // `class Person extends Model` (objection's): the class's calls are the package's.
      for (const statement of sourceFile.statements) {
        if (!ts.isClassDeclaration(statement) || !statement.name) continue;
        const base = statement.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
        const name = base && ts.isIdentifier(base) ? imported.get(base.text) : undefined;
        if (name) imported.set(statement.name.text, name);
      }
      if (imported.size) for (const name of packagesUsedAtCandidates(sourceFile, imported)) unresolved.add(name);
    }
    return [...unresolved].sort();
  }

  analyzeProject(options: AnalyzeFileOptions = {}): Finding[] {
    return [...this.projectFindings(), ...this.filesToAnalyze().flatMap((sourceFile) => this.analyzeFile(sourceFile, options))];
  }

  /** The file's findings; a file that cannot be read, parsed or walked is recorded in `skipped` and has none. */
  analyzeFile(sourceFile: ts.SourceFile, options: AnalyzeFileOptions = {}): Finding[] {
    const file = path.resolve(sourceFile.fileName);
    const unreadable = unreadableFiles(this.program).get(file);
    if (unreadable !== undefined) return this.skip(file, unreadable);
    try {
      return this.analyzeParsedFile(sourceFile, options);
    } catch (error) {
      // Rules' own throws are caught per rule; what lands here broke the walk itself (or the checker under it).
      return this.skip(file, error instanceof RangeError ? 'nested too deeply to analyse' : `cannot be analysed: ${(error as Error).message ?? String(error)}`);
    }
  }

  private skip(file: string, reason: string): Finding[] {
    if (!this.skipped.some((skipped) => skipped.file === file)) this.skipped.push({ file, reason });
    return [];
  }

  private analyzeParsedFile(sourceFile: ts.SourceFile, options: AnalyzeFileOptions): Finding[] {
    const findings: Finding[] = [];
    const visitors: { active: ActiveRule; visitor: RuleVisitor }[] = [];
    const inBrowser = this.roleOf(sourceFile).role === 'browser';
    for (const active of this.active) {
      if (inBrowser && active.rule.meta.serverOnly) continue;
      const context = {
        ...this.projectContext(active),
        sourceFile,
        report: (report: Report<unknown>) => findings.push(this.toFinding(active, report, sourceFile, options)),
      };
      this.guard(active, sourceFile, (ruleContext) => visitors.push({ active, visitor: active.rule.create(ruleContext) }), context);
    }
    const failed = new Set<ActiveRule>();
    // Called for most nodes of the file: no closure per call.
    const dispatch = <T>(active: ActiveRule, handler: (argument: T) => void, argument: T): void => {
      if (!failed.has(active) && !this.guard(active, sourceFile, handler, argument)) failed.add(active);
    };
    // Most nodes interest no rule: look their handlers up by kind instead of asking every rule.
    const siteHandlers = visitors.flatMap(({ active, visitor }) => (visitor.ioSite ? [{ active, handler: visitor.ioSite }] : []));
    const handlersByKind: { active: ActiveRule; handler: (node: ts.Node) => void }[][] = [];
    for (const { active, visitor } of visitors) {
      for (const [kind, handler] of Object.entries(visitor.nodes ?? {})) {
        if (!handler) continue;
        (handlersByKind[Number(kind)] ??= []).push({ active, handler });
      }
    }
    walkTree(sourceFile, (node) => {
      if (holdsNoIo(node)) return false;
      const site = siteHandlers.length ? this.io.siteOf(node) : undefined;
      if (site) for (const { active, handler } of siteHandlers) dispatch(active, handler, site);
      const handlers = handlersByKind[node.kind];
      if (handlers) for (const { active, handler } of handlers) dispatch(active, handler, node);
      return true;
    });
    for (const { active, visitor } of visitors) if (visitor.done) dispatch(active, visitor.done, undefined);
    const enabled = new Set(this.active.map((active) => active.rule.meta.id));
    const unused = this.config.rules.get(UNUSED_SUPPRESSION)?.severity ?? 'warning';
    return applySuppressions(sourceFile, findings, { enabled, known: this.knownRules }, unused).sort(compareFindings);
  }

  /** Findings outside the program's TypeScript files (schema files, migrations), once per analyzer. */
  projectFindings(): Finding[] {
    const findings: Finding[] = [];
    for (const active of this.active) {
      const check = active.rule.checkProject;
      if (!check) continue;
      this.guard(active, undefined, (context) => {
        for (const report of check.call(active.rule, context)) {
          findings.push({ ruleId: active.rule.meta.id, ...report.span, severity: active.severity, message: active.rule.describe(report.state), docsUrl: docsUrl(active.rule.meta.id) });
        }
      }, this.projectContext(active));
    }
    return findings.sort(compareFindings);
  }

  private projectContext(active: ActiveRule): ProjectContext {
    const prefix = `${active.rule.meta.id}:`;
    return {
      program: this.program,
      checker: this.program.getTypeChecker(),
      io: this.io,
      config: this.config,
      options: active.options,
      shared: <T>(key: string, compute: () => T): T => this.programValues.get(prefix + key, compute),
      fromDisk: <T>(key: string, compute: () => T): T => this.diskValues.get(prefix + key, compute),
    };
  }

  private toFinding(active: ActiveRule, report: Report<unknown>, sourceFile: ts.SourceFile, options: AnalyzeFileOptions): Finding {
    const { rule } = active;
    const related = report.related?.map((item) => ({ ...spanOf(item.node, sourceFile), message: item.message }));
    let fixes;
    if (options.withFixes && rule.fix) {
      const fix = rule.fix(report.state, { sourceFile, checker: this.program.getTypeChecker(), options: active.options });
      if (fix) fixes = [fix];
    }
    const inference = this.inferenceOf(report, sourceFile);
    return {
      ruleId: rule.meta.id,
      ...spanOf(report.node, sourceFile),
      severity: active.severity,
      message: rule.describe(report.state),
      docsUrl: docsUrl(rule.meta.id),
      ...(related?.length ? { related } : {}),
      ...(inference ? { inference } : {}),
      ...(fixes ? { fixes } : {}),
    };
  }

  /** Where the I/O a finding is about was classified from an import rather than typings: that import, said once. */
  private inferenceOf(report: Report<unknown>, sourceFile: ts.SourceFile): RelatedInformation | undefined {
    const nodes = [report.node, ...(report.related ?? []).map((item) => item.node)].filter((node): node is ts.Node => 'kind' in node);
    for (const node of nodes) {
      const site = this.io.siteOf(ts.isAwaitExpression(node) ? node.expression : node);
      const trace = site?.traces.find((candidate) => candidate.io.inferred);
      const inferred = trace?.io.inferred;
      if (!trace || !inferred) continue;
      const what = inferred.export === 'default' || inferred.export === '*' ? `\`${inferred.module}\`` : `\`${inferred.export}\` of \`${inferred.module}\``;
      const message = inferred.node
        ? `${trace.io.library} ${trace.io.operation} inferred from this import: ${what} is not installed, its typings were not read`
        : `${trace.io.library} ${trace.io.operation} inferred from the runtime's global \`${inferred.export}\`, declared nowhere here (no @types/node)`;
      return { ...spanOf(inferred.node ?? trace.libraryCall, sourceFile), message };
    }
    return undefined;
  }

  /** Runs rule code; a throw is recorded once per rule and file, and the other rules go on. (An argument rather than a closure: it runs for most nodes.) */
  private guard<T>(active: ActiveRule, sourceFile: ts.SourceFile | undefined, action: (argument: T) => void, argument: T): boolean {
    try {
      action(argument);
      return true;
    } catch (error) {
      this.failures.push({ ruleId: active.rule.meta.id, file: sourceFile?.fileName ?? this.config.root, error });
      return false;
    }
  }
}

/** Values computed once by key. A failure is remembered too: recomputing it for every file would repeat the cost and the error. */
export class ValueStore {
  private readonly values = new Map<string, { value?: unknown; error?: unknown }>();

  get<T>(key: string, compute: () => T): T {
    let entry = this.values.get(key);
    if (!entry) {
      try {
        entry = { value: compute() };
      } catch (error) {
        entry = { error };
      }
      this.values.set(key, entry);
    }
    if ('error' in entry) throw entry.error;
    return entry.value as T;
  }
}

/** The same files with the same role inputs (an unchanged file's are the same object). */
function sameRoleInputs(before: readonly RoleInputs[], after: readonly RoleInputs[]): boolean {
  return before.length === after.length && after.every((inputs, index) => inputs === before[index] || JSON.stringify(inputs) === JSON.stringify(before[index]));
}

/** The local names an import declares (`import x, { a as b } from …` → x, b). */
function importedNames(statement: ts.ImportDeclaration): string[] {
  const clause = statement.importClause;
  if (!clause) return [];
  const bindings = clause.namedBindings;
  return [
    ...(clause.name ? [clause.name.text] : []),
    ...(bindings && ts.isNamespaceImport(bindings) ? [bindings.name.text] : []),
    ...(bindings && ts.isNamedImports(bindings) ? bindings.elements.map((element) => element.name.text) : []),
  ];
}

/** The packages (by imported local name) referenced where a finding could be: in a loop, an iteration callback, or an await. */
function packagesUsedAtCandidates(sourceFile: ts.SourceFile, imported: ReadonlyMap<string, string>): Set<string> {
  const used = new Set<string>();
  walkTree(sourceFile, (node) => {
    if (ts.isImportDeclaration(node)) return false;
    if (!ts.isIdentifier(node)) return true;
    const name = imported.get(node.text);
    const call = name && !used.has(name) ? calledThrough(node) : undefined;
    if (name && call && ts.findAncestor(call.parent, isCandidatePosition)) used.add(name);
    return false;
  });
  return used;
}

/** The call or `new` whose callee starts at this name (`name(…)`, `name.a.b(…)`, `new name(…)`); JSX and plain references are not calls. */
function calledThrough(name: ts.Identifier): ts.CallExpression | ts.NewExpression | undefined {
  let callee: ts.Node = name;
  while (ts.isPropertyAccessExpression(callee.parent) && callee.parent.expression === callee) callee = callee.parent;
  const call = callee.parent;
  return (ts.isCallExpression(call) || ts.isNewExpression(call)) && call.expression === callee ? call : undefined;
}

/** An await, a loop, or a call whose callback runs per element or at once (`xs.map(…)`, `Promise.all(…)`). */
function isCandidatePosition(node: ts.Node): boolean {
  if (ts.isAwaitExpression(node) || ts.isIterationStatement(node, false)) return true;
  return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ITERATION_CALLBACKS.has(node.expression.name.text);
}

const ITERATION_CALLBACKS = new Set(['map', 'forEach', 'flatMap', 'filter', 'reduce', 'some', 'every', 'find', 'all', 'allSettled']);
