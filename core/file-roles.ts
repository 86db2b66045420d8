import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import ts from 'typescript';
import { createResolutionCache, resolveModule } from './project';
import { packageOfSpecifier } from './untyped';

/**
 * Where a project file's code runs. Tests and scripts (migrations, seeds, one-off repairs run by
 * an operator) are not analysed by default: their order is deliberate and they serve no request;
 * browser code gets the rules whose cost holds there too
 * (N+1 requests, serial awaits) but not those whose cost story is a server's (a database pool
 * exhausted, a request held by a slow dependency).
 */
export type FileRole = 'server' | 'browser' | 'test' | 'script';

export interface RoleDecision {
  readonly role: FileRole;
  /** Why, for `--debug`: `imports react-dom`, `imported by browser code (app/index.tsx)`. */
  readonly reason: string;
}

/** What a file's role is decided from, the same whether a program was built (the analyzer) or not (the cache). */
export interface RoleInputs {
  /** Absolute path. */
  readonly file: string;
  readonly text: TextSignals;
  /** Every module specifier the file imports (static, dynamic, `require`). */
  readonly specifiers: readonly string[];
  /** The project files those specifiers resolve to. */
  readonly imports: readonly string[];
}

/** What a file's text says of where it runs (read once per text: an editor asks at every keystroke). */
export interface TextSignals {
  readonly directive?: 'client' | 'server';
  /** Written to be run as a program (a shebang, `require.main === module`). */
  readonly entryPoint: boolean;
  readonly reactHooks: boolean;
  /** The first DOM-only API used, outside isomorphic code that tests for the DOM first. */
  readonly dom?: string;
}

export interface RoleSettings {
  /** The project's folder: test and script folders are recognised below it. */
  readonly root: string;
  /** The folder the `browser` and `server` globs are relative to (the config file's). */
  readonly globRoot: string;
  /** Analyse tests as production code (`--include-tests`, `"tests": true`). */
  readonly tests: boolean;
  /** Analyse scripts as production code (`--include-scripts`, `"scripts": true`). */
  readonly scripts: boolean;
  /** Globs the user assigns to one side, whatever the code says. */
  readonly browser: readonly string[];
  readonly server: readonly string[];
  /** The tsconfig describes browser code: `lib` has the DOM and `types` leaves Node's out. */
  readonly browserProject: boolean;
}

const TEST_FILE = /(^|[./-])(test|spec)\.[cm]?[jt]sx?$/;
/** Folders below the root that hold tests; names above the root (a CI checkout in `/test/…`) never count. */
const TEST_FOLDER = /(^|\/)(__tests__|__mocks__|__fixtures__|tests?|e2e)\//;
/** Folders below the root that hold code an operator or a build runs, not a server. */
const SCRIPT_FOLDER = /(^|\/)(scripts?|bin|migrations?|seeds?|seeders)\//;
/** A seed file, or a migration runner (`migrate.ts`: generates or runs migrations for an operator). */
const SCRIPT_FILE = /(^|[./-])(seeds?|migrate)\.[cm]?[jt]sx?$/;
/** Build and tooling configuration, run by a bundler, test runner or linter, never by the server. */
const BUILD_CONFIG = /(^|\/)((vite|vitest|webpack|rollup|rspack|next|nuxt|astro|svelte|remix|tsup|esbuild|jest|playwright|cypress|tailwind|postcss|babel|eslint|prettier|drizzle|lint-staged|commitlint)(\.[\w-]+)?\.config|knexfile|gulpfile|gruntfile)\.[cm]?[jt]s$/i;
/** Run as a program: a shebang, or a module that checks it is the entry point. */
const ENTRY_POINT = /^#!|\brequire\.main\s*===\s*module\b|\bimport\.meta\.main\b/;
const TEST_RUNNERS = new Set([
  'vitest', 'jest', '@jest/globals', 'mocha', 'node:test', 'ava', 'tap', 'uvu', 'jasmine', 'bun:test', '@playwright/test', 'cypress',
  'chai', 'sinon', 'supertest', 'nock', '@nestjs/testing', '@testing-library/react', '@testing-library/dom', '@testing-library/vue',
]);

