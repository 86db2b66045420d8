import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import ts from 'typescript';
import { directoryEntries } from './discovery';
import { packageOfSpecifier } from './untyped';

/**
 * Workspace packages before a build. In pnpm, npm, Yarn, Nx and Turborepo monorepos an internal
 * package's `types`/`main`/`exports` name a `dist/` that exists only after a build, so the compiler
 * resolves nothing and every call into the package is invisible. Its bundler reads the sources
 * instead; so does hotpath, and only for packages of the workspace, only when the normal
 * resolution failed: a built package keeps its declarations.
 */

/** A package of the workspace: its name and folder, and the manifest fields that name entry points. */
interface WorkspacePackage {
  readonly name: string;
  readonly directory: string;
  readonly manifest: PackageManifest;
}

interface PackageManifest {
  readonly name?: unknown;
  readonly types?: unknown;
  readonly typings?: unknown;
  readonly main?: unknown;
  readonly module?: unknown;
  readonly source?: unknown;
  readonly exports?: unknown;
  readonly workspaces?: unknown;
}

interface Workspace {
  readonly root: string;
  /** What the workspace globs were read from, and when it last changed: a new glob is a new workspace. */
  readonly stamp: string;
  readonly packages: ReadonlyMap<string, WorkspacePackage>;
  /** `paths` of the root tsconfig (`tsconfig.base.json`, `tsconfig.json`), which packages do not always extend. */
  rootPaths?: ts.CompilerOptions | null;
}

/** Export conditions that name a package's sources (`"source"`, Vite's and Nx's `"development"`). */
const SOURCE_CONDITIONS = ['source', 'development'];
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];
/** Where builds put their output, when the package's tsconfig does not say. */
const OUTPUT_FOLDERS = ['dist', 'build', 'lib', 'out'];
const COMPILED_EXTENSION = /(\.d)?\.[cm]?[jt]sx?$/;
const MAX_GLOB_DEPTH = 6;

const rootOfDirectory = new Map<string, string | null>();
const workspaces = new Map<string, Workspace>();
const packageOptions = new Map<string, { readonly outDir?: string; readonly rootDir?: string }>();

/**
 * Resolves `specifier` (a bare package name, maybe with a subpath) to the sources of a workspace
 * package, as its bundler would: a `source`/`development` export condition, the root tsconfig's
 * `paths`, its entry points mapped from the build's output folder back to its sources
 * (the tsconfig's `outDir` → `rootDir`, else `dist/` → `src/`), then `src/index.ts`.
 */
export function resolveWorkspaceSource(specifier: string, containingFile: string, options: ts.CompilerOptions, host: ts.ModuleResolutionHost): ts.ResolvedModuleFull | undefined {
  const name = packageOfSpecifier(specifier);
  if (!name || name !== specifier.slice(0, name.length)) return undefined;
  const workspace = workspaceOf(path.dirname(containingFile));
  const pkg = workspace?.packages.get(name);
  if (!workspace || !pkg) return undefined;
  const subpath = specifier.slice(name.length);
  const file = byCondition(specifier, pkg, options, host) ?? byRootPaths(specifier, containingFile, workspace, host) ?? byEntryPoints(subpath, pkg);
  return file ? { resolvedFileName: file, extension: extensionOf(file), isExternalLibraryImport: false } : undefined;
}

/** The package resolves itself (a self-reference) with the source conditions on: only its own `exports` map is read. */
function byCondition(specifier: string, pkg: WorkspacePackage, options: ts.CompilerOptions, host: ts.ModuleResolutionHost): string | undefined {
  if (!mentionsSourceCondition(pkg.manifest.exports)) return undefined;
  const conditions: ts.CompilerOptions = {
    ...options,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    customConditions: [...SOURCE_CONDITIONS, ...(options.customConditions ?? [])],
    paths: undefined,
  };
  const resolved = ts.resolveModuleName(specifier, path.join(pkg.directory, 'package.json'), conditions, host).resolvedModule;
  return resolved && isSource(resolved.resolvedFileName) ? resolved.resolvedFileName : undefined;
}

