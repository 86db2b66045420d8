import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Where a declaration comes from: the package (or ambient module) and its path inside it. */
export interface DeclarationOrigin {
  /** npm package name (`pg`, `@prisma/client`), an ambient module name, or `global`. */
  readonly module: string;
  /** Enclosing class/interface/namespace names then the member, e.g. `['Pool', 'query']`; a call signature is `()`. */
  readonly path: readonly string[];
}

export const GLOBAL_MODULE = 'global';

/** `node:http` and `http` are one module. */
export function normaliseModule(name: string): string {
  return name.startsWith('node:') ? name.slice('node:'.length) : name;
}
const PRISMA_RUNTIME = /^@prisma\/client\/runtime(\/|$)/;
/** `prisma-client-js` with a custom `output` writes a package.json named after the schema's hash beside the client, and copies its runtime into `runtime/`. */
const PRISMA_OUTPUT_PACKAGE = /"name"\s*:\s*"prisma-client-[0-9a-f]{16,}"/;

/**
 * The package that owns a file under node_modules: `node_modules/@types/pg/index.d.ts` → `pg`,
 * `node_modules/@scope/name/x.d.ts` → `@scope/name`. Uses the last node_modules segment so
 * nested installs resolve to the innermost package.
 */
export function packageOfPath(fileName: string): string | undefined {
  const normalized = fileName.replace(/\\/g, '/');
  const index = normalized.lastIndexOf('/node_modules/');
  if (index < 0) return undefined;
  const parts = normalized.slice(index + '/node_modules/'.length).split('/');
  if (parts[0] === '@types' && parts[1]) return unmangleTypesName(parts[1]);
  if (parts[0]?.startsWith('@') && parts[1]) return `${parts[0]}/${parts[1]}`;
  return parts[0];
}

/** `@types/babel__core` is the typings of `@babel/core`. */
function unmangleTypesName(name: string): string {
  const separator = name.indexOf('__');
  return separator < 0 ? name : `@${name.slice(0, separator)}/${name.slice(separator + 2)}`;
}

/**
 * Per source file, whether it is a generated Prisma client. Kept across programs: an editor's next
 * program shares the unchanged files, and asking again meant reading the disk for each one's folder
 * at every keystroke. (A client generated anew is new files, asked anew.)
 */
const GENERATED_PRISMA = new WeakMap<ts.SourceFile, boolean>();

/**
 * Resolves which module declares a node and the member path inside it. Prisma's generated
 * client is recognised wherever `output` put it: by its import of `@prisma/client/runtime`, or
 * by the package.json `prisma generate` writes beside a client that carries its own runtime.
 */
export class OriginResolver {
  private readonly prismaOutputFolders = new Map<string, boolean>();
  private readonly origins = new Map<ts.Node, DeclarationOrigin | null>();
  private readonly modules = new Map<ts.Node, string | null>();
  private readonly packageNames = new Map<string, string | null>();

  constructor(private readonly program: ts.Program) {}

  originOf(declaration: ts.Node): DeclarationOrigin | undefined {
    // Asked again for the same library member at every call of it.
    let origin = this.origins.get(declaration);
    if (origin === undefined) {
      const module = this.moduleOf(declaration);
      origin = module === undefined ? null : { module, path: memberPath(declaration) };
      this.origins.set(declaration, origin);
    }
    return origin ?? undefined;
  }

  /**
   * For the project's own code, the package it is part of (the nearest package.json's `name`): a
   * library analysed from its own sources, in its repository or as a workspace package, declares
   * there what its users import from node_modules. Asked only where the model names a library's types.
   */
  ownPackageOriginOf(declaration: ts.Node): DeclarationOrigin | undefined {
    const module = this.packageNameAt(path.dirname(declaration.getSourceFile().fileName));
    return module === undefined ? undefined : { module, path: memberPath(declaration) };
  }

  private packageNameAt(folder: string): string | undefined {
    let name = this.packageNames.get(folder);
    if (name === undefined) {
      name = readPackageName(path.join(folder, 'package.json')) ?? (path.dirname(folder) === folder ? undefined : this.packageNameAt(path.dirname(folder))) ?? null;
      this.packageNames.set(folder, name);
    }
    return name ?? undefined;
  }

