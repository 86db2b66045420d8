import ts from 'typescript';
import { IMPORT_SHAPES, type ImportShape } from './io-model';

/** Where a value comes from when its library's typings are missing: an unresolved import, and how it was obtained. */
export interface ImportOrigin {
  readonly module: string;
  readonly export: string;
  readonly obtained: ImportShape['obtained'];
  readonly factory?: string;
}

/** What an untyped call lands on: a container and member of the I/O model, as typed code would resolve it. */
export interface UntypedTarget {
  readonly module: string;
  readonly container: string;
  readonly member: string;
}

const MAX_DEPTH = 12;

/** `mysql2/promise` → `mysql2`, `@scope/pkg/sub` → `@scope/pkg`; relative paths are not packages. */
export function packageOfSpecifier(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  const parts = specifier.replace(/^node:/, '').split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Classifies calls whose library could not be resolved (no node_modules), from where the receiver
 * was imported: `new PrismaClient()` imported from `@prisma/client` makes `prisma.user.findMany()`
 * a Prisma read. Follows the project's own modules (`@/lib/prisma`), class heritage (`PrismaService
 * extends PrismaClient`) and declared types (`repo: Repository<User>`). Never looks at variable names.
 */
export class UntypedResolver {
  constructor(private readonly checker: ts.TypeChecker) {}

  targetOf(call: ts.CallExpression): UntypedTarget | undefined {
    const path: string[] = [];
    let receiver: ts.Expression = call.expression;
    for (;;) {
      // `axios.get` may be export `get` of a namespace-like default import, or member `get` of the
      // default export: whichever the model knows, innermost receiver first.
      const origin = this.originOfValue(receiver, 0);
      const target = origin && targetFor(origin, path);
      if (target) return target;
      if (!ts.isPropertyAccessExpression(receiver)) return undefined;
      path.unshift(receiver.name.text);
      receiver = receiver.expression;
    }
  }

  private originOfValue(expression: ts.Expression, depth: number): ImportOrigin | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (ts.isParenthesizedExpression(expression) || ts.isNonNullExpression(expression) || ts.isAsExpression(expression) || ts.isAwaitExpression(expression)) {
      return this.originOfValue(expression.expression, depth + 1);
    }
    if (ts.isNewExpression(expression)) return asInstance(this.originOfValue(expression.expression, depth + 1));
    if (ts.isCallExpression(expression)) return this.originOfCall(expression, depth);
    if (expression.kind === ts.SyntaxKind.ThisKeyword) {
      const owner = ts.findAncestor(expression.parent, (node) => ts.isClassLike(node) || (ts.isFunctionLike(node) && !ts.isArrowFunction(node)));
      const ownerClass = owner && (ts.isClassLike(owner) ? owner : ts.isClassLike(owner.parent) ? owner.parent : undefined);
      return ownerClass ? asInstance(this.originOfHeritage(ownerClass, depth + 1)) : undefined;
    }
    if (ts.isPropertyAccessExpression(expression)) {
      // `pg.Pool` on a default or namespace import of an unresolved package names the export `Pool`.
      const namespace = this.originOfValue(expression.expression, depth + 1);
      if (namespace?.obtained === 'value' && (namespace.export === 'default' || namespace.export === '*')) {
        return { module: namespace.module, export: expression.name.text, obtained: 'value' };
      }
      if (namespace) return undefined;
    }
    if (!ts.isIdentifier(expression) && !ts.isPropertyAccessExpression(expression)) return undefined;
    const symbol = this.checker.getSymbolAtLocation(expression);
    return symbol ? this.originOfSymbol(symbol, depth + 1) : undefined;
  }

  /** `axios.create()`, `createClient()`, `model('Cat', schema)`: the result of calling an import. */
  private originOfCall(call: ts.CallExpression, depth: number): ImportOrigin | undefined {
    const callee = call.expression;
    if (ts.isPropertyAccessExpression(callee)) {
      const owner = this.originOfValue(callee.expression, depth + 1);
      if (owner?.obtained === 'value') return { ...owner, obtained: 'call', factory: callee.name.text };
      return undefined;
    }
    const called = this.originOfValue(callee, depth + 1);
    return called?.obtained === 'value' ? { ...called, obtained: 'call' } : undefined;
  }

  private originOfSymbol(symbol: ts.Symbol, depth: number): ImportOrigin | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (symbol.flags & ts.SymbolFlags.Alias) {
      const unresolved = this.unresolvedImport(symbol);
      if (unresolved) return unresolved;
      const target = this.checker.getAliasedSymbol(symbol);
      return target === symbol ? undefined : this.originOfSymbol(target, depth + 1);
    }
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
    if (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isParameter(declaration)) {
      if (declaration.type) return asInstance(this.originOfType(declaration.type, depth + 1));
      return declaration.initializer ? this.originOfValue(declaration.initializer, depth + 1) : undefined;
    }
    if (ts.isPropertySignature(declaration) && declaration.type) return asInstance(this.originOfType(declaration.type, depth + 1));
    if (ts.isClassDeclaration(declaration)) return this.originOfHeritage(declaration, depth + 1);
    return undefined;
  }

  /** A declared type `Repository<User>` or `PrismaService`: an instance of what it names or extends. */
  private originOfType(type: ts.TypeNode, depth: number): ImportOrigin | undefined {
    if (!ts.isTypeReferenceNode(type)) return undefined;
    const symbol = this.checker.getSymbolAtLocation(type.typeName);
    return symbol ? this.originOfSymbol(symbol, depth + 1) : undefined;
  }

  /** An import whose module did not resolve: its package and the name imported. */
  private unresolvedImport(symbol: ts.Symbol): ImportOrigin | undefined {
    const declaration = symbol.declarations?.[0];
    const importDeclaration = declaration && ts.findAncestor(declaration, ts.isImportDeclaration);
    const specifier = importDeclaration?.moduleSpecifier;
    if (!declaration || !specifier || !ts.isStringLiteral(specifier)) return undefined;
    const module = packageOfSpecifier(specifier.text);
    if (!module) return undefined;
    // Unresolved: the module is missing, or it resolves but lacks the export (`@prisma/client`
    // before `prisma generate` re-exports a client that does not exist yet).
    const moduleResolved = this.checker.getSymbolAtLocation(specifier) !== undefined;
    if (moduleResolved && this.checker.getAliasedSymbol(symbol).declarations?.length) return undefined;
    if (ts.isImportClause(declaration)) return { module, export: 'default', obtained: 'value' };
    if (ts.isNamespaceImport(declaration)) return { module, export: '*', obtained: 'value' };
    if (ts.isImportSpecifier(declaration)) return { module, export: (declaration.propertyName ?? declaration.name).text, obtained: 'value' };
    return undefined;
  }

  /** `class PrismaService extends PrismaClient`: the class value is the export's value. */
  private originOfHeritage(declaration: ts.ClassLikeDeclaration, depth: number): ImportOrigin | undefined {
    const base = declaration.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    return base ? this.originOfValue(base.expression, depth + 1) : undefined;
  }
}

function asInstance(origin: ImportOrigin | undefined): ImportOrigin | undefined {
  return origin && (origin.obtained === 'value' || origin.obtained === 'instance') ? { module: origin.module, export: origin.export, obtained: 'instance' } : origin;
}

function targetFor(origin: ImportOrigin, path: readonly string[]): UntypedTarget | undefined {
  const member = path.length === 0 ? '()' : path[path.length - 1]!;
  const depth = path.length;
  for (const shape of IMPORT_SHAPES) {
    if (shape.module !== origin.module || shape.export !== origin.export || shape.obtained !== origin.obtained) continue;
    if ((shape.factory ?? undefined) !== (origin.factory ?? undefined)) continue;
    const container = shape.containers[depth];
    if (container !== undefined) return { module: origin.module, container, member };
  }
  return undefined;
}
