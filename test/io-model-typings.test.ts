import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { compilePattern } from '../core/classify';
import { BLOCKING_CALLS, CLIENT_FACTORIES, IMPORT_SHAPES, IO_MODEL, REQUEST_ENTRIES, TRANSACTION_SCOPES, type ImportShape, type LibraryModel, type TransactionScopeModel } from '../core/io-model';
import { GLOBAL_MODULE, normaliseModule, OriginResolver } from '../core/origin';
import { packageOfSpecifier } from '../core/untyped';
import { FIXTURES } from './analyze';

/**
 * Every entry of the I/O table against the real typings of the installed packages: each container
 * pattern, member, transaction, connection type, builder and client constructor must name something
 * the package declares (as origin.ts reads declarations: module and member path). An entry that
 * matches nothing is a library whose calls go unseen, as Prisma's did when its generated client moved
 * the delegates into `namespace Prisma`. Libraries not installed here are listed as skipped.
 * Older majors real projects pin are installed as npm aliases and checked the same way, each on its
 * own. (The bare-mode half, each entry classified from its import origin, lives in its own test.)
 */

/** Prisma's clients as `prisma generate` writes them for the fixtures: both generators. */
const PRISMA_CLIENTS = [path.join(FIXTURES, 'generated', 'prisma'), path.join(FIXTURES, 'unindexed-sql', 'prisma-project', 'src', 'generated', 'prisma', 'client')];
/** Modules that are not packages: Node's built-ins (from @types/node) and the global scope. */
const BUILT_INS = new Set(['global', 'http', 'https', 'http2', 'fs', 'fs/promises', 'child_process', 'crypto', 'zlib']);

/**
 * Containers named for bare mode only (`IMPORT_SHAPES`: where an untyped call lands, such as
 * node-redis' `RedisClientType`, a type alias that declares no member itself): the bare-mode test checks them.
 */
const BARE_CONTAINERS = new Set(IMPORT_SHAPES.flatMap((shape) => shape.containers.filter((container): container is string => container !== undefined)));
/**
 * Older majors real projects pin, installed beside the current ones as npm aliases
 * (`"typeorm-03": "npm:typeorm@^0.3"`): their declarations count as the real package's.
 */
const OLDER_MAJORS: Readonly<Record<string, string>> = { 'typeorm-03': 'typeorm', 'mongoose-8': 'mongoose', 'redis-4': 'redis', 'cache-manager-5': 'cache-manager' };
/** Packages whose client factories are exported by subpaths only (`import { drizzle } from 'drizzle-orm/node-postgres'`). */
const CLIENT_SUBPATHS: Readonly<Record<string, readonly string[]>> = { 'drizzle-orm': ['drizzle-orm/node-postgres', 'drizzle-orm/mysql2', 'drizzle-orm/postgres-js'] };

/**
 * Entries for one version only, each with the version that declares it: a library listed under
 * its installation (`node-redis (redis-4)`) when an older major lacks it.
 */
const OTHER_VERSIONS: Readonly<Record<string, string>> = {
  'axios: instance factory `AxiosStatic.create` is declared nowhere': 'earlier axios 1.x typings declare `create` on AxiosStatic; the installed one on AxiosInstance',
  'client factory axios: `AxiosStatic.create` is declared nowhere': 'earlier axios 1.x typings declare `create` on AxiosStatic; the installed one on AxiosInstance',
  'fs: container `promises` declares nothing': "@types/node up to 14 declares `namespace promises` inside 'fs'",
  'node-redis: container `RedisCommandSignature` declares nothing': 'node-redis 4 (@redis/client 1.x) types its commands as RedisCommandSignature: checked on redis-4',
  'Mongoose (mongoose-8): member `findAndCount` is declared on none of `Model`': 'added in Mongoose 9',
};

const directory = fs.mkdtempSync(path.join(FIXTURES, '.tmp-typings-'));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));
const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: ['node'], lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], skipLibCheck: true, noEmit: true, strict: true };
const index = path.join(directory, 'index.ts');

function installed(module: string): boolean {
  if (module === '@prisma/client' || BUILT_INS.has(module)) return true;
  return ts.resolveModuleName(module, index, options, ts.sys).resolvedModule !== undefined;
}

