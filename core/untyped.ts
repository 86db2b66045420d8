import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { IMPORT_SHAPES, INJECTIONS, IO_MODEL, MEMBER_RESULTS, SLEEPS, type ImportShape } from './io-model';
import { GLOBAL_MODULE, normaliseModule } from './origin';
import { walkTree } from './walk';

/** Where a value comes from when its library's typings are missing: an unresolved import, and how it was obtained. */
export interface ImportOrigin {
  /** The package imported from; for a `container`, the module of the model entry. */
  readonly module: string;
  /** The imported name; for a `container`, its name in the model (`Repository`). */
  readonly export: string;
  /** As `ImportShape.obtained`, or `container`: a value of a model container reached through a member (`dataSource.getRepository(…)`). */
  readonly obtained: ImportShape['obtained'] | 'container';
  readonly factory?: string;
  /** An array of such values (`Model.findAll()`): only its elements are. */
  readonly many?: boolean;
  /** The import declaration (or `import('…')` type) the inference rests on; absent for an undeclared global (`fetch` without @types/node). */
  readonly importedAt?: ts.Node;
  /** The project's own class the value is (or is an instance of), extending the import: its own methods are the project's. */
  readonly projectClass?: ts.ClassLikeDeclaration;
}

/** What an untyped call lands on: a container and member of the I/O model, as typed code would resolve it. */
export interface UntypedTarget {
  readonly module: string;
  readonly container: string;
  readonly member: string;
  /** The import the classification was inferred from. */
  readonly origin: ImportOrigin;
}

const MAX_DEPTH = 64;
/** Where a project keeps its Prisma schema, relative to the project's folders. */
const PRISMA_SCHEMAS = ['prisma/schema.prisma', 'schema.prisma', 'prisma/schema/schema.prisma', 'prisma/schema/main.prisma'];
/** `output = "../src/generated/prisma"` inside a `generator … { }` block. */
const PRISMA_GENERATOR_OUTPUT = /generator\s+\w+\s*\{[^}]*?\boutput\s*=\s*"([^"]+)"/g;

/** `mysql2/promise` → `mysql2`, `@scope/pkg/sub` → `@scope/pkg`; relative paths are not packages. */
export function packageOfSpecifier(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  const parts = specifier.replace(/^node:/, '').split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** `node:fs`, `fs/promises`, `crypto`: Node's own modules, which need no install (`module.builtinModules`). */
export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0]!);
}

const BUILTINS = new Set(builtinModules);

/** Each module's model entry name, so that `sequelize-typescript` finds the results listed for `sequelize`. */
const LIBRARY_OF_MODULE = new Map(IO_MODEL.flatMap((model) => model.modules.map((module) => [normaliseModule(module), model.name] as const)));
/** Per module, the containers the model names exactly (no wildcard, no namespace): an instance of such an export is that container. */
const NAMED_CONTAINERS = new Map(
  IO_MODEL.flatMap((model) => {
    const names = new Set([...model.members.flatMap((group) => group.on), ...(model.oneConnection ?? [])].filter((name) => /^[A-Za-z_$][\w$]*$/.test(name)));
    return model.modules.map((module) => [normaliseModule(module), names] as const);
  }),
);
/** Per module, the functions it exports at its top level (container `''`: `readFile`, undici's `request`). */
const TOP_LEVEL_MEMBERS = new Map(
  IO_MODEL.flatMap((model) => {
    const names = new Set(model.members.filter((group) => group.on.includes('')).flatMap((group) => [...(group.reads ?? []), ...(group.writes ?? []), ...Object.keys(group.decided ?? {})]));
    return model.modules.map((module) => [normaliseModule(module), names] as const);
  }),
);
/** Globals of the runtime the model knows (`fetch`, `setTimeout`): an undeclared one is the runtime's. */
const RUNTIME_GLOBALS = new Set([
  ...(TOP_LEVEL_MEMBERS.get(GLOBAL_MODULE) ?? []),
  ...SLEEPS.filter((entry) => entry.modules.includes(GLOBAL_MODULE)).flatMap((entry) => entry.paths.filter((name) => !name.includes('.'))),
]);
/** The container of values a library hands out that the model knows nothing of (`MemberResult.returns: 'row'`). */
const ROW = '(row)';
/** Array methods that return some of the same elements, and one of them. */
const SAME_ELEMENTS = new Set(['filter', 'slice', 'concat', 'sort', 'reverse', 'toSorted', 'toReversed']);
const ONE_ELEMENT = new Set(['find', 'findLast', 'at', 'pop', 'shift']);
/** Array methods whose callback's first parameter is an element of the array. */
const ELEMENT_CALLBACKS = new Set(['map', 'forEach', 'filter', 'flatMap', 'some', 'every', 'find', 'findIndex']);