/** Packages only a browser bundle imports: a file importing one renders UI. */
const BROWSER_PACKAGES = new Set([
  'react-dom', 'react-router', 'react-router-dom', '@remix-run/react', 'next/router', 'vue', 'vue-router', 'svelte', 'solid-js', 'preact',
  'mobx-react', 'mobx-react-lite', '@tanstack/react-query', 'swr', '@apollo/client', 'react-native', '@angular/core',
]);
/** Node built-ins bundlers do not polyfill for the browser (`path`, `events`, `buffer`… they do). */
const SERVER_BUILTINS = new Set([
  'fs', 'fs/promises', 'child_process', 'cluster', 'dgram', 'dns', 'dns/promises', 'http', 'http2', 'https', 'net', 'tls', 'os', 'worker_threads',
  'v8', 'vm', 'zlib', 'crypto', 'module', 'perf_hooks', 'async_hooks', 'inspector', 'readline', 'repl',
]);
/** Server frameworks and drivers: a file importing one runs on a server. */
const SERVER_PACKAGES = new Set([
  'express', 'koa', 'fastify', 'hono', '@hapi/hapi', 'next/server', 'next/headers', 'server-only', '@remix-run/node', '@trpc/server',
  '@prisma/client', 'pg', 'mysql2', 'sequelize', 'sequelize-typescript', 'typeorm', 'knex', 'kysely', 'drizzle-orm', 'mongoose', 'mongodb',
  'ioredis', 'redis', 'bullmq', 'bull', '@mikro-orm/core', 'jsdom', 'happy-dom', 'linkedom',
]);
const SERVER_SCOPES = ['@nestjs/', '@aws-sdk/', '@fastify/', '@koa/'];