/** The tables beside the I/O model that name library members by path: blocking calls, client factories, request handlers' types. */
const PATH_TABLES: readonly { readonly name: string; readonly modules: readonly string[]; readonly paths: readonly string[]; readonly typeNames?: true }[] = [
  ...BLOCKING_CALLS.map((model) => ({ name: `blocking ${model.name}`, modules: model.modules, paths: [...model.members, ...(model.except ?? [])] })),
  ...CLIENT_FACTORIES.map((model) => ({ name: `client factory ${model.name}`, modules: model.modules, paths: model.creates })),
  ...TRANSACTION_SCOPES.map((scope) => ({ name: `transaction scope ${scope.name}`, modules: scope.modules, paths: [...(scope.contexts ?? []), ...(scope.decorators ?? []), ...(scope.runners ?? [])] })),
  ...REQUEST_ENTRIES.filter((entry) => entry.parameterTypes).map((entry) => ({ name: `request entry ${entry.framework}`, modules: entry.modules, paths: entry.parameterTypes!, typeNames: true as const })),
  ...REQUEST_ENTRIES.filter((entry) => entry.handlerArguments).map((entry) => ({ name: `request entry ${entry.framework} registrations`, modules: entry.modules, paths: entry.handlerArguments!.map((registration) => registration.callee) })),
  // Decorators are functions the module exports; methods, members of a class it declares (`WorkerHost.process`).
  ...REQUEST_ENTRIES.filter((entry) => entry.classDecorators).map((entry) => ({
    name: `request entry ${entry.framework} decorators`,
    modules: entry.modules,
    paths: [...entry.classDecorators!, ...(entry.methodDecorators ?? []), ...(entry.methods ?? [])],
    typeNames: true as const,
  })),
];
const modules = [...new Set([...IO_MODEL, ...PATH_TABLES].flatMap((model) => model.modules.map(normaliseModule)))].filter((module) => module !== 'global' && module !== '@prisma/client' && installed(module));
modules.push(...Object.entries(OLDER_MAJORS).flatMap(([alias, module]) => (modules.includes(module) && installed(alias) ? [alias] : [])));
const specifiers = [...modules.map((module) => (BUILT_INS.has(module) ? `node:${module}` : module)), ...modules.flatMap((module) => CLIENT_SUBPATHS[module] ?? []), ...PRISMA_CLIENTS.map((client) => `./${path.relative(directory, client).replace(/\\/g, '/')}`)];
fs.writeFileSync(index, specifiers.map((specifier, position) => `import * as m${position} from '${specifier}';\nvoid m${position};\n`).join(''));

/** The package a file is installed under: an older major's alias for its own files and its nested dependencies. */
function installationOf(fileName: string): string | undefined {
  const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(fileName.replace(/\\/g, '/'));
  return match && match[1]! in OLDER_MAJORS ? match[1] : undefined;
}

/**
 * Every declared path per module and installation: `['Pool', 'query']` as `Pool.query`, keyed
 * `pg`, or `typeorm (typeorm-03)` for an older major's (and its own dependencies', such as
 * node-redis 4's `@redis/client` 1.x).
 */
