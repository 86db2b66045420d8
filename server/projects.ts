import path from 'node:path';
import ts from 'typescript';
import { Analyzer, ValueStore } from '../core/analyzer';
import type { ResolvedConfig } from '../core/config';
import { discoverProjects } from '../core/discovery';
import { createResolutionCache, findTsconfig, JSDOC_PARSING_MODE, readTsconfig, resolveModule } from '../core/project';
import { RULES } from '../rules';
import { textChange } from './incremental';

/** A file open in the editor: its text as the client last sent it. */
export interface OpenFile {
  readonly version: number;
  readonly text: string;
}

/** How projects read open files; everything else comes from disk. */
export type OpenFileReader = (fileName: string) => OpenFile | undefined;

/** Options of the project a file gets when no tsconfig.json includes it. */
const INFERRED_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowJs: true,
  strict: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
};

/**
 * A snapshot that knows what changed since the previous one, so the language service reparses
 * only the edited region of a file instead of the whole text on every keystroke.
 */
class TextSnapshot implements ts.IScriptSnapshot {
  constructor(readonly text: string) {}

  getText(start: number, end: number): string {
    return this.text.slice(start, end);
  }

  getLength(): number {
    return this.text.length;
  }

  getChangeRange(previous: ts.IScriptSnapshot): ts.TextChangeRange | undefined {
    if (!(previous instanceof TextSnapshot)) return undefined;
    const change = textChange(previous.text, this.text);
    if (!change) return ts.unchangedTextChangeRange;
    return ts.createTextChangeRange(ts.createTextSpan(change.start, change.oldEnd - change.start), change.newEnd - change.start);
  }
}

/** The text a program was built from for one file, under a version that changes only when the text does. */
interface FileEntry {
  readonly version: string;
  readonly snapshot: TextSnapshot;
  /** The disk generation it was read at; undefined when it came from the editor. */
  readonly generation: number | undefined;
}

/**
 * What every project's language service reads files through: open documents from memory, the
 * rest from disk (kept: the language service asks for every file each time it rebuilds a
 * program). A file's script version moves only when its text changes — opening or closing an
 * unedited file keeps the program — so programs are rebuilt only after real edits.
 */
class FileStore {
  /** Bumped on every change a program may depend on. */
  version = 0;
  private readonly entries = new Map<string, FileEntry>();
  /** Bumped when a file changes on disk (or is closed): it is read again on next use. */
  private readonly diskGenerations = new Map<string, number>();
  private nextVersion = 0;

  constructor(private readonly readOpen: OpenFileReader) {}

  scriptVersion(fileName: string): string {
    return this.current(fileName)?.version ?? 'missing';
  }

  snapshot(fileName: string): ts.IScriptSnapshot | undefined {
    return this.current(fileName)?.snapshot;
  }

  /** The files read so far. */
  known(): string[] {
    return [...this.entries.keys()];
  }

  /** Forgets the files no project uses any more. */
  retainOnly(fileNames: ReadonlySet<string>): void {
    for (const fileName of this.entries.keys()) if (!fileNames.has(fileName)) this.entries.delete(fileName);
  }

  openChanged(): void {
    this.version++;
  }

  closed(fileName: string): void {
    this.changedOnDisk(fileName);
  }

  changedOnDisk(fileName: string): void {
    this.diskGenerations.set(fileName, (this.diskGenerations.get(fileName) ?? 0) + 1);
    this.version++;
  }

  private current(fileName: string): FileEntry | undefined {
    const entry = this.entries.get(fileName);
    const open = this.readOpen(fileName);
    const generation = this.diskGenerations.get(fileName) ?? 0;
    if (!open && entry?.generation === generation) return entry;
    const text = open ? open.text : ts.sys.readFile(fileName);
    if (text === undefined) {
      this.entries.delete(fileName);
      return undefined;
    }
    const source = open ? undefined : generation;
    if (entry?.snapshot.text === text) {
      if (entry.generation === source) return entry;
      const reread: FileEntry = { ...entry, generation: source };
      this.entries.set(fileName, reread);
      return reread;
    }
    const fresh: FileEntry = { version: String(++this.nextVersion), snapshot: new TextSnapshot(text), generation: source };
    this.entries.set(fileName, fresh);
    return fresh;
  }
}