function mentionsSourceCondition(exports: unknown): boolean {
  if (!exports || typeof exports !== 'object') return false;
  return Object.entries(exports).some(([key, value]) => SOURCE_CONDITIONS.includes(key) || mentionsSourceCondition(value));
}

function byRootPaths(specifier: string, containingFile: string, workspace: Workspace, host: ts.ModuleResolutionHost): string | undefined {
  if (workspace.rootPaths === undefined) workspace.rootPaths = readRootPaths(workspace.root);
  if (!workspace.rootPaths) return undefined;
  const resolved = ts.resolveModuleName(specifier, containingFile, workspace.rootPaths, host).resolvedModule;
  return resolved && isSource(resolved.resolvedFileName) ? resolved.resolvedFileName : undefined;
}

function readRootPaths(root: string): ts.CompilerOptions | null {
  for (const name of ['tsconfig.base.json', 'tsconfig.json']) {
    const options = compilerOptionsOf(path.join(root, name));
    if (options?.paths) return { paths: options.paths, baseUrl: options.baseUrl, pathsBasePath: options.pathsBasePath, moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext, allowJs: true };
  }
  return null;
}

/** A tsconfig's compiler options, `extends` followed, without listing its files (no directory walk). */
function compilerOptionsOf(tsconfig: string): ts.CompilerOptions | undefined {
  if (!fs.existsSync(tsconfig)) return undefined;
  const { config } = ts.readConfigFile(tsconfig, ts.sys.readFile);
  if (!config) return undefined;
  const host: ts.ParseConfigHost = { ...ts.sys, readDirectory: () => [] };
  return ts.parseJsonConfigFileContent(config, host, path.dirname(tsconfig), undefined, tsconfig).options;
}

/** The manifest's entry points for the subpath, each mapped from the build output back to a source file. */
function byEntryPoints(subpath: string, pkg: WorkspacePackage): string | undefined {
  const entries = [...exportTargets(pkg.manifest.exports, subpath)];
  if (subpath === '') {
    for (const field of ['source', 'types', 'typings', 'module', 'main'] as const) {
      const value = pkg.manifest[field];
      if (typeof value === 'string') entries.push(value);
    }
    entries.push('src/index', 'index');
  } else {
    entries.push(subpath.slice(1), `src${subpath}`);
  }
  const { outDir, rootDir } = buildFolders(pkg.directory);
  const outputs = [...new Set([...(outDir ? [outDir] : []), ...OUTPUT_FOLDERS])];
  const sources = [...new Set([...(rootDir !== undefined ? [rootDir] : []), 'src', ''])];
  for (const entry of entries) {
    const relative = path.posix.normalize(entry.replace(/\\/g, '/')).replace(/^\.\//, '');
    const stem = relative.replace(COMPILED_EXTENSION, '');
    const output = outputs.find((folder) => stem === folder || stem.startsWith(`${folder}/`));
    const rest = output === undefined ? [stem] : sources.map((source) => path.posix.join(source, stem.slice(output.length)));
    for (const candidate of rest) {
      const file = sourceFileAt(path.join(pkg.directory, candidate));
      if (file) return file;
    }
  }
  return undefined;
}

/** The targets `exports` names for a subpath, under every condition (their order kept). */
function* exportTargets(exports: unknown, subpath: string): Generator<string> {
  if (typeof exports === 'string') {
    if (subpath === '') yield exports;
    return;
  }
  if (!exports || typeof exports !== 'object') return;
  const keys = Object.keys(exports);
  const bySubpath = keys.some((key) => key.startsWith('.'));
  if (!bySubpath) {
    if (subpath === '') yield* leaves(exports);
    return;
  }
  const key = `.${subpath}`;
  const value = (exports as Record<string, unknown>)[key];
  if (value !== undefined) {
    yield* leaves(value);
    return;
  }
  // A pattern `./*` maps `./x` to its targets with `*` replaced.
  for (const pattern of keys) {
    const star = pattern.indexOf('*');
    if (star < 0 || !key.startsWith(pattern.slice(0, star)) || !key.endsWith(pattern.slice(star + 1))) continue;
    const matched = key.slice(star, key.length - (pattern.length - star - 1));
    for (const target of leaves((exports as Record<string, unknown>)[pattern])) yield target.replace('*', matched);
  }
}

function* leaves(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* leaves(item);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) yield* leaves(item);
}