function declaredPaths(program: ts.Program): Map<string, Set<string>> {
  const origins = new OriginResolver(program);
  const paths = new Map<string, Set<string>>();
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.fileName === index.replace(/\\/g, '/')) continue;
    const visit = (node: ts.Node): void => {
      if (isDeclaration(node)) {
        const origin = origins.originOf(node);
        if (origin) {
          const installation = origin.module === GLOBAL_MODULE ? undefined : installationOf(sourceFile.fileName);
          const name = OLDER_MAJORS[origin.module] ?? normaliseModule(origin.module);
          const module = installation ? `${name} (${installation})` : name;
          if (!paths.has(module)) paths.set(module, new Set());
          paths.get(module)!.add(origin.path.join('.'));
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return paths;
}

function isDeclaration(node: ts.Node): boolean {
  return (
    ts.isMethodSignature(node) || ts.isMethodDeclaration(node) || ts.isPropertySignature(node) || ts.isPropertyDeclaration(node) || ts.isFunctionDeclaration(node) ||
    ts.isVariableDeclaration(node) || ts.isCallSignatureDeclaration(node) || ts.isConstructSignatureDeclaration(node) || ts.isConstructorDeclaration(node) ||
    ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isModuleDeclaration(node) || ts.isFunctionTypeNode(node)
  );
}

/** What of one library's entry the typings do not declare, as readable lines. */
function unmatchedEntries(model: LibraryModel, installation: string, paths: ReadonlySet<string>): string[] {
  const declared = [...paths].map((full) => {
    const parts = full.split('.');
    return { full, container: parts.slice(0, -1).join('.'), member: parts[parts.length - 1]! };
  });
  const failures: string[] = [];
  for (const group of model.members) {
    const containers = group.on.map(compilePattern);
    for (const [pattern, compiled] of group.on.map((on, position) => [on, containers[position]!] as const)) {
      if (!BARE_CONTAINERS.has(pattern) && !declared.some((entry) => compiled.test(entry.container))) failures.push(`container \`${pattern || '(module scope)'}\` declares nothing`);
    }
    const same = (a: string, b: string): boolean => (group.ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b);
    // A member of a mapped type (`?`) is named at the call: it stands for any name.
    for (const member of [...(group.reads ?? []), ...(group.writes ?? []), ...Object.keys(group.decided ?? {})]) {
      if (!declared.some((entry) => containers.some((compiled) => compiled.test(entry.container)) && (same(entry.member, member) || entry.member === '?'))) {
        failures.push(`member \`${member}\` is declared on none of ${group.on.map((on) => `\`${on || '(module scope)'}\``).join(', ')}`);
      }
    }
  }
  const byPath: [string, readonly string[] | undefined][] = [
    ['transaction', model.transactions],
    ['one-connection type', model.oneConnection],
    ['awaited builder', model.awaitables],
    ['queueing receiver', model.queues?.receivers],
    ['client constructor', model.timeout?.clients],
    ['instance factory', model.timeout?.instances],
  ];
  for (const [what, patterns] of byPath) {
    for (const pattern of patterns ?? []) {
      const compiled = compilePattern(pattern);
      if (!declared.some((entry) => compiled.test(entry.full))) failures.push(`${what} \`${pattern}\` is declared nowhere`);
    }
  }
  return failures.filter((failure) => !(`${model.name}${installation}: ${failure}` in OTHER_VERSIONS));
}

/** The modules the index imports that resolved: each specifier with its module symbol. */
function importedModules(program: ts.Program): { readonly specifier: string; readonly moduleSymbol: ts.Symbol }[] {
  const checker = program.getTypeChecker();
  return program.getSourceFile(index)!.statements.flatMap((statement) => {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) return [];
    const moduleSymbol = checker.getSymbolAtLocation(statement.moduleSpecifier);
    return moduleSymbol ? [{ specifier: statement.moduleSpecifier.text, moduleSymbol }] : [];
  });
}

/**
 * What bare mode recognises a client by (`IMPORT_SHAPES`: an export, a factory method of it) that no
 * installation of its package (current or older major, any subpath) exports. (`default` counts for an
 * `export =` module.)
 */
function missingClientExports(program: ts.Program): string[] {
  const checker = program.getTypeChecker();
  const found = new Set<ImportShape>();
  const installedModules = new Set<string>();
  for (const { specifier, moduleSymbol } of importedModules(program)) {
    const module = OLDER_MAJORS[specifier] ?? normaliseModule(packageOfSpecifier(specifier) ?? specifier);
    installedModules.add(module);
    const exports = new Map(checker.getExportsOfModule(moduleSymbol).map((symbol) => [symbol.name, symbol] as const));
    const exportEquals = moduleSymbol.exports?.get(ts.InternalSymbolName.ExportEquals);
    for (const shape of IMPORT_SHAPES.filter((candidate) => candidate.module === module)) {
      const exported = exports.get(shape.export) ?? (shape.export === 'default' ? exportEquals : undefined);
      if (exported && (!shape.factory || checker.getTypeOfSymbol(exported).getProperty(shape.factory))) found.add(shape);
    }
  }
  return IMPORT_SHAPES.filter((shape) => installedModules.has(shape.module) && !found.has(shape)).map((shape) => `${shape.module}: \`${shape.export}\`${shape.factory ? `.${shape.factory}()` : ''}`);
}

const program = ts.createProgram([index], options);
// Binding sets the parent pointers origin.ts walks.
program.getTypeChecker();
const paths = declaredPaths(program);

describe('the I/O table against the installed typings', () => {
  it("bare mode's client exports are the packages' own", () => {
    expect(missingClientExports(program)).toEqual([]);
  });

  const installations = ['', ...Object.keys(OLDER_MAJORS).map((alias) => ` (${alias})`)];
  for (const model of IO_MODEL) {
    for (const installation of installations) {
      const checked = model.modules.map((module) => normaliseModule(module) + installation).filter((module) => paths.has(module));
      if (installation && !checked.length) continue;
      const title = `${model.name} (${checked.length ? checked.join(', ') : `not installed: ${model.modules.join(', ')}`})`;
      if (!checked.length) {
        it.skip(title, () => undefined);
        continue;
      }
      it(title, () => {
        const union = new Set(checked.flatMap((module) => [...paths.get(module)!]));
        expect(unmatchedEntries(model, installation, union)).toEqual([]);
      });
    }
  }
});

