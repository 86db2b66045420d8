import path from 'node:path';
import ts from 'typescript';
import type { Analyzer } from './analyzer';
import { IMPORT_SHAPES, IO_MODEL } from './io-model';
import { holdsNoIo } from './io-sites';
import { normaliseModule } from './origin';
import { packageOfSpecifier } from './untyped';
import { walkTree } from './walk';

/**
 * A library the project obtains a client of (`import { PrismaClient } from '@prisma/client'`)
 * while not one call into it is recognised anywhere: hotpath is blind to it, and says so rather
 * than report a clean run (issue 25: a real NestJS + Prisma backend gave 5 findings and not one
 * Prisma call, silently).
 */
export interface BlindLibrary {
  /** The package, as the I/O model names it (`@prisma/client`). */
  readonly module: string;
  /** The analysed files that import a client of it (absolute paths). */
  readonly files: readonly string[];
  /** The evidence that something was missed: what calls resolved to, or the export that has no declaration. */
  readonly reason: string;
}

/** The exports of each package that hand out a client (`PrismaClient`, pg's `Pool`, axios' default export). */
const CLIENT_EXPORTS = new Map<string, Set<string>>();
for (const shape of IMPORT_SHAPES) {
  const module = normaliseModule(shape.module);
  CLIENT_EXPORTS.set(module, (CLIENT_EXPORTS.get(module) ?? new Set()).add(shape.export));
}
const MODULES_OF_LIBRARY = new Map(IO_MODEL.map((model) => [model.name, model.modules.map(normaliseModule)]));

interface ClientImport {
  readonly module: string;
  readonly file: string;
  readonly specifier: ts.StringLiteral;
  readonly name: ts.Identifier;
  readonly exported: string;
}

/** What one program tells of the libraries it obtains clients of: those a call was recognised into, and the others. */
export interface LibraryUse {
  readonly recognised: readonly string[];
  readonly unseen: readonly BlindLibrary[];
}

/**
 * The libraries the program's own files import a client of (another workspace package's files
 * included: a monorepo creates its client in one package and calls it from another), split into
 * those a recognised call reaches and the others. A run is blind to a library no program of it
 * recognised (the CLI merges its projects' answers).
 */
export function libraryUse(analyzer: Analyzer): LibraryUse {
  const files = analyzer.filesToAnalyze();
  const imports = files.flatMap((file) => clientImports(file, analyzer));
  const candidates = new Set(imports.map((entry) => entry.module));
  const unseen = new Set(candidates);
  // Stops at the first recognised call of each library: when nothing is blind, a short walk (and the
  // analysis has usually asked every site already: they are memoised).
  for (const file of files) {
    if (unseen.size === 0) break;
    walkTree(file, (node) => {
      if (unseen.size === 0 || holdsNoIo(node)) return false;
      for (const trace of analyzer.io.siteOf(node)?.traces ?? []) for (const module of MODULES_OF_LIBRARY.get(trace.io.library) ?? []) unseen.delete(module);
      return true;
    });
  }
  return {
    recognised: [...candidates].filter((module) => !unseen.has(module)).sort(),
    unseen: [...unseen].sort().flatMap((module) => {
      const own = imports.filter((entry) => entry.module === module);
      const reason = reasonFor(module, own, analyzer);
      return reason ? [{ module, files: [...new Set(own.map((entry) => path.resolve(entry.file)))].sort(), reason }] : [];
    }),
  };
}

/** Value imports of a client export: `import { PrismaClient }`, `import axios`, `import * as pg`; a generated Prisma client counts as `@prisma/client`. */
function clientImports(file: ts.SourceFile, analyzer: Analyzer): ClientImport[] {
  const checker = analyzer.program.getTypeChecker();
  const found: ClientImport[] = [];
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) continue;
    const specifier = statement.moduleSpecifier;
    const module = moduleOfImport(specifier, checker, analyzer);
    const exports = module && CLIENT_EXPORTS.get(module);
    if (!module || !exports) continue;
    const add = (name: ts.Identifier, exported: string): void => {
      if (exports.has(exported) || exported === '*') found.push({ module, file: file.fileName, specifier, name, exported });
    };
    if (clause.name) add(clause.name, 'default');
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) add(bindings.name, '*');
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) if (!element.isTypeOnly) add(element.name, (element.propertyName ?? element.name).text);
    }
  }
  return found;
}

function moduleOfImport(specifier: ts.StringLiteral, checker: ts.TypeChecker, analyzer: Analyzer): string | undefined {
  const name = packageOfSpecifier(specifier.text);
  if (name) return normaliseModule(name);
  const target = checker.getSymbolAtLocation(specifier)?.valueDeclaration;
  return target && ts.isSourceFile(target) && analyzer.io.classifier.origins.isGeneratedPrismaClient(target) ? '@prisma/client' : undefined;
}

/**
 * Why a library went unseen, when there is evidence hotpath missed something: calls resolved into
 * it to members the model does not match, or the client export has no declaration (Prisma's before
 * `prisma generate`). Without such evidence (a package that only creates the client another one
 * calls; a package not installed, which the unresolved note names) there is nothing to report.
 */
function reasonFor(module: string, imports: readonly ClientImport[], analyzer: Analyzer): string | undefined {
  const checker = analyzer.program.getTypeChecker();
  // The library's other modules count too: node-redis' commands are declared by `@redis/client`, imported as `redis`.
  const modules = IO_MODEL.filter((model) => model.modules.map(normaliseModule).includes(module)).flatMap((model) => model.modules.map(normaliseModule));
  const unmatched = [...new Set(modules.flatMap((name) => [...(analyzer.io.classifier.unmatched.get(name) ?? [])]))].slice(0, 5);
  if (unmatched.length) return `calls resolve into ${module}, to members the I/O model does not match: ${unmatched.join(', ')}`;
  const undeclared = imports.find((entry) => {
    if (entry.exported === '*' || !checker.getSymbolAtLocation(entry.specifier)) return false;
    const symbol = checker.getSymbolAtLocation(entry.name);
    const target = symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    return !target?.declarations?.length;
  });
  if (!undeclared) return undefined;
  const hint = module === '@prisma/client' ? ' (has `prisma generate` run?)' : '';
  return `${module} resolves, but declares no \`${undeclared.exported}\`${hint}`;
}
