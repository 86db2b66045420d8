import ts from 'typescript';
import { enclosingScope, kindFlags } from './dataflow';
import { INJECTIONS, IO_MODEL } from './io-model';
import { GLOBAL_MODULE, normaliseModule, packageOfPath, type OriginResolver } from './origin';
import { packageOfSpecifier } from './untyped';
import { walkTree } from './walk';

/**
 * Which declared names of a library count besides the members the model lists: `every` where a
 * group matches any member (redis commands), `callable` where the library's values are called
 * themselves (`axios(…)`, `got.post(…)` typed as a request function: only properties, variables
 * and the like can hold such a value, a method resolves to itself), `none` otherwise.
 */
type DeclaredNames = 'every' | 'callable' | 'none';

export interface ModuleNames {
  readonly listed: ReadonlySet<string>;
  readonly declared: DeclaredNames;
}

/** Per module, the member names a call must have to matter to the model. */
export const MEMBER_NAMES = ((): Map<string, ModuleNames> => {
  const rank: readonly DeclaredNames[] = ['none', 'callable', 'every'];
  const names = new Map<string, ModuleNames>();
  for (const model of IO_MODEL) {
    const groups = model.members;
    const declared: DeclaredNames = groups.some((group) => group.otherwise !== undefined || group.ignoreCase)
      ? 'every'
      : groups.some((group) => group.decided && '()' in group.decided)
        ? 'callable'
        : 'none';
    const members = [
      ...groups.flatMap((group) => [...(group.reads ?? []), ...(group.writes ?? []), ...Object.keys(group.decided ?? {})]),
      ...(model.transactions ?? []).map((path) => path.split('.').pop()!),
      ...(model.queues?.send ?? []),
    ];
    for (const module of model.modules.map(normaliseModule)) {
      const known = names.get(module);
      names.set(module, {
        listed: new Set([...(known?.listed ?? []), ...members]),
        declared: rank[Math.max(rank.indexOf(declared), rank.indexOf(known?.declared ?? 'none'))]!,
      });
    }
  }
  // Injected values (`@InjectRepository(User) repo`) are called with their library's names.
  for (const injection of INJECTIONS) {
    const library = names.get(normaliseModule(injection.library));
    if (library) names.set(injection.module, { listed: new Set([...(names.get(injection.module)?.listed ?? []), ...library.listed]), declared: 'none' });
  }
  return names;
})();

/**
 * The method names a call `receiver.name(…)` can have and still resolve to the model or to the
 * project's own code: the members the model lists for the libraries in the program, every member
 * a library declares when all of its members may matter, and every name the project declares. Any
 * other method call is neither I/O nor a project function, so its receiver's type (the expensive
 * part: it checks the whole receiver chain) is never computed.
 *
 * An over-approximation by design (a name in the set is still resolved and classified by its
 * declaration), which lets one instance serve every program of the process: each source file is
 * read once, when a program first contains it, and names are never removed. An editor's program
 * per keystroke then costs only its one new file.
 */
export class CalleeNames {
  /** Names declared by the project itself (a call may reach a project function). */
  readonly project = new Set<string>();
  private readonly library = new Set<string>();
  /**
   * Names declared by the libraries whose every member may matter (redis clients), as written: a
   * command callable in several cases is declared in each (`HGETALL`, `hGetAll`), and matching any
   * case would let `rows.map` through because RESP declares a `MAP` type.
   */
  private readonly everyMember = new Set<string>();
  private readonly imported = new Set<string>();
  private readonly packagesWithFiles = new Set<string>();
  private readonly seen = new WeakSet<ts.SourceFile>();
  private readonly seenStatements = new WeakSet<ts.Statement>();
  private everything = false;

  /** Adds the names of the program's files not seen before. */
  include(program: ts.Program, origins: OriginResolver): this {
    let added = false;
    for (const sourceFile of program.getSourceFiles()) {
      if (this.seen.has(sourceFile)) continue;
      this.seen.add(sourceFile);
      added = true;
      this.includeFile(program, origins, sourceFile);
    }
    if (!added) return this;
    // An imported library without typings (no node_modules) is classified from its import: with
    // nothing declared to read names from, a library that matches any member makes every name count.
    for (const module of this.imported) {
      const declared = MEMBER_NAMES.get(module)?.declared ?? 'none';
      if (declared !== 'none' && !this.packagesWithFiles.has(module)) this.everything = true;
      else this.addModule(module, undefined);
    }
    return this;
  }

  private includeFile(program: ts.Program, origins: OriginResolver, sourceFile: ts.SourceFile): void {
    if (program.isSourceFileDefaultLibrary(sourceFile)) {
      this.addModule(GLOBAL_MODULE, undefined);
      return;
    }
    const owner = packageOfPath(sourceFile.fileName);
    if (owner === undefined || origins.isGeneratedPrismaClient(sourceFile)) {
      // The project's code (including its own typings and a generated client): every declared name.
      // An edited file's new tree reuses the nodes of the statements the edit did not touch: those were read already.
      for (const statement of sourceFile.statements) {
        if (this.seenStatements.has(statement)) continue;
        this.seenStatements.add(statement);
        collectDeclaredNames(statement, this.project);
      }
      this.importedPackages(sourceFile);
      return;
    }
    const module = normaliseModule(owner === '.prisma' ? '@prisma/client' : owner);
    this.packagesWithFiles.add(module);
    this.addModule(module, sourceFile);
    // Typings of one package may declare others (`@types/node` declares `http`, `fs`, globals).
    for (const statement of sourceFile.statements) {
      if (!ts.isModuleDeclaration(statement)) continue;
      if (ts.isStringLiteral(statement.name)) this.addModule(normaliseModule(statement.name.text), statement);
      else if (statement.flags & ts.NodeFlags.GlobalAugmentation) this.addModule(GLOBAL_MODULE, statement);
    }
  }