describe('the blocking-call, client-factory and request-entry tables against the installed typings', () => {
  for (const table of PATH_TABLES) {
    const checked = table.modules.map(normaliseModule).filter((module) => paths.has(module));
    const title = `${table.name} (${checked.length ? checked.join(', ') : `not installed: ${table.modules.join(', ')}`})`;
    if (!checked.length) {
      it.skip(title, () => undefined);
      continue;
    }
    it(title, () => {
      const declared = checked.flatMap((module) => [...paths.get(module)!]);
      // A type's path ends in its name, inside any namespace (`e.Request`, `Application.Context`).
      const unmatched = table.paths
        .filter((pattern) => {
          const compiled = table.typeNames ? new RegExp(`(^|\\.)${pattern}$`) : compilePattern(pattern);
          return !declared.some((full) => compiled.test(full));
        })
        .map((pattern) => `\`${pattern}\` is declared nowhere`);
      expect(unmatched.filter((failure) => !(`${table.name}: ${failure}` in OTHER_VERSIONS))).toEqual([]);
    });
  }
});

/**
 * Transaction scopes whose package is not installed here, and why. Every other scope must be
 * installed: its entries are checked below, never skipped.
 */
const UNINSTALLED_SCOPES: Readonly<Record<string, string>> = {
  Vendure: "@vendure/core installs its whole server (Apollo, Express, bcrypt's native build); in its own repository its sources are the typings, as the vendure-core fixture has it",
};

/**
 * What of a transaction scope its package does not export as the classifier reads it: a context is a
 * class, interface or type alias the package declares at that path (`isConnectionSymbol`), a
 * decorator or runner a callable export declared at that path (`runsInScopedTransaction`).
 */
function unresolvedScopeEntries(scope: TransactionScopeModel, moduleSymbol: ts.Symbol): string[] {
  const checker = program.getTypeChecker();
  const origins = new OriginResolver(program);
  const exported = (entry: string): ts.Symbol | undefined => {
    let symbol: ts.Symbol | undefined = moduleSymbol;
    for (const name of entry.split('.')) {
      symbol = symbol && checker.getExportsOfModule(symbol).find((candidate) => candidate.name === name);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    }
    return symbol;
  };
  const declaredAt = (declaration: ts.Declaration | undefined, entry: string): boolean => {
    const origin = declaration && origins.originOf(declaration);
    return origin !== undefined && scope.modules.map(normaliseModule).includes(normaliseModule(origin.module)) && compilePattern(entry).test(origin.path.join('.'));
  };
  const failures: string[] = [];
  for (const context of scope.contexts ?? []) {
    const symbol = exported(context);
    // A class's or interface's values have it as their type's symbol; an alias is read as written (`isConnectionSymbol`).
    const declaration = !symbol ? undefined : symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface) ? checker.getDeclaredTypeOfSymbol(symbol).getSymbol()?.declarations?.[0] : symbol.flags & ts.SymbolFlags.TypeAlias ? symbol.declarations?.[0] : undefined;
    if (!declaredAt(declaration, context)) failures.push(`context \`${context}\` is not a class, interface or type alias the package declares there`);
  }
  const functions = [...(scope.decorators ?? []).map((path) => ['decorator', path] as const), ...(scope.runners ?? []).map((path) => ['runner', path] as const)];
  for (const [what, path] of functions) {
    const symbol = exported(path);
    const callable = symbol !== undefined && checker.getTypeOfSymbol(symbol).getCallSignatures().length > 0;
    if (!callable || !declaredAt(symbol.declarations?.[0], path)) failures.push(`${what} \`${path}\` is not a function the package declares there`);
  }
  return failures;
}

describe('the transaction scopes against the installed typings', () => {
  const installedModules = importedModules(program);
  for (const scope of TRANSACTION_SCOPES) {
    const modules = installedModules.filter(({ specifier }) => scope.modules.map(normaliseModule).includes(normaliseModule(specifier)));
    it(`${scope.name} (${modules.length ? modules.map(({ specifier }) => specifier).join(', ') : `not installed: ${UNINSTALLED_SCOPES[scope.name] ?? 'unexplained'}`})`, () => {
      expect(modules.length > 0).toBe(!(scope.name in UNINSTALLED_SCOPES));
      // Each entry must resolve in some module of the scope (a package may split them).
      const failures = modules.map(({ moduleSymbol }) => unresolvedScopeEntries(scope, moduleSymbol));
      if (failures.length) expect(failures.reduce((common, next) => common.filter((failure) => next.includes(failure)))).toEqual([]);
    });
  }
});
