import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { RULES } from '../rules';
import { Analyzer, type RuleFailure, type SkippedFile } from './analyzer';
import { writeFileAtomic } from './atomic-file';
import { ConfigError, type ResolvedConfig } from './config';
import type { Finding } from './findings';
import { decideRoles, describesBrowserCode, importSpecifiers, textSignals, type RoleDecision } from './file-roles';
import { libraryUse, type LibraryUse } from './blind';
import { createProjectProgram, createResolutionCache, readTsconfig, resolveModule, tsconfigWarnings } from './project';
import { resolveConfig, type ProjectRunOptions } from './run';
import { schemaFiles } from './sql/load';
import { VERSION } from './version';

export interface CachedRunOptions extends ProjectRunOptions {
  /** The folder cache files live in (one file per project). */
  readonly directory: string;
}

export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  /** Whether a `ts.Program` had to be built: false when every answer came from the cache. */
  readonly programCreated: boolean;
}

/** What a cached run found: the same findings an uncached run reports, in the same order. */
export interface CachedRun {
  readonly tsconfig: string;
  readonly config: ResolvedConfig;
  readonly findings: readonly Finding[];
  /** The files reported on (absolute paths). */
  readonly files: readonly string[];
  readonly failures: readonly RuleFailure[];
  readonly skipped: readonly SkippedFile[];
  /** See `ProjectRun.warnings`. */
  readonly warnings: readonly string[];
  /** Imported packages that did not resolve (see `Analyzer.unresolvedPackages`). */
  readonly unresolvedPackages: readonly string[];
  /** Libraries the project obtains clients of, recognised or not (see `libraryUse`). */
  readonly libraryUse: LibraryUse;
  /** Project files that are tests or browser code (see `Analyzer.otherRoles`). */
  readonly otherRoles: ReadonlyMap<string, RoleDecision>;
  /** Undefined when nothing had to be analysed. */
  readonly program: ts.Program | undefined;
  /** Every project file's text as read for its key, so that printing needs no second read. */
  readonly texts: ReadonlyMap<string, string>;
  readonly stats: CacheStats;
}

/** One project file as the cache sees it: its content and what it depends on, without a type checker. */
interface GraphNode {
  readonly hash: string;
  /** Project files it imports or references (absolute paths). */
  readonly imports: readonly string[];
  /** Packages it imports (`name@version`), unresolved specifiers (`?spec`) and type references. */
  readonly packages: readonly string[];
  /** Its declarations may be seen without an import (a script, `declare global`, `declare module`). */
  readonly global: boolean;
  /** The module specifiers it imports, as written. */
  readonly specifiers: readonly string[];
}

/** What `ts.preProcessFile` says about a text; cached by content hash, as it depends on nothing else. */
interface Preprocessed {
  readonly imports: readonly string[];
  readonly references: readonly string[];
  readonly types: readonly string[];
  readonly global: boolean;
}

/** What belongs to the whole project: findings outside TypeScript files, unresolved packages. */
interface ProjectEntry {
  readonly key: string;
  readonly findings: readonly Finding[];
  readonly unresolvedPackages: readonly string[];
  readonly libraryUse: LibraryUse;
  /** See `Analyzer.otherRoles`. */
  readonly otherRoles: Readonly<Record<string, RoleDecision>>;
}

interface FileEntry {
  readonly key: string;
  /** Absent for a project file the analyzer does not report on (generated, ignored by the config). */
  readonly findings?: readonly Finding[];
}

/** The cache file of one project; `format` changes whenever this layout does. */
interface CacheFile {
  readonly format: 3;
  readonly projectKey: string;
  readonly files: Readonly<Record<string, FileEntry>>;
  readonly project?: ProjectEntry;
  /** Program files the import graph did not reach last time (added by `types`, `files`…): roots next time. */
  readonly extraRoots: readonly string[];
  readonly preprocessed: Readonly<Record<string, Preprocessed>>;
}

const CACHE_FORMAT = 3;
const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'];
const ANALYSABLE = /\.(?:[cm]?[jt]sx?)$/i;
const GLOBAL_DECLARATIONS = /\bdeclare\s+(?:global|module)\b/;
const MODULE_SYNTAX = /\b(?:import|export)\b/;