  /** True when a method call named `name` may resolve to the model or the project. */
  has(name: string): boolean {
    return this.everything || this.project.has(name) || this.library.has(name) || this.everyMember.has(name);
  }

  private addModule(module: string, declarations: ts.Node | undefined): void {
    const names = MEMBER_NAMES.get(module);
    if (names === undefined) return;
    for (const name of names.listed) this.library.add(name);
    if (names.declared === 'none' || !declarations) return;
    collectDeclaredNames(declarations, this.everyMember, names.declared === 'callable' ? VALUE_KINDS : NAMED_KINDS);
  }

  private importedPackages(sourceFile: ts.SourceFile): void {
    for (const statement of sourceFile.statements) {
      const specifier = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier;
      const module = specifier && ts.isStringLiteral(specifier) ? packageOfSpecifier(specifier.text) : undefined;
      if (module !== undefined) this.imported.add(normaliseModule(module));
    }
    // `client: import('ioredis').Redis`, `await import('ioredis')`: packages reached without an import statement.
    if (!sourceFile.text.includes('import(')) return;
    walkTree(sourceFile, (node) => {
      const argument = ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) ? node.argument.literal : ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword ? node.arguments[0] : undefined;
      const module = argument && ts.isStringLiteral(argument) ? packageOfSpecifier(argument.text) : undefined;
      if (module !== undefined) this.imported.add(normaliseModule(module));
    });
  }
}

/** Declarations whose name a method call can reach: members, properties, functions, variables, parameter properties, exports. */
const NAMED_KINDS = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.MethodSignature,
  ts.SyntaxKind.PropertyDeclaration,
  ts.SyntaxKind.PropertySignature,
  ts.SyntaxKind.PropertyAssignment,
  ts.SyntaxKind.ShorthandPropertyAssignment,
  ts.SyntaxKind.VariableDeclaration,
  ts.SyntaxKind.Parameter,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
  ts.SyntaxKind.ExportSpecifier,
]);

/** Declarations that hold a value, which may be callable, rather than being a function themselves. */
const VALUE_KINDS = new Set([...NAMED_KINDS].filter((kind) => kind !== ts.SyntaxKind.FunctionDeclaration && kind !== ts.SyntaxKind.MethodDeclaration && kind !== ts.SyntaxKind.MethodSignature));

/**
 * Names of declarations of the given kinds and of assigned properties (`exports.load = …`,
 * `this.load = …`).
 */
function collectDeclaredNames(root: ts.Node, into: Set<string>, kinds: ReadonlySet<ts.SyntaxKind> = NAMED_KINDS): void {
  // Every node of the project passes here: a flag per kind, and no descent into what declares nothing.
  const named = kinds === NAMED_KINDS ? NAMED_FLAGS : kindFlags(kinds);
  walkTree(root, (node) => {
    const kind = node.kind;
    if (named[kind] && mayBeCalledAsMember(node)) {
      const name = (node as ts.NamedDeclaration).name;
      if (name !== undefined && (ts.isIdentifier(name) || ts.isStringLiteral(name))) into.add(name.text);
    } else if (kind === ts.SyntaxKind.BinaryExpression) {
      const { left, operatorToken, right } = node as ts.BinaryExpression;
      if (operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(left) && mayBeCallable(right)) into.add(left.name.text);
    } else if (DECLARES_NOTHING[kind]) {
      return false;
    }
    return true;
  });
}

const NAMED_FLAGS = kindFlags(NAMED_KINDS);

/** Nodes under which no declaration can be written (names, literals, imports). */
const DECLARES_NOTHING = kindFlags([
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PrivateIdentifier,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.ImportDeclaration,
  ts.SyntaxKind.ImportEqualsDeclaration,
]);

/**
 * Whether a call `x.name(…)` can reach this declaration: a parameter only as a parameter
 * property, a variable or function only outside functions (module exports, globals), a property
 * only if its value may be a function (`{ take: 10, where: { id } }` are options, never called).
 */
function mayBeCalledAsMember(node: ts.Node): boolean {
  if (ts.isParameter(node)) return ts.isParameterPropertyDeclaration(node, node.parent);
  if (ts.isVariableDeclaration(node) || ts.isFunctionDeclaration(node)) return ts.isSourceFile(enclosingScope(node));
  if (ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) return !node.initializer || mayBeCallable(node.initializer);
  return true;
}

/** Literals and object or array literals never evaluate to a function; anything else may. */
function mayBeCallable(value: ts.Expression): boolean {
  let inner = value;
  while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
  return !(ts.isLiteralExpression(inner) || ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner) || ts.isTemplateExpression(inner) || ts.isPrefixUnaryExpression(inner) || NON_CALLABLE_KEYWORDS.has(inner.kind));
}

const NON_CALLABLE_KEYWORDS = new Set([ts.SyntaxKind.TrueKeyword, ts.SyntaxKind.FalseKeyword, ts.SyntaxKind.NullKeyword]);

/** The one instance every program of the process adds its files to. */
export const CALLEE_NAMES = new CalleeNames();