/** Where the package's build writes its output and reads its sources, from its build tsconfig. */
function buildFolders(directory: string): { readonly outDir?: string; readonly rootDir?: string } {
  let known = packageOptions.get(directory);
  if (!known) {
    known = {};
    for (const name of ['tsconfig.build.json', 'tsconfig.lib.json', 'tsconfig.json']) {
      const options = compilerOptionsOf(path.join(directory, name));
      if (!options?.outDir) continue;
      const relative = (folder: string | undefined): string | undefined => (folder === undefined ? undefined : path.relative(directory, folder).replace(/\\/g, '/'));
      known = { outDir: relative(options.outDir), rootDir: relative(options.rootDir) };
      break;
    }
    packageOptions.set(directory, known);
  }
  return known;
}

/** A TypeScript source at this path without extension, or this folder's index. */
function sourceFileAt(stem: string): string | undefined {
  for (const candidate of [...SOURCE_EXTENSIONS.map((extension) => stem + extension), ...SOURCE_EXTENSIONS.map((extension) => path.join(stem, `index${extension}`))]) {
    if (ts.sys.fileExists(candidate)) return candidate.replace(/\\/g, '/');
  }
  return undefined;
}

function isSource(fileName: string): boolean {
  return !/\.d\.[cm]?ts$/.test(fileName) && SOURCE_EXTENSIONS.some((extension) => fileName.endsWith(extension));
}

function extensionOf(fileName: string): ts.Extension {
  if (fileName.endsWith('.tsx')) return ts.Extension.Tsx;
  if (fileName.endsWith('.mts')) return ts.Extension.Mts;
  if (fileName.endsWith('.cts')) return ts.Extension.Cts;
  return ts.Extension.Ts;
}

/**
 * The folders of the workspace packages that the package at or above `directory` depends on
 * (`dependencies`, `devDependencies`, `peerDependencies`), as pnpm links them.
 */
export function workspaceDependencyFolders(directory: string): string[] {
  const workspace = workspaceOf(directory);
  if (!workspace) return [];
  for (let current = directory; ; current = path.dirname(current)) {
    const manifest = readJson(path.join(current, 'package.json')) as Record<string, unknown> | undefined;
    if (manifest) {
      const names = ['dependencies', 'devDependencies', 'peerDependencies'].flatMap((field) => Object.keys((manifest[field] as Record<string, unknown> | undefined) ?? {}));
      return names.flatMap((name) => {
        const pkg = workspace.packages.get(name);
        return pkg && pkg.directory !== current ? [pkg.directory] : [];
      });
    }
    if (current === workspace.root || path.dirname(current) === current) return [];
  }
}

/** The workspace a folder is in: the nearest folder above it that declares workspace globs. */
function workspaceOf(directory: string): Workspace | undefined {
  const root = workspaceRootOf(directory);
  if (!root) return undefined;
  // Asked for every import that did not resolve: the manifest's date, not its text, tells whether the globs changed.
  const known = workspaces.get(root);
  if (known && known.stamp === stampOf(known.stamp.slice(0, known.stamp.lastIndexOf('@')))) return known;
  const globs = workspaceGlobs(root);
  const workspace: Workspace = { root, stamp: globs?.stamp ?? '', packages: globs ? packagesMatching(root, globs.patterns) : new Map() };
  workspaces.set(root, workspace);
  return workspace;
}

function workspaceRootOf(directory: string): string | undefined {
  const visited: string[] = [];
  let found: string | null | undefined;
  for (let current = directory; ; current = path.dirname(current)) {
    found = rootOfDirectory.get(current);
    if (found !== undefined) break;
    visited.push(current);
    if (path.basename(current) !== 'node_modules' && workspaceGlobs(current)) {
      found = current;
      break;
    }
    if (path.dirname(current) === current) {
      found = null;
      break;
    }
  }
  for (const folder of visited) rootOfDirectory.set(folder, found);
  return found ?? undefined;
}