/** One tsconfig project (or the inferred project of a folder) and its language service. */
export class Project {
  private readonly service: ts.LanguageService;
  private parsed: ts.ParsedCommandLine;
  private included: Set<string>;
  /** Open files of an inferred project: its only roots. */
  private readonly openRoots = new Set<string>();
  private rootsVersion = 0;
  /** The analyzer of the last program and config asked for (it holds both). */
  private analyzerCache: Analyzer | undefined;
  /**
   * Module resolutions and package.json lookups kept across keystroke programs (a new program
   * would otherwise redo both from disk for the edited file, and look up the package.json of every
   * library file again). Renewed when files are created or deleted.
   */
  private resolutions: ts.ModuleResolutionCache;
  private diskValues: { readonly config: ResolvedConfig; readonly store: ValueStore } | undefined;
  /** Files the compiler's parser overflowed on (nesting thousands deep), by the script version it failed on: read as empty. */
  private readonly unparsable = new Map<string, string>();

  constructor(
    /** The tsconfig path, or `inferred:<root>`. */
    readonly key: string,
    /** The folder `hotpath.json` and ignore globs are resolved against. */
    readonly root: string,
    readonly tsconfig: string | undefined,
    files: FileStore,
    registry: ts.DocumentRegistry,
  ) {
    this.parsed = this.readParsed();
    this.included = new Set(this.parsed.fileNames);
    this.resolutions = this.newResolutionCache();
    // `getModuleResolutionCache` is not in the public host type, but the language service hands it to
    // each program it builds (tsserver relies on it): it is how the package.json lookups persist.
    // `useSourceOfProjectReferenceRedirect` is not in the public host type either; the CLI's programs set it too (see createProjectProgram).
    const host: ts.LanguageServiceHost & { getModuleResolutionCache(): ts.ModuleResolutionCache; useSourceOfProjectReferenceRedirect(): boolean } = {
      getProjectVersion: () => `${files.version}:${this.rootsVersion}`,
      getScriptFileNames: () => (tsconfig ? this.parsed.fileNames : [...this.openRoots]),
      getScriptVersion: (fileName) => (this.isUnparsable(files, fileName) ? `unparsable:${files.scriptVersion(fileName)}` : files.scriptVersion(fileName)),
      getScriptSnapshot: (fileName) => (this.isUnparsable(files, fileName) ? ts.ScriptSnapshot.fromString('') : files.snapshot(fileName)),
      getCompilationSettings: () => this.parsed.options,
      getProjectReferences: () => this.parsed.projectReferences,
      getCurrentDirectory: () => root,
      getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
      realpath: ts.sys.realpath,
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
      jsDocParsingMode: JSDOC_PARSING_MODE,
      getModuleResolutionCache: () => this.resolutions,
      useSourceOfProjectReferenceRedirect: () => true,
      resolveModuleNameLiterals: (literals, containingFile, redirected, options, containingSourceFile) =>
        literals.map((literal) => this.resolveModule(literal.text, containingFile, options, redirected, ts.getModeForUsageLocation(containingSourceFile, literal, options))),
    };
    this.service = ts.createLanguageService(host, registry);
    this.files = files;
  }

  private readonly files: FileStore;

  private isUnparsable(files: FileStore, fileName: string): boolean {
    return this.unparsable.size > 0 && this.unparsable.get(fileName) === files.scriptVersion(fileName);
  }

  get isInferred(): boolean {
    return this.tsconfig === undefined;
  }