const DIRECTIVE = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(['"])use (client|server)\1/;
const REACT_HOOK_IMPORT = /import\s*(?:type\s+)?(?:\w+\s*,\s*)?\{[^}]*\buse(?:State|Effect|LayoutEffect|Reducer|Ref|Context|Memo|Callback|Transition|SyncExternalStore)\b[^}]*\}\s*from\s*['"]react['"]/;
/** DOM APIs a server never has; names a server uses for its own values (`document`) count only with DOM-only members. */
const DOM_API =
  /(?<![.\w$])(?:window|localStorage|sessionStorage)\s*\.\s*\w+|(?<![.\w$])document\s*\.\s*(?:createElement|getElementById|getElementsBy\w+|querySelector(?:All)?|body|documentElement|addEventListener|cookie|activeElement|head)\b|\bnew\s+(?:FileReader|XMLHttpRequest|Image)\s*\(|(?<![.\w$])navigator\s*\.\s*(?:clipboard|userAgent|serviceWorker|language)\b/;
/** A script wrapped in a function invoked with the page's window, `(window => { … })(window)`, as trackers and widgets are. */
const WINDOW_IIFE = /\)\s*\(\s*window\s*\)\s*;?\s*$/;
/** Isomorphic code tests where it is before touching the DOM. */
const ENVIRONMENT_TEST = /typeof\s+(?:window|document)\b/;
/** A value of the file's own under a DOM name (`preprocess(document: Document)`, a DOM emulation's `const { document } = …`). */
const LOCAL_DOM_NAME = /(?:\b(?:const|let|var|function)\s+|[({,]\s*)(window|document|navigator|localStorage|sessionStorage)\s*[:=,)}]/g;

/** The first DOM-only API the text uses through the global of that name (not a value of its own named `document`). */
function domApiUse(text: string): string | undefined {
  const local = new Set([...text.matchAll(LOCAL_DOM_NAME)].map((match) => match[1]));
  for (const match of text.matchAll(new RegExp(DOM_API.source, 'g'))) {
    const use = match[0].replace(/\s+/g, '');
    if (!local.has(/^(?:new)?(\w+)/.exec(use)![1])) return use;
  }
  return undefined;
}

/** Whether a file is a script: in a scripts, bin, migrations or seeds folder below the root, a seed file or migration runner, a build tool's config, or a program's entry point. */
export function isScriptFile(relativePath: string, text: TextSignals): boolean {
  return SCRIPT_FOLDER.test(relativePath) || SCRIPT_FILE.test(relativePath) || BUILD_CONFIG.test(relativePath) || text.entryPoint;
}

/** Whether a file is a test: its name, a test folder below the root, or an import of a test runner. */
export function isTestFile(relativePath: string, specifiers: readonly string[]): boolean {
  if (TEST_FILE.test(relativePath) || TEST_FOLDER.test(relativePath)) return true;
  return specifiers.some((specifier) => TEST_RUNNERS.has(specifier) || TEST_RUNNERS.has(packageOfSpecifier(specifier) ?? ''));
}

/**
 * What the file says of itself, which its importers cannot change: UI code that server code
 * imports (to render it, or for a shared schema) still does its I/O in the browser, from effects
 * and event handlers.
 */
function ownRole(inputs: RoleInputs, relative: string, forced: { browser: (file: string) => boolean; server: (file: string) => boolean }): RoleDecision | undefined {
  if (forced.server(inputs.file)) return { role: 'server', reason: 'matches the config\'s "server" globs' };
  if (forced.browser(inputs.file)) return { role: 'browser', reason: 'matches the config\'s "browser" globs' };
  const { directive, reactHooks, dom } = inputs.text;
  if (directive) return { role: directive === 'client' ? 'browser' : 'server', reason: `'use ${directive}'` };
  for (const specifier of inputs.specifiers) {
    const name = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
    if (specifier.startsWith('node:') || SERVER_BUILTINS.has(name) || SERVER_PACKAGES.has(packageOfSpecifier(name) ?? '') || SERVER_PACKAGES.has(name) || SERVER_SCOPES.some((scope) => name.startsWith(scope))) {
      return { role: 'server', reason: `imports ${specifier}` };
    }
  }
  // `react-dom/server` and the like render on the server.
  const browserImport = inputs.specifiers.find((specifier) => !/\/server(\.|$)/.test(specifier) && (BROWSER_PACKAGES.has(specifier) || BROWSER_PACKAGES.has(packageOfSpecifier(specifier) ?? '')));
  if (browserImport) return { role: 'browser', reason: `imports ${browserImport}` };
  if (reactHooks) return { role: 'browser', reason: 'uses React hooks' };
  if (dom) return { role: 'browser', reason: `uses the DOM (${dom})` };
  return undefined;
}

export function textSignals(text: string): TextSignals {
  const directive = DIRECTIVE.exec(text)?.[2] as TextSignals['directive'];
  const dom = ENVIRONMENT_TEST.test(text) ? undefined : (domApiUse(text) ?? (WINDOW_IIFE.test(text) ? 'a function invoked with window' : undefined));
  return { ...(directive ? { directive } : {}), entryPoint: ENTRY_POINT.test(text), reactHooks: REACT_HOOK_IMPORT.test(text), ...(dom ? { dom } : {}) };
}

/**
 * Each file's role: tests by name, folder or imports; then what a file says of itself (a
 * directive, a server or UI import, DOM APIs); then its importers — code imported by server code
 * runs on the server (shared helpers included), code imported only by browser code in the
 * browser. Files nothing decides run where the tsconfig says: on a server unless it describes
 * browser code.
 */
export function decideRoles(files: readonly RoleInputs[], settings: RoleSettings): Map<string, RoleDecision> {
  const relative = (file: string): string => toRelative(settings.root, file);
  const matcher = (globs: readonly string[]): ((path: string) => boolean) => (globs.length ? picomatch([...globs], { dot: true }) : () => false);
  const browserGlobs = matcher(settings.browser);
  const serverGlobs = matcher(settings.server);
  const forced = { browser: (file: string) => browserGlobs(toRelative(settings.globRoot, file)), server: (file: string) => serverGlobs(toRelative(settings.globRoot, file)) };
  const decisions = new Map<string, RoleDecision>();
  const byFile = new Map(files.map((inputs) => [inputs.file, inputs]));
  const seeds = { server: [] as string[], browser: [] as string[] };
  const tests = new Set(settings.tests ? [] : files.filter((inputs) => isTestFile(relative(inputs.file), inputs.specifiers)).map((inputs) => inputs.file));
  const scripts = new Set(settings.scripts ? [] : files.filter((inputs) => !tests.has(inputs.file) && isScriptFile(relative(inputs.file), inputs.text)).map((inputs) => inputs.file));
  const support = testSupport(files, tests, scripts);
  for (const inputs of files) {
    const path = relative(inputs.file);
    if (tests.has(inputs.file)) {
      decisions.set(inputs.file, { role: 'test', reason: 'a test file (--include-tests analyses it)' });
      continue;
    }
    if (scripts.has(inputs.file)) {
      decisions.set(inputs.file, { role: 'script', reason: 'a script (--include-scripts analyses it)' });
      continue;
    }
    const testImporter = support.get(inputs.file);
    if (testImporter !== undefined && !forced.server(inputs.file) && !forced.browser(inputs.file)) {
      decisions.set(inputs.file, { role: 'test', reason: `test support, imported only by tests and their support code (by ${relative(testImporter)}; --include-tests analyses it)` });
      continue;
    }
    const own = ownRole(inputs, path, forced);
    if (!own) continue;
    decisions.set(inputs.file, own);
    seeds[own.role === 'browser' ? 'browser' : 'server'].push(inputs.file);
  }
  // Server code first: what it imports runs on the server even when browser code imports it too.
  for (const role of ['server', 'browser'] as const) {
    const queue = [...seeds[role]];
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      for (const imported of byFile.get(file)?.imports ?? []) {
        if (decisions.has(imported) || !byFile.has(imported)) continue;
        decisions.set(imported, { role, reason: `imported by ${role} code (${relative(file)})` });
        queue.push(imported);
      }
    }
  }
  for (const inputs of files) {
    if (decisions.has(inputs.file)) continue;
    decisions.set(inputs.file, settings.browserProject ? { role: 'browser', reason: 'its tsconfig describes browser code (DOM lib, no Node types)' } : { role: 'server', reason: 'nothing says it runs in a browser' });
  }
  return decisions;
}