/** The package globs a folder declares: `pnpm-workspace.yaml`, package.json `workspaces`, `lerna.json`. */
function workspaceGlobs(directory: string): { readonly patterns: readonly string[]; readonly stamp: string } | undefined {
  const pnpm = path.join(directory, 'pnpm-workspace.yaml');
  if (fs.existsSync(pnpm)) return { patterns: pnpmPackages(fs.readFileSync(pnpm, 'utf8')), stamp: stampOf(pnpm) };
  for (const name of ['package.json', 'lerna.json']) {
    const file = path.join(directory, name);
    if (!fs.existsSync(file)) continue;
    const manifest = readJson(file) as { workspaces?: unknown; packages?: unknown } | undefined;
    const declared = name === 'package.json' ? manifest?.workspaces : manifest?.packages;
    const list = Array.isArray(declared) ? declared : (declared as { packages?: unknown } | undefined)?.packages;
    if (Array.isArray(list)) return { patterns: list.filter((item): item is string => typeof item === 'string'), stamp: stampOf(file) };
  }
  return undefined;
}

/** `<file>@<mtime>`; a file that is gone has a stamp no file has. */
function stampOf(file: string): string {
  try {
    return `${file}@${fs.statSync(file).mtimeMs}`;
  } catch {
    return `${file}@gone`;
  }
}

/** The `packages:` list of a pnpm-workspace.yaml (block or flow style); the rest of the file is not read. */
export function pnpmPackages(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => /^packages\s*:/.test(line));
  if (start < 0) return [];
  const unquote = (item: string): string => item.trim().replace(/^['"]|['"]$/g, '');
  const inline = /^packages\s*:\s*\[(.*)\]/.exec(lines[start]!);
  if (inline) return inline[1]!.split(',').map(unquote).filter(Boolean);
  const patterns: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const item = /^\s*-\s*(.+?)\s*(#.*)?$/.exec(line);
    if (item) patterns.push(unquote(item[1]!));
  }
  return patterns;
}

/** Folders matching the globs (negations honoured) that hold a named package.json. */
function packagesMatching(root: string, patterns: readonly string[]): Map<string, WorkspacePackage> {
  const positive = patterns.filter((pattern) => !pattern.startsWith('!')).map(normaliseGlob);
  const negative = patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => normaliseGlob(pattern.slice(1)));
  const isMatch = picomatch(positive, { ignore: negative, dot: false });
  const packages = new Map<string, WorkspacePackage>();
  const walk = (relative: string, depth: number): void => {
    const directory = path.join(root, relative);
    if (relative && isMatch(relative)) {
      const manifest = readJson(path.join(directory, 'package.json')) as PackageManifest | undefined;
      if (typeof manifest?.name === 'string' && !packages.has(manifest.name)) packages.set(manifest.name, { name: manifest.name, directory, manifest });
    }
    if (depth >= MAX_GLOB_DEPTH) return;
    for (const entry of directoryEntries(directory)) {
      if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (positive.some((pattern) => mayMatchBelow(pattern, child))) walk(child, depth + 1);
    }
  };
  walk('', 0);
  return packages;
}

function normaliseGlob(pattern: string): string {
  return pattern.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}

/** Whether a folder or one below it can match a glob: its path agrees with the glob's literal segments. */
function mayMatchBelow(pattern: string, folder: string): boolean {
  const literal = pattern.split('/');
  const parts = folder.split('/');
  const deep = pattern.includes('**');
  if (!deep && parts.length > literal.length) return false;
  for (let index = 0; index < parts.length && index < literal.length; index++) {
    const segment = literal[index]!;
    if (segment.includes('**')) return true;
    if (/[*?[{]/.test(segment)) continue;
    if (segment !== parts[index]) return false;
  }
  return true;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