/** The default cache folder: `node_modules/.cache/hotpath` of the package that holds the project, as other tools do. */
export function defaultCacheDirectory(tsconfig: string): string {
  const start = path.dirname(path.resolve(tsconfig));
  for (let directory = start; ; directory = path.dirname(directory)) {
    if (fs.existsSync(path.join(directory, 'package.json'))) return path.join(directory, 'node_modules', '.cache', 'hotpath');
    if (path.dirname(directory) === directory) return path.join(start, 'node_modules', '.cache', 'hotpath');
  }
}

/**
 * Analyses a project, reusing per-file results whose key still matches. A file's key names
 * everything its findings depend on: its content, the content of every project file it imports
 * (transitively: summaries flow from callees to callers), the packages it imports, the resolved
 * config, the compiler options, hotpath's version, the lockfile and the schema files. When every
 * key matches, no program is built at all; otherwise one program is built and only the misses
 * are analysed. A corrupt cache file is ignored, and so is one whose entries turn out unusable
 * (edited by hand, written by another version's bug): the run is then made without it. Writes are atomic.
 */
export function analyzeProjectCached(tsconfig: string, options: CachedRunOptions): CachedRun {
  try {
    return analyzeThroughCache(tsconfig, options, true);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    return analyzeThroughCache(tsconfig, options, false);
  }
}

function analyzeThroughCache(tsconfig: string, options: CachedRunOptions, readCache: boolean): CachedRun {
  const absolute = path.resolve(tsconfig);
  const config = resolveConfig(path.dirname(absolute), options.configFile, options);
  const parsed = readTsconfig(absolute);
  // Runs that build fixes (SARIF) keep their own file: they would otherwise evict each other's entries.
  const withFixes = options.withFixes === true;
  const cacheFile = path.join(options.directory, `${sha1(`${absolute}\0${config.file ?? ''}\0${withFixes}`)}.json`);
  const previous = readCache ? readCacheFile(cacheFile) : undefined;
  const graph = new ImportGraph(parsed.options, path.dirname(absolute), previous?.preprocessed ?? {});
  graph.add([...parsed.fileNames, ...(previous?.extraRoots ?? []).filter((file) => fs.existsSync(file))]);
  const projectKey = sha1(
    stableStringify({
      version: VERSION,
      format: CACHE_FORMAT,
      config,
      compilerOptions: parsed.options,
      lockfile: hashOfFile(findUp(path.dirname(absolute), LOCKFILES)),
      // The database schema rules check queries against: migrations and schema.prisma, as the rules find them.
      schemas: schemaFiles(config).map(hashOfFile),
      globals: graph.globalsHash(),
    }),
  );
  const usable = previous?.projectKey === projectKey ? previous : undefined;
  const wanted = (file: string): boolean => (!options.onlyFiles || options.onlyFiles.has(file)) && !options.skipFiles?.has(file);
  // A file's findings depend on its role too, which its importers decide (browser code gets fewer rules).
  const keysWithRoles = (): Map<string, string> => {
    const roles = graph.roles(config, parsed.options);
    return new Map([...graph.keys(projectKey)].map(([file, key]) => [file, sha1(`${key}\0${roles.get(file)?.role ?? ''}`)]));
  };
  let keys = keysWithRoles();
  const hit = (file: string): FileEntry | undefined => {
    const entry = usable?.files[file];
    if (entry?.findings !== undefined && !areFindings(entry.findings)) return undefined;
    return entry && entry.key === keys.get(file) ? entry : undefined;
  };

  const candidates = graph.analysableFiles().filter(wanted);
  const projectEntryKey = sha1(`${projectKey}\0${graph.contentHash()}`);
  const cachedProject = usable?.project?.key === projectEntryKey && areFindings(usable.project.findings) && Array.isArray(usable.project.unresolvedPackages) ? usable.project : undefined;
  if (cachedProject && candidates.every((file) => hit(file))) {
    const files = candidates.filter((file) => hit(file)!.findings);
    const findings = [...cachedProject.findings, ...files.flatMap((file) => hit(file)!.findings!)];
    options.onProgress?.(files.length, files.length);
    return {
      tsconfig: absolute,
      config,
      findings,
      files,
      failures: [],
      skipped: [],
      warnings: tsconfigWarnings(parsed),
      unresolvedPackages: cachedProject.unresolvedPackages,
      libraryUse: cachedProject.libraryUse,
      otherRoles: new Map(Object.entries(cachedProject.otherRoles)),
      program: undefined,
      texts: graph.texts,
      stats: { hits: files.length, misses: 0, programCreated: false },
    };
  }

  const program = createProjectProgram(parsed);
  const analyzer = new Analyzer(program, RULES, config);
  const analysed = analyzer.filesToAnalyze().map((sourceFile) => sourceFile.fileName);
  const unreached = analysed.filter((file) => !graph.has(file));
  if (unreached.length) {
    graph.add(unreached);
    keys = keysWithRoles();
  }
  const entries: Record<string, FileEntry> = {};
  // Files analysed in another run (a subset on the command line) stay cached while their key holds.
  for (const file of graph.analysableFiles()) {
    const entry = hit(file);
    if (entry) entries[file] = entry;
  }
  const reported = new Set(analysed);
  for (const file of graph.analysableFiles()) if (!reported.has(file)) entries[file] = { key: keys.get(file)! };

  let project = cachedProject;
  let projectFindings = cachedProject?.findings;
  if (!projectFindings) {
    const before = analyzer.failures.length;
    projectFindings = analyzer.projectFindings();
    if (analyzer.failures.length === before) {
      project = { key: projectEntryKey, findings: projectFindings, unresolvedPackages: analyzer.unresolvedPackages(), libraryUse: libraryUse(analyzer), otherRoles: Object.fromEntries(analyzer.otherRoles()) };
    }
  }
  const files = analysed.filter(wanted);
  const findings: Finding[] = [...projectFindings];
  let hits = 0;
  files.forEach((file, index) => {
    const entry = hit(file);
    if (entry?.findings) {
      hits += 1;
      findings.push(...entry.findings);
    } else {
      const before = analyzer.failures.length + analyzer.skipped.length;
      const fileFindings = analyzer.analyzeFile(program.getSourceFile(file)!, { withFixes });
      findings.push(...fileFindings);
      // A file where a rule threw, or that was skipped, is analysed again next time, so that it is named again.
      if (analyzer.failures.length + analyzer.skipped.length === before) entries[file] = { key: keys.get(file)!, findings: fileFindings };
      else delete entries[file];
    }
    options.onProgress?.(index + 1, files.length);
  });
  writeCacheFile(cacheFile, {
    format: CACHE_FORMAT,
    projectKey,
    files: entries,
    ...(project ? { project } : {}),
    extraRoots: [...new Set([...(usable?.extraRoots ?? []), ...unreached])].filter((file) => graph.has(file)),
    preprocessed: graph.preprocessedByHash(),
  });
  return {
    tsconfig: absolute,
    config,
    findings,
    files,
    failures: analyzer.failures,
    skipped: analyzer.skipped,
    warnings: tsconfigWarnings(parsed),
    unresolvedPackages: project?.unresolvedPackages ?? analyzer.unresolvedPackages(),
    libraryUse: project?.libraryUse ?? libraryUse(analyzer),
    otherRoles: project ? new Map(Object.entries(project.otherRoles)) : analyzer.otherRoles(),
    program,
    texts: graph.texts,
    stats: { hits, misses: files.length - hits, programCreated: true },
  };
}