  /** The current program: rebuilt from the previous one when a file changed, the same object otherwise. */
  program(): ts.Program {
    let program: ts.Program | undefined;
    try {
      program = this.service.getProgram();
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      // One file the parser cannot parse must not cost every other file its diagnostics: find it, read it as empty, build again.
      this.markUnparsable();
      program = this.service.getProgram();
    }
    if (!program) throw new Error(`no program for ${this.key}`);
    return program;
  }

  /** Parses each file the program may read, alone, to find those the parser overflows on (only after a program failed to build). */
  private markUnparsable(): void {
    const candidates = new Set([...(this.tsconfig ? this.parsed.fileNames : this.openRoots), ...this.files.known()]);
    for (const fileName of candidates) {
      const snapshot = this.files.snapshot(fileName);
      if (!snapshot) continue;
      try {
        ts.createSourceFile(fileName, snapshot.getText(0, snapshot.getLength()), ts.ScriptTarget.Latest);
      } catch (error) {
        if (error instanceof RangeError) this.unparsable.set(fileName, this.files.scriptVersion(fileName));
      }
    }
    // The language service remembers the project version it failed on: a new one makes it build again.
    this.rootsVersion++;
  }

  /** An analyzer for the current program and this config; a new program gets a new one, keeping the summaries its change cannot reach. */
  analyzer(config: ResolvedConfig): Analyzer {
    const program = this.program();
    const cached = this.analyzerCache;
    if (cached?.program === program && cached.config === config) return cached;
    // A keystroke makes a new program, not a new schema: values read from disk outlive the program.
    if (this.diskValues?.config !== config) this.diskValues = { config, store: new ValueStore() };
    const analyzer = new Analyzer(program, RULES, config, this.diskValues.store, cached);
    this.analyzerCache = analyzer;
    return analyzer;
  }

  private resolveModule(
    specifier: string,
    containingFile: string,
    options: ts.CompilerOptions,
    redirected: ts.ResolvedProjectReference | undefined,
    mode: ts.ResolutionMode,
  ): ts.ResolvedModuleWithFailedLookupLocations {
    const cached = resolveModule(specifier, containingFile, options, this.resolutions, ts.sys, redirected, mode);
    if (cached.resolvedModule) return cached;
    // A remembered failure may be stale (a package installed since, which no file event reports): ask the disk.
    const fresh = resolveModule(specifier, containingFile, options, undefined, ts.sys, redirected, mode);
    if (fresh.resolvedModule) this.resolutions = this.newResolutionCache();
    return fresh;
  }

  private newResolutionCache(): ts.ModuleResolutionCache {
    return createResolutionCache(this.root, this.parsed.options);
  }

  /** Schema or migration files changed: values rules derived from them must be recomputed. */
  dropAnalyzer(): void {
    this.analyzerCache = undefined;
    this.diskValues = undefined;
  }

  includes(fileName: string): boolean {
    return this.isInferred ? this.openRoots.has(fileName) : this.included.has(fileName);
  }

  /** The files the tsconfig lists (an inferred project's: its open files). */
  listedFiles(): readonly string[] {
    return this.isInferred ? [...this.openRoots] : this.parsed.fileNames;
  }

  /** True when a file under this project's folder may be part of it (used for disk events). */
  covers(fileName: string): boolean {
    return isInside(this.root, fileName);
  }

  addOpenRoot(fileName: string): void {
    if (this.openRoots.has(fileName)) return;
    this.openRoots.add(fileName);
    this.rootsVersion++;
  }

  removeOpenRoot(fileName: string): void {
    if (this.openRoots.delete(fileName)) this.rootsVersion++;
  }

  get hasOpenRoots(): boolean {
    return this.openRoots.size > 0;
  }

  /** Files were created or deleted: the tsconfig's include globs may match a different set. */
  refreshFileNames(): void {
    if (!this.isInferred) this.useParsed(this.readParsed());
  }

  /** For a host told of no file events: reads the tsconfig's file list again, and refreshes only when it differs. */
  refreshFileNamesIfChanged(): void {
    if (this.isInferred) return;
    const parsed = this.readParsed();
    if (parsed.fileNames.length !== this.included.size || parsed.fileNames.some((fileName) => !this.included.has(fileName))) this.useParsed(parsed);
  }