/**
 * Classifies calls whose library could not be resolved (no node_modules), from where the receiver
 * was imported: `new PrismaClient()` imported from `@prisma/client` makes `prisma.user.findMany()`
 * a Prisma read. Follows the project's own modules and barrels (`@/lib/prisma`), class heritage
 * (`class Document extends Model`, static and instance members alike), declared types (`repo:
 * Repository<User>`, a method declared to return one), dependency-injection decorators
 * (`@InjectRepository(User) repo`) and what library members return (`MEMBER_RESULTS`). Never looks
 * at variable names.
 */
export class UntypedResolver {
  private readonly symbolOrigins = new Map<ts.Symbol, ImportOrigin | null>();
  private readonly checker: ts.TypeChecker;
  private readonly prismaOutputs = new Map<string, readonly string[]>();

  constructor(private readonly program: ts.Program) {
    this.checker = program.getTypeChecker();
  }

  targetOf(call: ts.CallExpression | ts.TaggedTemplateExpression): UntypedTarget | undefined {
    const path: string[] = [];
    let receiver: ts.Expression = ts.isCallExpression(call) ? call.expression : call.tag;
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

  /**
   * The project method `x.name(…)` calls when `x` is inferred to be a project class extending an
   * unresolved import, or an instance of one (`doc.destroyWithCtx()`, `Document.findAllInBatches()`):
   * looked up on that class and its project bases, static members for the class, instance members
   * for its instances, as the checker would with the typings.
   */
  projectMethodOf(call: ts.CallExpression): ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression | undefined {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name)) return undefined;
    const member = this.projectMemberOf(this.originOfValue(callee.expression, 0), callee.name.text);
    if (member && ts.isMethodDeclaration(member)) return member.body ? member : undefined;
    // A property holding a function (`expire = async () => { … }`).
    const value = member && ts.isPropertyDeclaration(member) ? member.initializer : undefined;
    return value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) ? value : undefined;
  }

  /** The member `name` of the project class a value is (static) or is an instance of, looked up on it and its project bases. */
  private projectMemberOf(origin: ImportOrigin | undefined, name: string): ts.ClassElement | undefined {
    if (!origin?.projectClass || origin.many || (origin.obtained !== 'value' && origin.obtained !== 'instance')) return undefined;
    const wantStatic = origin.obtained === 'value';
    for (let owner: ts.ClassLikeDeclaration | undefined = origin.projectClass, level = 0; owner && level < MAX_DEPTH; level++) {
      const member = owner.members.find((candidate) => candidate.name !== undefined && !ts.isSetAccessorDeclaration(candidate) && candidate.name.getText() === name);
      if (member) return ((ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Static) !== 0) === wantStatic ? member : undefined;
      const base: ts.Expression | undefined = owner.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
      let symbol: ts.Symbol | undefined = base && ts.isIdentifier(base) ? this.checker.getSymbolAtLocation(base) : undefined;
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
      owner = symbol?.declarations?.find(ts.isClassDeclaration);
      if (owner?.getSourceFile().isDeclarationFile) return undefined;
    }
    return undefined;
  }

  /** The package an identifier is imported from, when that import did not resolve (`@AfterCreate` from sequelize-typescript). */
  importedModule(identifier: ts.Identifier): string | undefined {
    const symbol = this.checker.getSymbolAtLocation(identifier);
    return symbol && symbol.flags & ts.SymbolFlags.Alias ? this.unresolvedImport(symbol)?.module : undefined;
  }

  /** Where a value comes from, when an unresolved import (or an undeclared global) tells. */
  originOf(expression: ts.Expression): ImportOrigin | undefined {
    return this.originOfValue(expression, 0);
  }

  /**
   * Whether `value.map(cb)` walks an array, where typings are missing: an array of a library's
   * values (`await Model.findAll()`), or what a function of a package the model does not know
   * returned (`uniq(ids)`, `sortBy(rows, …)`): such helpers' `map` and `forEach` are arrays'.
   */
  isArray(expression: ts.Expression): boolean {
    const origin = this.originOfValue(expression, 0);
    return origin?.many === true || (origin?.obtained === 'call' && !LIBRARY_OF_MODULE.has(origin.module) && origin.importedAt !== undefined);
  }

  /** The model container an awaited value is (`await db('users').where(…)`: a Knex query builder), when its import tells. */
  containerOfValue(expression: ts.Expression): UntypedTarget | undefined {
    const origin = this.originOfValue(expression, 0);
    const container = origin && containerOf(origin);
    return origin && container !== undefined ? { module: origin.module, container, member: 'await', origin } : undefined;
  }

  private originOfValue(expression: ts.Expression, depth: number): ImportOrigin | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if ((ts.isAsExpression(expression) || ts.isTypeAssertionExpression(expression)) && !isConstType(expression.type)) {
      // `this.constructor as typeof Document`: what the code asserts it is.
      return this.instanceOfType(expression.type, depth + 1) ?? this.originOfValue(expression.expression, depth + 1);
    }
    if (ts.isParenthesizedExpression(expression) || ts.isNonNullExpression(expression) || ts.isAsExpression(expression) || ts.isAwaitExpression(expression) || ts.isSatisfiesExpression(expression)) {
      return this.originOfValue(expression.expression, depth + 1);
    }
    if (ts.isNewExpression(expression)) return asInstance(this.originOfValue(expression.expression, depth + 1));
    if (ts.isConditionalExpression(expression)) {
      // `secure ? https.get : http.get`: the same member of one library either way.
      // `ctx ? connection.getRepository(ctx, Role) : dataSource.getRepository(Role)`: a repository both ways.
      const [first, second] = [expression.whenTrue, expression.whenFalse].map((alternative) => this.originOfValue(alternative, depth + 1));
      if (!first || !second || first.many !== second.many || !LIBRARY_OF_MODULE.has(first.module) || LIBRARY_OF_MODULE.get(first.module) !== LIBRARY_OF_MODULE.get(second.module)) return undefined;
      const sameMember = first.export === second.export && first.obtained === second.obtained;
      const container = containerOf(first);
      return sameMember || (container !== undefined && container === containerOf(second)) ? first : undefined;
    }
    // `globalForPrisma.prisma ?? new PrismaClient()` (Prisma's Next.js singleton): whichever side tells.
    if (ts.isBinaryExpression(expression) && (expression.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || expression.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      return this.originOfValue(expression.left, depth + 1) ?? this.originOfValue(expression.right, depth + 1);
    }
    if (ts.isCallExpression(expression)) return this.originOfCall(expression, depth);
    // `rows[0]`, `rows?.[0]`: one of them.
    if (ts.isElementAccessExpression(expression) && ts.isNumericLiteral(expression.argumentExpression)) return elementOf(this.originOfValue(expression.expression, depth + 1));
    if (expression.kind === ts.SyntaxKind.ThisKeyword) return this.originOfThis(expression, depth);
    if (ts.isPropertyAccessExpression(expression)) {
      const owner = this.originOfValue(expression.expression, depth + 1);
      // `pg.Pool` on a default or namespace import of an unresolved package names the export `Pool`.
      if (owner?.obtained === 'value' && (owner.export === 'default' || owner.export === '*') && !owner.projectClass) {
        return { module: owner.module, export: expression.name.text, obtained: 'value', importedAt: owner.importedAt };
      }
      const result = owner && resultOf(owner, expression.name.text, true);
      if (result) return result;
      // A property a project model declares, typed (`group: Group`, `groupUsers: GroupUser[]`): a row's associations.
      const member = this.projectMemberOf(owner, expression.name.text);
      if (member && (ts.isPropertyDeclaration(member) || ts.isGetAccessorDeclaration(member)) && member.type) return this.instanceOfType(member.type, depth + 1);
      // Otherwise a property the project declares (`this.repo` in a class extending a library's).
    }
    if (!ts.isIdentifier(expression) && !ts.isPropertyAccessExpression(expression)) return undefined;
    // `{ transaction }`: the variable, not the object literal's property.
    const symbol = ts.isShorthandPropertyAssignment(expression.parent) && expression.parent.name === expression ? this.checker.getShorthandAssignmentValueSymbol(expression.parent) : this.checker.getSymbolAtLocation(expression);
    if (symbol) return this.originOfSymbol(symbol, depth + 1);
    // Declared nowhere, not even by the default library: a global of the runtime whose typings are
    // missing (`fetch` without @types/node or the DOM library), as the runtime resolves it.
    return ts.isIdentifier(expression) && RUNTIME_GLOBALS.has(expression.text) ? { module: GLOBAL_MODULE, export: expression.text, obtained: 'value' } : undefined;
  }

  /** `this` in a static member is the class (`this.findAll()`), elsewhere an instance of it. */
  private originOfThis(keyword: ts.Node, depth: number): ImportOrigin | undefined {
    const owner = ts.findAncestor(keyword.parent, (node) => ts.isClassLike(node) || (ts.isFunctionLike(node) && !ts.isArrowFunction(node)) || ts.isPropertyDeclaration(node) || ts.isClassStaticBlockDeclaration(node));
    if (!owner) return undefined;
    const ownerClass = ts.isClassLike(owner) ? owner : ts.isClassLike(owner.parent) ? owner.parent : undefined;
    if (!ownerClass) return undefined;
    const base = this.originOfHeritage(ownerClass, depth + 1);
    const origin = base && { ...base, projectClass: ownerClass };
    const isStatic = !ts.isClassLike(owner) && (ts.isClassStaticBlockDeclaration(owner) || (ts.getCombinedModifierFlags(owner as ts.Declaration) & ts.ModifierFlags.Static) !== 0);
    return isStatic ? origin : asInstance(origin);
  }

  /** `axios.create()`, `createClient()`, `model('Cat', schema)`, `dataSource.getRepository(User)`, a project function declared to return one. */
  private originOfCall(call: ts.CallExpression, depth: number): ImportOrigin | undefined {
    const callee = call.expression;
    if (ts.isPropertyAccessExpression(callee)) {
      const owner = this.originOfValue(callee.expression, depth + 1);
      // An array's own methods: `docs.filter(…)` holds the same rows, `docs.find(…)` one of them.
      if (owner?.many) return SAME_ELEMENTS.has(callee.name.text) ? owner : ONE_ELEMENT.has(callee.name.text) ? elementOf(owner) : undefined;
      const result = owner && resultOf(owner, callee.name.text, false);
      if (result) return result;
      if (owner?.obtained === 'value' && (owner.export === 'default' || owner.export === '*') && !owner.projectClass) {
        // `mysql.createPool()`: the named export called, when the model knows that form.
        const named: ImportOrigin = { module: owner.module, export: callee.name.text, obtained: 'call', importedAt: owner.importedAt };
        if (shapesOf(named).length) return named;
      }
      if (owner?.obtained === 'value' && !owner.projectClass) return { ...owner, obtained: 'call', factory: callee.name.text };
      if (owner && !owner.projectClass) return undefined;
    } else {
      const called = this.originOfValue(callee, depth + 1);
      if (called?.obtained === 'value') return { ...called, obtained: 'call', factory: undefined };
      if (called) return resultOf(called, '()', false);
    }
    return this.originOfDeclaredResult(call, depth);
  }

  /**
   * A project function or method whose declarations (every overload) declare the same library type
   * as their result; one that declares none returns what its return statements do (a local factory,
   * `createClient() { return new PrismaClient() }`); one whose result is a type parameter, what the
   * argument of that type is or its callback returns (`remember('prisma', () => new PrismaClient())`).
   */
  private originOfDeclaredResult(call: ts.CallExpression, depth: number): ImportOrigin | undefined {
    const callee = call.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    let symbol = this.checker.getSymbolAtLocation(name);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const declarations = symbol?.declarations?.filter(ts.isFunctionLike);
    if (!declarations?.length) return undefined;
    const only = declarations.length === 1 ? declarations[0]! : undefined;
    if (only && !only.type && !only.getSourceFile().isDeclarationFile) return this.originOfReturns(only, depth + 1);
    let agreed: ImportOrigin | undefined;
    for (const declaration of declarations) {
      if (declaration.getSourceFile().isDeclarationFile || !declaration.type) {
        // An implementation after its overloads declares nothing callers see.
        if (declarations.length > 1 && !declaration.type && 'body' in declaration && declaration.body) continue;
        return undefined;
      }
      const origin = this.instanceOfType(declaration.type, depth + 1) ?? this.originOfTypeParameterResult(declaration, call, depth + 1);
      if (!origin || (agreed && !sameOrigin(agreed, origin))) return undefined;
      agreed = origin;
    }
    return agreed;
  }

  /** What every return statement of a function body (not of functions nested in it) returns, when they agree. */
  private originOfReturns(declaration: ts.SignatureDeclaration, depth: number): ImportOrigin | undefined {
    const body = 'body' in declaration ? declaration.body : undefined;
    if (!body) return undefined;
    if (!ts.isBlock(body)) return this.originOfValue(body as ts.Expression, depth + 1);
    const returned: ts.Expression[] = [];
    walkTree(body, (node) => {
      if (node !== body && ts.isFunctionLike(node)) return false;
      if (ts.isReturnStatement(node) && node.expression) returned.push(node.expression);
      return true;
    });
    let agreed: ImportOrigin | undefined;
    for (const expression of returned) {
      const origin = this.originOfValue(expression, depth + 1);
      if (!origin || (agreed && !sameOrigin(agreed, origin))) return undefined;
      agreed = origin;
    }
    return agreed;
  }

  /** `function remember<T>(name: string, create: () => T): T`: the result is the argument typed `T`, or what the callback typed `() => T` returns. */
  private originOfTypeParameterResult(declaration: ts.SignatureDeclaration, call: ts.CallExpression, depth: number): ImportOrigin | undefined {
    const result = declaration.type;
    const parameter = result && ts.isTypeReferenceNode(result) && ts.isIdentifier(result.typeName) ? declaration.typeParameters?.find((candidate) => candidate.name.text === (result.typeName as ts.Identifier).text) : undefined;
    if (!parameter) return undefined;
    const isParameter = (type: ts.TypeNode | undefined): boolean => type !== undefined && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === parameter.name.text && !type.typeArguments;
    for (const [index, declared] of declaration.parameters.entries()) {
      const argument = call.arguments[index];
      if (!argument || declared.dotDotDotToken) continue;
      if (isParameter(declared.type)) return this.originOfValue(argument, depth + 1);
      if (declared.type && ts.isFunctionTypeNode(declared.type) && isParameter(declared.type.type) && (ts.isArrowFunction(argument) || ts.isFunctionExpression(argument))) {
        return this.originOfReturns(argument, depth + 1);
      }
    }
    return undefined;
  }

  private originOfSymbol(symbol: ts.Symbol, depth: number): ImportOrigin | undefined {
    // Every call on a model class asks again about the class and its bases. A symbol being
    // computed reads as unknown: a cycle (`a = b`, `b = a`) ends there.
    let known = this.symbolOrigins.get(symbol);
    if (known === undefined) {
      this.symbolOrigins.set(symbol, null);
      known = this.computeOriginOfSymbol(symbol, depth) ?? null;
      this.symbolOrigins.set(symbol, known);
    }
    return known ?? undefined;
  }

  private computeOriginOfSymbol(symbol: ts.Symbol, depth: number): ImportOrigin | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (symbol.flags & ts.SymbolFlags.Alias) {
      const unresolved = this.unresolvedImport(symbol);
      if (unresolved) return unresolved;
      const target = this.checker.getAliasedSymbol(symbol);
      return target === symbol ? undefined : this.originOfSymbol(target, depth + 1);
    }
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
    if (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isParameter(declaration) || ts.isPropertySignature(declaration)) {
      if (declaration.type) return this.instanceOfType(declaration.type, depth + 1) ?? this.injected(declaration, depth);
      const injected = this.injected(declaration, depth);
      if (injected) return injected;
      if (ts.isParameter(declaration)) return this.elementOfIteration(declaration, depth);
      const loop = ts.isVariableDeclaration(declaration) && ts.isVariableDeclarationList(declaration.parent) ? declaration.parent.parent : undefined;
      if (loop && ts.isForOfStatement(loop)) return elementOf(this.originOfValue(loop.expression, depth + 1));
      return 'initializer' in declaration && declaration.initializer ? this.originOfValue(declaration.initializer, depth + 1) : undefined;
    }
    if (ts.isGetAccessorDeclaration(declaration) && declaration.type) return this.instanceOfType(declaration.type, depth + 1);
    if (ts.isBindingElement(declaration) && ts.isArrayBindingPattern(declaration.parent) && !declaration.dotDotDotToken) {
      // `const [groups, total] = await Promise.all([Group.findAll(…), Group.count(…)])`: the promise at that index.
      const pattern = declaration.parent;
      const owner = pattern.parent;
      const all = ts.isVariableDeclaration(owner) && owner.initializer ? skipAwait(owner.initializer) : undefined;
      const list = all && this.isPromiseAll(all) ? all.arguments[0] : undefined;
      const element = list && ts.isArrayLiteralExpression(list) ? list.elements[pattern.elements.indexOf(declaration)] : undefined;
      return element && !ts.isSpreadElement(element) ? this.originOfValue(element, depth + 1) : undefined;
    }
    if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent) && !declaration.dotDotDotToken) {
      // `const { transaction } = ctx.state`: the property of the destructured value's type.
      const name = declaration.propertyName ?? declaration.name;
      const property = ts.isIdentifier(name) ? this.checker.getTypeAtLocation(declaration.parent).getProperty(name.text) : undefined;
      return property ? this.originOfSymbol(property, depth + 1) : undefined;
    }
    if (ts.isClassDeclaration(declaration)) {
      const base = this.originOfHeritage(declaration, depth + 1);
      return base && { ...base, projectClass: declaration };
    }
    return undefined;
  }

  private declaredByDefaultLibrary(symbol: ts.Symbol): boolean {
    return symbol.declarations?.some((declaration) => this.program.isSourceFileDefaultLibrary(declaration.getSourceFile())) === true;
  }

  /** `Promise.all(…)` of the global `Promise` (the default library declares it even without node_modules). */
  private isPromiseAll(expression: ts.Expression): expression is ts.CallExpression {
    if (!ts.isCallExpression(expression) || !ts.isPropertyAccessExpression(expression.expression) || expression.expression.name.text !== 'all') return false;
    const symbol = this.checker.getSymbolAtLocation(expression.expression.expression);
    return symbol?.name === 'Promise' && this.declaredByDefaultLibrary(symbol);
  }

  /** `docs.map((doc) => doc.save())`: the first parameter of an array method's callback is an element. */
  private elementOfIteration(parameter: ts.ParameterDeclaration, depth: number): ImportOrigin | undefined {
    const callback = parameter.parent;
    if (callback.parameters[0] !== parameter || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return undefined;
    const call = callback.parent;
    if (!ts.isCallExpression(call) || call.arguments[0] !== callback || !ts.isPropertyAccessExpression(call.expression) || !ELEMENT_CALLBACKS.has(call.expression.name.text)) return undefined;
    return elementOf(this.originOfValue(call.expression.expression, depth + 1));
  }

  /** `@InjectRepository(User) private repo` from `@nestjs/typeorm`: what the decorator injects (`INJECTIONS`). */
  private injected(declaration: ts.ParameterDeclaration | ts.PropertyDeclaration | ts.VariableDeclaration | ts.PropertySignature, depth: number): ImportOrigin | undefined {
    const decorators = ts.canHaveDecorators(declaration) ? ts.getDecorators(declaration) : undefined;
    for (const decorator of decorators ?? []) {
      const expression = ts.isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression;
      const symbol = ts.isIdentifier(expression) ? this.checker.getSymbolAtLocation(expression) : undefined;
      const origin = symbol && this.originOfSymbol(symbol, depth + 1);
      const injection = origin && INJECTIONS.find((entry) => entry.module === origin.module && entry.decorators.includes(origin.export));
      if (origin && injection) return { module: injection.library, export: injection.container, obtained: 'container', importedAt: origin.importedAt };
    }
    return undefined;
  }

  /**
   * What a value of a declared type is: `Repository<User>` an instance of `Repository`, `typeof
   * User` the class, `Promise<T>` and `T | null` as `T`, `T[]` an array of them.
   */
  private instanceOfType(type: ts.TypeNode, depth: number): ImportOrigin | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (ts.isParenthesizedTypeNode(type)) return this.instanceOfType(type.type, depth + 1);
    if (ts.isUnionTypeNode(type)) {
      const values = type.types.filter((member) => !isNullish(member));
      return values.length === 1 ? this.instanceOfType(values[0]!, depth + 1) : undefined;
    }
    if (ts.isArrayTypeNode(type)) return manyOf(this.instanceOfType(type.elementType, depth + 1));
    if (ts.isTypeQueryNode(type)) {
      const symbol = this.checker.getSymbolAtLocation(type.exprName);
      return symbol ? this.originOfSymbol(symbol, depth + 1) : undefined;
    }
    if (ts.isImportTypeNode(type)) return this.originOfImportType(type);
    if (!ts.isTypeReferenceNode(type)) return undefined;
    if (ts.isQualifiedName(type.typeName) && ts.isIdentifier(type.typeName.left)) {
      // `Prisma.TransactionClient`: a type exported inside a namespace of an unresolved import.
      const left = this.checker.getSymbolAtLocation(type.typeName.left);
      const namespace = left && left.flags & ts.SymbolFlags.Alias ? this.unresolvedImport(left) : undefined;
      if (namespace?.obtained === 'value') return asInstance({ ...namespace, export: `${namespace.export}.${type.typeName.right.text}` });
    }
    const symbol = this.checker.getSymbolAtLocation(type.typeName);
    if (!symbol) return undefined;
    // The global `Promise` and `Array` (the default library resolves even without node_modules).
    const global = this.declaredByDefaultLibrary(symbol);
    const argument = type.typeArguments?.length === 1 ? type.typeArguments[0] : undefined;
    if (global && argument && symbol.name === 'Promise') return this.instanceOfType(argument, depth + 1);
    if (global && argument && (symbol.name === 'Array' || symbol.name === 'ReadonlyArray')) return manyOf(this.instanceOfType(argument, depth + 1));
    return asInstance(this.originOfSymbol(symbol, depth + 1));
  }

  /** `import('ioredis').Redis` naming a package that did not resolve: an instance of that export (`typeof import(…)`: the module itself). */
  private originOfImportType(type: ts.ImportTypeNode): ImportOrigin | undefined {
    const argument = ts.isLiteralTypeNode(type.argument) && ts.isStringLiteral(type.argument.literal) ? type.argument.literal : undefined;
    const packageName = argument && !this.checker.getSymbolAtLocation(argument) ? this.missingPackageOf(argument) : undefined;
    if (!packageName) return undefined;
    const qualifier = type.qualifier && (ts.isIdentifier(type.qualifier) ? type.qualifier : type.qualifier.right);
    const origin: ImportOrigin = { module: normaliseModule(packageName), export: qualifier?.text ?? '*', obtained: 'value', importedAt: type };
    return type.isTypeOf ? origin : asInstance(origin);
  }

  /** An import whose module did not resolve: its package and the name imported. */
  private unresolvedImport(symbol: ts.Symbol): ImportOrigin | undefined {
    const declaration = symbol.declarations?.[0];
    const importDeclaration = declaration && ts.findAncestor(declaration, ts.isImportDeclaration);
    const specifier = importDeclaration?.moduleSpecifier;
    if (!declaration || !importDeclaration || !specifier || !ts.isStringLiteral(specifier)) return undefined;
    // Unresolved: the module is missing, or it resolves but lacks the export (`@prisma/client`
    // before `prisma generate` re-exports a client that does not exist yet).
    const moduleResolved = this.checker.getSymbolAtLocation(specifier) !== undefined;
    if (moduleResolved && this.checker.getAliasedSymbol(symbol).declarations?.length) return undefined;
    const packageName = moduleResolved ? packageOfSpecifier(specifier.text) : this.generatedPrismaClient(specifier) ?? packageOfSpecifier(specifier.text);
    if (!packageName) return undefined;
    const module = normaliseModule(packageName);
    const importedAt = importDeclaration;
    if (ts.isImportClause(declaration)) return { module, export: 'default', obtained: 'value', importedAt };
    if (ts.isNamespaceImport(declaration)) return { module, export: '*', obtained: 'value', importedAt };
    if (ts.isImportSpecifier(declaration)) return { module, export: (declaration.propertyName ?? declaration.name).text, obtained: 'value', importedAt };
    return undefined;
  }

  /**
   * The package a module specifier that did not resolve belongs to: none for Node's own modules
   * and for the project's own paths (`baseUrl`, `paths`), `@prisma/client` for a client that
   * `prisma generate` has not written yet.
   */
  missingPackageOf(specifier: ts.StringLiteral): string | undefined {
    if (isNodeBuiltin(specifier.text)) return undefined;
    const generated = this.generatedPrismaClient(specifier);
    if (generated) return generated;
    return this.isProjectPath(specifier.text) ? undefined : packageOfSpecifier(specifier.text);
  }

  /** A relative path, one the tsconfig's `paths` map, or one whose first folder exists under `baseUrl` (`src/utils`). */
  private isProjectPath(specifier: string): boolean {
    if (specifier.startsWith('.') || specifier.startsWith('/')) return true;
    const options = this.program.getCompilerOptions();
    const mapped = Object.keys(options.paths ?? {}).some((pattern) => pathPatternMatch(pattern, specifier) !== undefined);
    return mapped || (options.baseUrl !== undefined && fs.existsSync(path.join(options.baseUrl, specifier.split('/')[0]!)));
  }

  /**
   * `@prisma/client` for a project path that does not exist yet because `prisma generate` writes it
   * (`src/generated/prisma/client`, the `output` of a generator in the project's schema.prisma).
   */
  private generatedPrismaClient(specifier: ts.StringLiteral): string | undefined {
    const target = this.projectPathOf(specifier.text, specifier.getSourceFile().fileName);
    if (!target) return undefined;
    for (let folder = path.dirname(target), level = 0; level < 8 && path.dirname(folder) !== folder; folder = path.dirname(folder), level++) {
      if (this.prismaOutputsIn(folder).some((output) => target === output || target.startsWith(output + path.sep))) return '@prisma/client';
    }
    return undefined;
  }

  /** Where an import of the project's own files points: relative, or through `baseUrl` and `paths`. */
  private projectPathOf(specifier: string, importer: string): string | undefined {
    if (specifier.startsWith('.')) return path.resolve(path.dirname(importer), specifier);
    const options = this.program.getCompilerOptions();
    const base = options.baseUrl ?? (options.configFilePath ? path.dirname(options.configFilePath as string) : undefined);
    for (const [pattern, targets] of Object.entries(options.paths ?? {})) {
      const rest = pathPatternMatch(pattern, specifier);
      const first = targets[0];
      if (rest !== undefined && first && base) return path.resolve(base, first.replace('*', rest));
    }
    return options.baseUrl ? path.resolve(options.baseUrl, specifier) : undefined;
  }

  /** The client folders that the Prisma schemas of a project folder generate (`output` of their generators). */
  private prismaOutputsIn(folder: string): readonly string[] {
    let outputs = this.prismaOutputs.get(folder);
    if (!outputs) {
      outputs = PRISMA_SCHEMAS.flatMap((relative) => {
        const file = path.join(folder, relative);
        const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
        return [...text.matchAll(PRISMA_GENERATOR_OUTPUT)].map((match) => path.resolve(path.dirname(file), match[1]!));
      });
      this.prismaOutputs.set(folder, outputs);
    }
    return outputs;
  }

  /** `class PrismaService extends PrismaClient`: the class value is the export's value. */
  private originOfHeritage(declaration: ts.ClassLikeDeclaration, depth: number): ImportOrigin | undefined {
    const base = declaration.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    return base ? this.originOfValue(base.expression, depth + 1) : undefined;
  }
}