/**
 * The project's files and their imports, found the way the compiler resolves them but without
 * parsing or checking: `ts.preProcessFile` lists a file's imports, `resolveModule` maps them.
 */
class ImportGraph {
  readonly texts = new Map<string, string>();
  private readonly nodes = new Map<string, GraphNode>();
  private readonly preprocessed = new Map<string, Preprocessed>();
  private readonly resolutionCache: ts.ModuleResolutionCache;

  constructor(
    private readonly compilerOptions: ts.CompilerOptions,
    directory: string,
    private readonly known: Readonly<Record<string, Preprocessed>>,
  ) {
    this.resolutionCache = createResolutionCache(directory, compilerOptions);
  }

  has(file: string): boolean {
    return this.nodes.has(file);
  }

  add(roots: readonly string[]): void {
    const queue = [...roots];
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      if (this.nodes.has(file)) continue;
      const text = ts.sys.readFile(file);
      if (text === undefined) continue;
      this.texts.set(file, text);
      const hash = sha1(text);
      const info = this.preprocess(hash, text, file);
      const imports: string[] = [];
      const packages: string[] = info.types.map((name) => `types:${name}`);
      for (const specifier of info.imports) {
        const resolved = resolveModule(specifier, file, this.compilerOptions, this.resolutionCache).resolvedModule;
        if (!resolved) packages.push(`?${specifier}`);
        else if (resolved.isExternalLibraryImport) packages.push(resolved.packageId ? `${resolved.packageId.name}@${resolved.packageId.version}` : resolved.resolvedFileName);
        else imports.push(resolved.resolvedFileName);
      }
      for (const reference of info.references) imports.push(path.resolve(path.dirname(file), reference));
      this.nodes.set(file, { hash, imports, packages, global: info.global, specifiers: info.imports });
      queue.push(...imports);
    }
  }

  /** Each file's role, decided from the same inputs as a program's (see `Analyzer.roleOf`). */
  roles(config: ResolvedConfig, options: ts.CompilerOptions): Map<string, RoleDecision> {
    const inputs = [...this.nodes]
      .filter(([file]) => !file.endsWith('.d.ts'))
      .map(([file, node]) => ({ file, text: textSignals(this.texts.get(file)!), specifiers: node.specifiers, imports: node.imports }));
    return decideRoles(inputs, { root: config.root, globRoot: config.globRoot, tests: config.tests, scripts: config.scripts, browser: config.browser, server: config.server, browserProject: describesBrowserCode(options) });
  }

  /** Files hotpath may report on: sources, not declarations or JSON. */
  analysableFiles(): string[] {
    return [...this.nodes.keys()].filter((file) => ANALYSABLE.test(file) && !file.endsWith('.d.ts')).sort();
  }

  /** Declarations visible without an import change what every file means. */
  globalsHash(): string {
    return sha1([...this.nodes].filter(([, node]) => node.global).map(([file, node]) => `${file}\0${node.hash}`).sort().join('\n'));
  }

  /** Every file's content and imports: what project-level results (schema checks over all queries) depend on. */
  contentHash(): string {
    return sha1([...this.nodes].map(([file, node]) => `${file}\0${node.hash}\0${node.packages.join(',')}`).sort().join('\n'));
  }

  preprocessedByHash(): Record<string, Preprocessed> {
    return Object.fromEntries([...this.nodes.values()].map((node) => [node.hash, this.preprocessed.get(node.hash)!]));
  }

  /**
   * One key per file: its path and a hash over its strongly connected component of the import
   * graph (files that import each other share one) and, recursively, the components it imports.
   */
  keys(projectKey: string): Map<string, string> {
    const componentKey = new Map<string, string>();
    const index = new Map<string, number>();
    const lowLink = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    let counter = 0;
    // Tarjan's algorithm: components come out callees first, so their keys are known when a caller's is hashed.
    const connect = (file: string): void => {
      index.set(file, counter);
      lowLink.set(file, counter);
      counter += 1;
      stack.push(file);
      onStack.add(file);
      for (const imported of this.nodes.get(file)!.imports) {
        if (!this.nodes.has(imported)) continue;
        if (!index.has(imported)) {
          connect(imported);
          lowLink.set(file, Math.min(lowLink.get(file)!, lowLink.get(imported)!));
        } else if (onStack.has(imported)) {
          lowLink.set(file, Math.min(lowLink.get(file)!, index.get(imported)!));
        }
      }
      if (lowLink.get(file) !== index.get(file)) return;
      const members: string[] = [];
      for (let member = stack.pop()!; ; member = stack.pop()!) {
        onStack.delete(member);
        members.push(member);
        if (member === file) break;
      }
      const inside = new Set(members);
      const parts = members.map((member) => {
        const node = this.nodes.get(member)!;
        return `${member}\0${node.hash}\0${[...node.packages].sort().join(',')}`;
      });
      const dependencies = new Set<string>();
      for (const member of members) {
        for (const imported of this.nodes.get(member)!.imports) {
          const key = componentKey.get(imported);
          if (key && !inside.has(imported)) dependencies.add(key);
        }
      }
      const key = sha1([...parts.sort(), ...[...dependencies].sort()].join('\n'));
      for (const member of members) componentKey.set(member, key);
    };
    for (const file of this.nodes.keys()) if (!index.has(file)) connect(file);
    const importers = this.importers();
    return new Map([...componentKey].map(([file, key]) => [file, sha1(`${projectKey}\0${file}\0${key}\0${this.callersHash(file, importers)}`)]));
  }

  private importers(): Map<string, string[]> {
    const importers = new Map<string, string[]>();
    for (const [file, node] of this.nodes) {
      for (const imported of node.imports) {
        const list = importers.get(imported);
        if (list) list.push(file);
        else importers.set(imported, [file]);
      }
    }
    return importers;
  }

  /**
   * Findings depend on callers too (start-up code, the request path, what a loop's parameter holds):
   * the content of the files that import this one, and of those that import them (a re-exporting
   * index file in between), up to `CALLER_LEVELS` away.
   */
  private callersHash(file: string, importers: ReadonlyMap<string, readonly string[]>): string {
    const reached = new Set<string>();
    let level = [file];
    for (let depth = 0; depth < CALLER_LEVELS && level.length; depth++) {
      level = level.flatMap((current) => importers.get(current) ?? []).filter((importer) => !reached.has(importer) && importer !== file);
      for (const importer of level) reached.add(importer);
    }
    return sha1([...reached].map((importer) => `${importer}\0${this.nodes.get(importer)!.hash}`).sort().join('\n'));
  }

  private preprocess(hash: string, text: string, file: string): Preprocessed {
    let info = this.preprocessed.get(hash) ?? this.known[hash];
    if (!info || !isPreprocessed(info)) {
      const result = ts.preProcessFile(text, true, true);
      info = {
        imports: importSpecifiers(result),
        references: result.referencedFiles.map((reference) => reference.fileName),
        types: result.typeReferenceDirectives.map((reference) => reference.fileName),
        global: file.endsWith('.json') ? false : GLOBAL_DECLARATIONS.test(text) || !MODULE_SYNTAX.test(text),
      };
    }
    this.preprocessed.set(hash, info);
    return info;
  }
}