/**
 * Modules that only tests use, directly or through other such modules (an e2e REST client, a
 * fixture builder), each with the test or support module that imports it: every importer is a
 * test or one of them, and a test reaches it. A module nothing imports is an entry point and is
 * not one; neither is what a script imports, nor a module a test is named after (outline's queue
 * processors are loaded from their folder, imported only by their own tests).
 */
function testSupport(files: readonly RoleInputs[], tests: ReadonlySet<string>, scripts: ReadonlySet<string>): Map<string, string> {
  const support = new Map<string, string>();
  if (tests.size === 0) return support;
  const importsOf = new Map(files.map((inputs) => [inputs.file, inputs.imports]));
  const importers = new Map<string, string[]>();
  for (const inputs of files) {
    for (const imported of new Set(inputs.imports)) {
      if (imported !== inputs.file) (importers.get(imported) ?? importers.set(imported, []).get(imported)!).push(inputs.file);
    }
  }
  // The module a test is named after (`revisions.ts` for `revisions.test.ts`) is the code under test: production, even when a loader, not an import, runs it.
  const isSubject = (file: string): boolean => importers.get(file)!.some((importer) => tests.has(importer) && testedName(importer) === moduleName(file));
  // A package's entry module (vendure's src/index.ts, which its e2e tests import) is what its users import.
  const candidates = new Set([...importers.keys()].filter((file) => importsOf.has(file) && !tests.has(file) && !scripts.has(file) && !isSubject(file) && !isPackageEntry(file)));
  // Drop a candidate an outside module imports, until none is left to drop: what remains is imported only by tests and each other.
  const queue = [...candidates];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (!candidates.has(file) || importers.get(file)!.every((importer) => tests.has(importer) || candidates.has(importer))) continue;
    candidates.delete(file);
    for (const imported of importsOf.get(file) ?? []) if (candidates.has(imported)) queue.push(imported);
  }
  // Only what a test reaches: two modules importing each other and nothing else are not test code.
  const reached = [...tests];
  for (let file = reached.pop(); file !== undefined; file = reached.pop()) {
    for (const imported of importsOf.get(file) ?? []) {
      if (!candidates.has(imported) || support.has(imported)) continue;
      support.set(imported, file);
      reached.push(imported);
    }
  }
  return support;
}

/**
 * Whether a module is its package's entry: what package.json's `main`, `module`, `types` or
 * `exports` name, or its source where they name build output (`dist/index.js` is `src/index.ts`
 * or `index.ts` compiled).
 */
function isPackageEntry(file: string): boolean {
  for (let directory = path.dirname(file); ; directory = path.dirname(directory)) {
    const stems = entryStems(directory);
    if (stems) return stems.has(path.relative(directory, file).replace(/\\/g, '/').replace(/(\.d)?\.[cm]?[jt]sx?$/, ''));
    if (path.dirname(directory) === directory) return false;
  }
}