  /** The library module that declares this node, or undefined for the project's own code. */
  moduleOf(declaration: ts.Node): string | undefined {
    let module = this.modules.get(declaration);
    if (module === undefined) {
      module = this.computeModuleOf(declaration) ?? null;
      this.modules.set(declaration, module);
    }
    return module ?? undefined;
  }

  private computeModuleOf(declaration: ts.Node): string | undefined {
    const ambient = enclosingAmbientModule(declaration);
    if (ambient !== undefined) return ambient;
    const sourceFile = declaration.getSourceFile();
    if (this.isGeneratedPrismaClient(sourceFile)) return '@prisma/client';
    if (isInGlobalScope(declaration)) {
      if (this.program.isSourceFileDefaultLibrary(sourceFile) || sourceFile.isDeclarationFile) return GLOBAL_MODULE;
      return undefined;
    }
    const pkg = packageOfPath(sourceFile.fileName);
    if (pkg === '.prisma') return '@prisma/client';
    return pkg;
  }

  isGeneratedPrismaClient(sourceFile: ts.SourceFile): boolean {
    let known = GENERATED_PRISMA.get(sourceFile);
    if (known === undefined) {
      known = sourceFile.statements.some(
        (statement) =>
          (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
          statement.moduleSpecifier !== undefined &&
          ts.isStringLiteral(statement.moduleSpecifier) &&
          PRISMA_RUNTIME.test(statement.moduleSpecifier.text),
      ) || this.isInPrismaOutput(path.dirname(sourceFile.fileName));
      GENERATED_PRISMA.set(sourceFile, known);
    }
    return known;
  }

  /** The file's folder, or one of two parents (the copied `runtime/`, its subfolders), is a client generated to a custom `output`. */
  private isInPrismaOutput(folder: string): boolean {
    for (let current = folder, level = 0; level < 3; level++, current = path.dirname(current)) {
      let known = this.prismaOutputFolders.get(current);
      if (known === undefined) {
        const manifest = path.join(current, 'package.json');
        known = fs.existsSync(manifest) && PRISMA_OUTPUT_PACKAGE.test(fs.readFileSync(manifest, 'utf8'));
        this.prismaOutputFolders.set(current, known);
      }
      if (known) return true;
    }
    return false;
  }
}

/** The `name` of a package.json, when there is one that names its package. */
function readPackageName(manifest: string): string | undefined {
  try {
    const name: unknown = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}

function enclosingAmbientModule(node: ts.Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isModuleDeclaration(current) && ts.isStringLiteral(current.name)) return current.name.text;
  }
  return undefined;
}

/** True for declarations visible without an import: script files and `declare global` blocks. */
function isInGlobalScope(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isModuleDeclaration(current) && current.flags & ts.NodeFlags.GlobalAugmentation) return true;
  }
  return !ts.isExternalModule(node.getSourceFile());
}

function memberPath(declaration: ts.Node): string[] {
  const path: string[] = [memberName(declaration)];
  for (let current = declaration.parent; current && !ts.isSourceFile(current); current = current.parent) {
    if (ts.isModuleDeclaration(current) && ts.isStringLiteral(current.name)) break;
    if (
      (ts.isClassDeclaration(current) || ts.isInterfaceDeclaration(current) || ts.isModuleDeclaration(current) || ts.isTypeAliasDeclaration(current)) &&
      current.name &&
      ts.isIdentifier(current.name)
    ) {
      if (ts.isModuleDeclaration(current) && current.flags & ts.NodeFlags.GlobalAugmentation) continue;
      path.unshift(current.name.text);
    }
  }
  return path;
}

function memberName(declaration: ts.Node): string {
  if (ts.isCallSignatureDeclaration(declaration)) return '()';
  if (ts.isConstructSignatureDeclaration(declaration) || ts.isConstructorDeclaration(declaration)) return 'new';
  const name = (declaration as ts.NamedDeclaration).name;
  if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name))) return name.text;
  if (ts.isFunctionTypeNode(declaration) && ts.isPropertySignature(declaration.parent)) return memberName(declaration.parent);
  return '?';
}