/** How many import levels up a file's callers are followed for its key: a caller, and one re-exporting file between. */
const CALLER_LEVELS = 2;

/** A cached entry's findings as the formatters need them: anything else is recomputed. */
function areFindings(value: unknown): value is readonly Finding[] {
  return (
    Array.isArray(value) &&
    value.every((item: Partial<Finding> | null) => typeof item === 'object' && item !== null && typeof item.ruleId === 'string' && typeof item.file === 'string' && typeof item.message === 'string' && Number.isInteger(item.start) && Number.isInteger(item.end))
  );
}

function isPreprocessed(value: Partial<Preprocessed>): value is Preprocessed {
  const strings = (items: unknown): boolean => Array.isArray(items) && items.every((item) => typeof item === 'string');
  return strings(value.imports) && strings(value.references) && strings(value.types) && typeof value.global === 'boolean';
}

function readCacheFile(file: string): CacheFile | undefined {
  try {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CacheFile> | null;
    if (raw?.format !== CACHE_FORMAT || typeof raw.projectKey !== 'string' || typeof raw.files !== 'object' || !raw.files) return undefined;
    if (!Array.isArray(raw.extraRoots) || typeof raw.preprocessed !== 'object' || !raw.preprocessed) return undefined;
    return raw as CacheFile;
  } catch {
    // Missing, truncated or hand-edited: the cache is only ever an optimisation.
    return undefined;
  }
}

function writeCacheFile(file: string, contents: CacheFile): void {
  try {
    writeFileAtomic(file, JSON.stringify(contents));
  } catch {
    // A read-only or full disk costs speed next time, never this run's result.
  }
}

/** The nearest of `names` at or above `directory`. */
function findUp(directory: string, names: readonly string[]): string | undefined {
  for (let current = directory; ; current = path.dirname(current)) {
    for (const name of names) {
      const candidate = path.join(current, name);
      if (fs.existsSync(candidate)) return candidate;
    }
    if (path.dirname(current) === current) return undefined;
  }
}

function hashOfFile(file: string | undefined): string {
  if (!file) return '';
  try {
    return `${file}\0${sha1(fs.readFileSync(file))}`;
  } catch {
    return '';
  }
}

/** JSON with object keys, maps and sets in sorted order: equal values give equal text. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (value instanceof Map) return normalise(Object.fromEntries([...value].map(([key, item]) => [String(key), item])));
  if (value instanceof Set) return [...value].map(stableStringify).sort();
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, normalise((value as Record<string, unknown>)[key])]),
  );
}

function sha1(data: string | Buffer): string {
  return crypto.createHash('sha1').update(data).digest('hex');
}