const ENTRY_STEMS = new Map<string, { readonly stamp: number; readonly stems: ReadonlySet<string> }>();

/** The entry stems of the package.json in `directory` (undefined without one), read again when it changes. */
function entryStems(directory: string): ReadonlySet<string> | undefined {
  const manifest = path.join(directory, 'package.json');
  const stamp = fs.statSync(manifest, { throwIfNoEntry: false })?.mtimeMs;
  if (stamp === undefined) return undefined;
  const known = ENTRY_STEMS.get(directory);
  if (known?.stamp === stamp) return known.stems;
  const stems = new Set<string>();
  let fields: Record<string, unknown> = {};
  try {
    fields = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Record<string, unknown>;
  } catch {
    // A package.json that does not parse names no entry.
  }
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const stem = value.replace(/^\.\//, '').replace(/(\.d)?\.[cm]?[jt]sx?$/, '');
      const inBuild = stem.split('/').slice(1).join('/');
      stems.add(stem);
      if (inBuild) stems.add(inBuild).add(`src/${inBuild}`);
    } else if (value && typeof value === 'object') {
      for (const nested of Object.values(value)) visit(nested);
    }
  };
  for (const field of ['main', 'module', 'types', 'typings', 'exports']) visit(fields[field]);
  ENTRY_STEMS.set(directory, { stamp, stems });
  return stems;
}

/** `src/revisions.ts` → `revisions`. */
function moduleName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
}

/** `src/revisions.test.ts`, `revisions.e2e-spec.ts` → `revisions`: the module a test is named after. */
function testedName(file: string): string {
  return moduleName(file).replace(/[.-](test|spec|e2e|e2e-spec)$/, '');
}

/** A tsconfig for browser code: the DOM among its libs, and Node's typings left out of `types`. */
export function describesBrowserCode(options: { readonly lib?: readonly string[]; readonly types?: readonly string[] }): boolean {
  const dom = options.lib?.some((lib) => /(^|lib\.)dom(\.|$)/i.test(lib)) ?? false;
  return dom && options.types !== undefined && !options.types.includes('node');
}

function toRelative(root: string, file: string): string {
  const normalizedRoot = root.replace(/\\/g, '/').replace(/\/?$/, '/');
  const normalized = file.replace(/\\/g, '/');
  return normalized.startsWith(normalizedRoot) ? normalized.slice(normalizedRoot.length) : normalized;
}

const INPUTS = new WeakMap<ts.SourceFile, { readonly options: ts.CompilerOptions; readonly inputs: RoleInputs }>();
const RESOLUTION_CACHES = new WeakMap<ts.CompilerOptions, ts.ModuleResolutionCache>();

/**
 * A program file's role inputs, kept per source file: an editor's programs share the source
 * files of unchanged files, so a keystroke reads only the edited file again. (Resolved imports
 * of an unchanged file are not looked up again when other files are created or deleted.)
 */
export function roleInputsOf(sourceFile: ts.SourceFile, options: ts.CompilerOptions, directory: string): RoleInputs {
  const known = INPUTS.get(sourceFile);
  if (known?.options === options) return known.inputs;
  let cache = RESOLUTION_CACHES.get(options);
  if (!cache) RESOLUTION_CACHES.set(options, (cache = createResolutionCache(directory, options)));
  const specifiers = importSpecifiers(sourceFile.text);
  const imports: string[] = [];
  for (const specifier of specifiers) {
    const resolved = resolveModule(specifier, sourceFile.fileName, options, cache).resolvedModule;
    if (resolved && !resolved.isExternalLibraryImport) imports.push(resolved.resolvedFileName);
  }
  const inputs: RoleInputs = { file: sourceFile.fileName, text: textSignals(sourceFile.text), specifiers, imports };
  INPUTS.set(sourceFile, { options, inputs });
  return inputs;
}

/** Every module a file imports, statically or not, as `ts.preProcessFile` (given its text or its result) finds them without parsing. */
export function importSpecifiers(file: string | ts.PreProcessedFileInfo): string[] {
  const info = typeof file === 'string' ? ts.preProcessFile(file, true, true) : file;
  return info.importedFiles.map((reference) => reference.fileName);
}