/** What `*` of a tsconfig `paths` pattern stands for in a specifier (`''` without a `*`), or undefined when it does not match. */
function pathPatternMatch(pattern: string, specifier: string): string | undefined {
  const star = pattern.indexOf('*');
  if (star < 0) return specifier === pattern ? '' : undefined;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  const matches = specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix);
  return matches ? specifier.slice(prefix.length, specifier.length - suffix.length) : undefined;
}

function skipAwait(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isAwaitExpression(current) || ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

function isConstType(type: ts.TypeNode): boolean {
  return ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'const';
}

function isNullish(type: ts.TypeNode): boolean {
  if (type.kind === ts.SyntaxKind.UndefinedKeyword || type.kind === ts.SyntaxKind.VoidKeyword) return true;
  return ts.isLiteralTypeNode(type) && type.literal.kind === ts.SyntaxKind.NullKeyword;
}

function asInstance(origin: ImportOrigin | undefined): ImportOrigin | undefined {
  return origin && (origin.obtained === 'value' || origin.obtained === 'instance') ? { ...origin, obtained: 'instance', factory: undefined } : origin;
}

function manyOf(origin: ImportOrigin | undefined): ImportOrigin | undefined {
  return origin && !origin.many ? { ...origin, many: true } : undefined;
}

function elementOf(origin: ImportOrigin | undefined): ImportOrigin | undefined {
  return origin?.many ? { ...origin, many: undefined } : undefined;
}

function sameOrigin(a: ImportOrigin, b: ImportOrigin): boolean {
  return a.module === b.module && a.export === b.export && a.obtained === b.obtained && a.factory === b.factory && a.many === b.many;
}

function shapesOf(origin: ImportOrigin): ImportShape[] {
  return IMPORT_SHAPES.filter((shape) => shape.module === origin.module && shape.export === origin.export && shape.obtained === origin.obtained && (shape.factory ?? undefined) === (origin.factory ?? undefined));
}

/** The model container whose members `value.member(…)` reaches. */
function containerOf(origin: ImportOrigin): string | undefined {
  if (origin.many) return undefined;
  if (origin.obtained === 'container') return origin.export;
  const shaped = shapesOf(origin).find((shape) => shape.containers[1] !== undefined)?.containers[1];
  if (shaped !== undefined) return shaped;
  // An instance of a class the model lists (`Repository<User>`, `new Pool()`), or such a class itself (its static members).
  return (origin.obtained === 'value' || origin.obtained === 'instance') && NAMED_CONTAINERS.get(origin.module)?.has(origin.export) ? origin.export : undefined;
}

/** What `owner.member` (a property) or `owner.member(…)` (a call) evaluates to, from `MEMBER_RESULTS`. */
function resultOf(owner: ImportOrigin, member: string, property: boolean): ImportOrigin | undefined {
  const container = containerOf(owner);
  const library = LIBRARY_OF_MODULE.get(owner.module);
  if (container === undefined || library === undefined) return undefined;
  const entries = MEMBER_RESULTS.filter((entry) => LIBRARY_OF_MODULE.get(normaliseModule(entry.module)) === library && (entry.property ?? false) === property && entry.on.includes(container));
  const entry = entries.find((candidate) => candidate.members.includes(member)) ?? (property || listsMember(owner.module, container, member) ? undefined : entries.find((candidate) => candidate.members.includes('*')));
  if (!entry) return undefined;
  const many = entry.many ? true : undefined;
  if (entry.returns === 'self') return owner;
  // Known to be many, nothing else: a container no model group has.
  if (entry.returns === 'row') return { module: owner.module, export: ROW, obtained: 'container', many, importedAt: owner.importedAt };
  if (entry.returns === 'instance') return { ...(asInstance(owner) ?? owner), many };
  return { module: owner.module, export: entry.returns, obtained: 'container', many, importedAt: owner.importedAt };
}

/** Whether the model lists `member` on `container` of this module (its result is the I/O's, not the builder again). */
function listsMember(module: string, container: string, member: string): boolean {
  return IO_MODEL.some(
    (model) =>
      model.modules.some((name) => normaliseModule(name) === module) &&
      model.members.some((group) => group.on.includes(container) && [...(group.reads ?? []), ...(group.writes ?? []), ...Object.keys(group.decided ?? {})].includes(member)),
  );
}

function targetFor(origin: ImportOrigin, path: readonly string[]): UntypedTarget | undefined {
  if (origin.many) return undefined;
  const depth = path.length;
  const member = depth === 0 ? '()' : path[depth - 1]!;
  for (const shape of origin.obtained === 'container' ? [] : shapesOf(origin)) {
    const container = shape.containers[depth];
    if (container !== undefined) return { module: origin.module, container, member, origin };
  }
  // A function the module exports at its top level (`readFile`, undici's `request`), called directly.
  if (depth === 0 && origin.obtained === 'value' && TOP_LEVEL_MEMBERS.get(origin.module)?.has(origin.export)) return { module: origin.module, container: '', member: origin.export, origin };
  const container = depth === 1 ? containerOf(origin) : undefined;
  return container === undefined ? undefined : { module: origin.module, container, member, origin };
}