  private useParsed(parsed: ts.ParsedCommandLine): void {
    this.parsed = parsed;
    this.included = new Set(this.parsed.fileNames);
    this.resolutions = this.newResolutionCache();
    this.rootsVersion++;
  }

  dispose(): void {
    this.service.dispose();
    this.analyzerCache = undefined;
    this.diskValues = undefined;
  }

  private readParsed(): ts.ParsedCommandLine {
    if (!this.tsconfig) return { options: INFERRED_OPTIONS, fileNames: [], errors: [] };
    const parsed = readTsconfig(this.tsconfig);
    // The language service wants the same slash style as the program's file names.
    return { ...parsed, fileNames: parsed.fileNames.map(normalizeFileName) };
  }
}

/** A tsconfig that could not be read: its files go to an inferred project until it is fixed. */
export interface ProjectLoadError {
  readonly tsconfig: string;
  readonly message: string;
}

/**
 * Finds the project of each file and keeps one language service per project. All services share
 * one document registry, so a file (library typings above all) is parsed once for every project
 * with the same compiler settings.
 */
export class ProjectService {
  private readonly files: FileStore;
  private readonly registry = ts.createDocumentRegistry(ts.sys.useCaseSensitiveFileNames, undefined, JSDOC_PARSING_MODE);
  private readonly projects = new Map<string, Project>();
  /** Project of each open file, decided once while it stays open. */
  private readonly owners = new Map<string, Project>();

  constructor(
    readOpen: OpenFileReader,
    private readonly workspaceRoots: () => readonly string[],
    private readonly onLoadError: (error: ProjectLoadError) => void,
  ) {
    this.files = new FileStore(readOpen);
  }

  /** The project an open file belongs to: the nearest tsconfig.json that includes it, else an inferred one. */
  projectOfOpenFile(fileName: string): Project {
    const known = this.owners.get(fileName);
    if (known) return known;
    const project = this.ownerOf(fileName) ?? this.inferredProjectFor(fileName);
    if (project.isInferred) project.addOpenRoot(fileName);
    this.owners.set(fileName, project);
    return project;
  }

  /** The tsconfig project that owns a file: the nearest tsconfig.json above it that lists it. Not remembered (for files that are not open). */
  ownerOf(fileName: string): Project | undefined {
    for (let start = path.dirname(fileName); ; ) {
      const tsconfig = findTsconfig(start);
      if (!tsconfig) return undefined;
      const project = this.load(normalizeFileName(tsconfig));
      if (project?.includes(fileName)) return project;
      const parent = path.dirname(path.dirname(tsconfig));
      if (parent === path.dirname(tsconfig)) return undefined;
      start = parent;
    }
  }

  openFiles(): string[] {
    return [...this.owners.keys()];
  }

  /**
   * The projects of the workspace folders, found as the CLI finds them (deepest first), then any
   * other project loaded for an open file.
   */
  discover(): Project[] {
    const found: Project[] = [];
    for (const folder of this.workspaceRoots()) {
      const nested = discoverProjects(folder);
      const fallback = nested.length ? [] : [findTsconfig(folder)].flatMap((tsconfig) => tsconfig ?? []);
      for (const tsconfig of [...nested, ...fallback]) {
        const project = this.load(normalizeFileName(tsconfig));
        if (project && !found.includes(project)) found.push(project);
      }
    }
    return [...found, ...[...this.projects.values()].filter((project) => !found.includes(project))];
  }

  knownProjects(): Project[] {
    return [...this.projects.values()];
  }

  openFileChanged(): void {
    this.files.openChanged();
  }

  openFileClosed(fileName: string): void {
    const project = this.owners.get(fileName);
    this.owners.delete(fileName);
    this.files.closed(fileName);
    if (project) this.releaseOpenRoot(project, fileName);
  }

  /** A source file changed on disk; created or deleted ones may change what the tsconfigs include. Returns the projects affected. */
  sourceFilesChanged(changes: readonly { readonly fileName: string; readonly createdOrDeleted: boolean }[]): Project[] {
    const affected = new Set<Project>();
    for (const { fileName, createdOrDeleted } of changes) {
      this.files.changedOnDisk(fileName);
      for (const project of this.projects.values()) {
        if (!project.covers(fileName) && !project.includes(fileName)) continue;
        affected.add(project);
        if (createdOrDeleted) project.refreshFileNames();
      }
    }
    if (changes.some((change) => change.createdOrDeleted)) this.reassignOpenFiles(affected);
    return [...affected];
  }

  /**
   * For a host told of no file events (the MCP server): every file read from disk outside
   * node_modules is read again on next use (an unchanged text keeps its version, so the program
   * stays), and projects whose tsconfig now lists other files (created, deleted) are refreshed.
   */
  rereadFromDisk(): void {
    for (const fileName of this.files.known()) if (!fileName.includes('/node_modules/')) this.files.changedOnDisk(fileName);
    for (const project of this.projects.values()) project.refreshFileNamesIfChanged();
  }

  /** The project of a tsconfig, loaded on first use; undefined when it cannot be read (reported to `onLoadError`). */
  projectOf(tsconfig: string): Project | undefined {
    return this.load(normalizeFileName(tsconfig));
  }

  /** A tsconfig changed (possibly one others extend): every language service is rebuilt on next use. */
  reloadAll(): void {
    for (const project of this.projects.values()) project.dispose();
    this.projects.clear();
    this.owners.clear();
    this.files.openChanged();
    this.dropUnusedSnapshots();
  }

  /** Keeps memory bounded by what the remaining projects use. */
  private dropUnusedSnapshots(): void {
    const used = new Set<string>();
    for (const project of this.projects.values()) for (const sourceFile of project.program().getSourceFiles()) used.add(sourceFile.fileName);
    this.files.retainOnly(used);
  }

  private reassignOpenFiles(projects: ReadonlySet<Project>): void {
    for (const [fileName, owner] of [...this.owners]) {
      if (!projects.has(owner) && !owner.isInferred) continue;
      this.owners.delete(fileName);
      if (this.projectOfOpenFile(fileName) !== owner) this.releaseOpenRoot(owner, fileName);
    }
  }

  /** An inferred project exists for its open files: it goes with the last of them. */
  private releaseOpenRoot(project: Project, fileName: string): void {
    if (!project.isInferred) return;
    project.removeOpenRoot(fileName);
    if (project.hasOpenRoots) return;
    project.dispose();
    this.projects.delete(project.key);
    this.dropUnusedSnapshots();
  }

  private load(tsconfig: string): Project | undefined {
    const known = this.projects.get(tsconfig);
    if (known) return known;
    try {
      const project = new Project(tsconfig, path.dirname(tsconfig), tsconfig, this.files, this.registry);
      this.projects.set(tsconfig, project);
      return project;
    } catch (error) {
      this.onLoadError({ tsconfig, message: (error as Error).message });
      return undefined;
    }
  }

  /** The workspace folder a file is in, if any. */
  workspaceFolderOf(fileName: string): string | undefined {
    return this.workspaceRoots().find((root) => isInside(root, fileName));
  }

  private inferredProjectFor(fileName: string): Project {
    const root = normalizeFileName(this.workspaceFolderOf(fileName) ?? path.dirname(fileName));
    const key = `inferred:${root}`;
    const known = this.projects.get(key);
    if (known) return known;
    const project = new Project(key, root, undefined, this.files, this.registry);
    this.projects.set(key, project);
    return project;
  }
}

/** TypeScript's spelling of a path: forward slashes. */
export function normalizeFileName(fileName: string): string {
  return fileName.replace(/\\/g, '/');
}

function isInside(folder: string, fileName: string): boolean {
  const relative = path.relative(folder, fileName);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}
