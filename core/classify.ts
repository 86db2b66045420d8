import path from 'node:path';
import ts from 'typescript';
import { AWAITED_THROUGH, IO_MODEL, READ_COMMAND_VERBS, ROW_HOOKS, SLEEPS, TRANSACTION_SCOPES, type RowHookModel, type IoKind, type IoOperation, type LibraryModel, type MemberGroup, type OperationRule } from './io-model';
import { CALLEE_NAMES, MEMBER_NAMES, type CalleeNames } from './callee-names';
import { someNode, symbolThroughAliases } from './dataflow';
import { walkTree } from './walk';
import { normaliseModule, OriginResolver, packageOfPath, type DeclarationOrigin } from './origin';
import { packageOfSpecifier, UntypedResolver, type ImportOrigin, type UntypedTarget } from './untyped';

/** One I/O operation of a library, as the model describes it. */
export interface LibraryIo {
  readonly library: string;
  readonly kind: IoKind;
  readonly operation: IoOperation;
  readonly member: string;
  readonly batch?: string;
  /** The call sends its first argument as SQL text (a member decided `sql`). */
  readonly sendsSql?: boolean;
  /** The read throws when nothing matches (see `LibraryModel.rejectsEmpty`). */
  readonly rejectsEmpty?: boolean;
  /** SQL that changes the schema (CREATE, ALTER, DROP…): each statement is its own, there is nothing to batch. */
  readonly ddl?: boolean;
  /** Classified from an import whose package did not resolve (no node_modules), not from its typings. */
  readonly inferred?: InferredOrigin;
}

/** The import an untyped classification rests on: `Model` imported from `sequelize-typescript`. */
export interface InferredOrigin {
  readonly module: string;
  readonly export: string;
  /** The import declaration; absent for a global the environment declares (`fetch` without @types/node). */
  readonly node?: ts.Node;
}

interface CompiledGroup {
  readonly containers: readonly RegExp[];
  readonly group: MemberGroup;
}

interface CompiledLibrary {
  readonly model: LibraryModel;
  readonly queueReceivers: readonly RegExp[];
  readonly groups: readonly CompiledGroup[];
  readonly awaitables: readonly RegExp[];
  readonly transactions: readonly RegExp[];
  readonly oneConnection: readonly RegExp[];
}

const SQL_WRITE_VERB = /^(insert|update|delete|merge|upsert|replace|create|drop|alter|truncate|grant|revoke|copy|call|vacuum|refresh)\b/i;
/** Statements that change the session the next ones run in: ordered like writes, never run together. */
const SQL_SESSION_VERB = /^(begin|start|commit|end|rollback|abort|savepoint|release|set|reset|lock|prepare|deallocate|discard|listen|unlisten|notify|use)\b/i;
const SQL_DDL_VERB = /^(create|drop|alter|truncate|grant|revoke|comment|reindex|refresh|cluster|vacuum)\b/i;
const SQL_WRITE_ANYWHERE = /\b(insert\s+into|update\s+\w+\s+set|delete\s+from)\b/i;
const LOCAL_URL_SCHEME = /^(data|about|blob):/i;
const HTTP_READ_VERBS = new Set(['get', 'head', 'options']);
const HTTP_WRITE_VERBS = new Set(['post', 'put', 'patch', 'delete', 'postform', 'putform', 'patchform']);

/** `*Delegate` → /^[^.]*Delegate$/; segments are separated by dots and `*` never crosses one. */
export function compilePattern(pattern: string): RegExp {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^.]*');
  return new RegExp(`^${source}$`);
}

function compile(models: readonly LibraryModel[]): Map<string, CompiledLibrary[]> {
  const byModule = new Map<string, CompiledLibrary[]>();
  for (const model of models) {
    const compiled: CompiledLibrary = {
      model,
      groups: model.members.map((group) => ({ group, containers: group.on.map(compilePattern) })),
      awaitables: (model.awaitables ?? []).map(compilePattern),
      queueReceivers: (model.queues?.receivers ?? []).map(compilePattern),
      transactions: (model.transactions ?? []).map(compilePattern),
      oneConnection: (model.oneConnection ?? []).map(compilePattern),
    };
    for (const module of model.modules) {
      const key = normaliseModule(module);
      byModule.set(key, [...(byModule.get(key) ?? []), compiled]);
    }
  }
  return byModule;
}

const COMPILED_MODEL = compile(IO_MODEL);
/** Per module, the paths of `TRANSACTION_SCOPES`: its transaction contexts (one connection, as the model's `oneConnection`), decorators and runners. */
const TRANSACTION_SCOPE_PATHS = new Map(
  TRANSACTION_SCOPES.flatMap((scope) =>
    scope.modules.map((module) => [normaliseModule(module), { contexts: (scope.contexts ?? []).map(compilePattern), decorators: (scope.decorators ?? []).map(compilePattern), runners: (scope.runners ?? []).map(compilePattern) }] as const),
  ),
);
/** Functions named by module and path (`SLEEPS`, `AWAITED_THROUGH`), and the names a call of one may be written with. */
interface FunctionSet {
  readonly entries: readonly { readonly modules: ReadonlySet<string>; readonly paths: ReadonlySet<string> }[];
  readonly names: ReadonlySet<string>;
}
const functionSet = (entries: readonly { readonly modules: readonly string[]; readonly paths: readonly string[] }[]): FunctionSet => ({
  entries: entries.map((entry) => ({ modules: new Set(entry.modules.map(normaliseModule)), paths: new Set(entry.paths) })),
  names: new Set(entries.flatMap((entry) => entry.paths.map((path) => path.split('.').pop()!))),
});
const SLEEP_FUNCTIONS = functionSet(SLEEPS);
const AWAITING_FUNCTIONS = functionSet(AWAITED_THROUGH);
const READ_COMMAND = new RegExp(`^(?:${READ_COMMAND_VERBS.join('|')})(?=[A-Z0-9])`);
/** Packages whose builders do their I/O when awaited: without one of them in a program, awaits need no type. */
const AWAITABLE_MODULES = new Set(IO_MODEL.filter((model) => model.awaitables?.length).flatMap((model) => model.modules.map(normaliseModule)));

function matchMember(group: MemberGroup, member: string): OperationRule | undefined {
  const same = group.ignoreCase ? (a: string) => a.toLowerCase() === member.toLowerCase() : (a: string) => a === member;
  if (group.reads?.some(same)) return 'read';
  if (group.writes?.some(same)) return 'write';
  const decided = group.decided && Object.entries(group.decided).find(([name]) => same(name));
  if (decided) return decided[1];
  if (group.otherwise && !group.except?.some(same) && !member.startsWith('_')) return group.otherwise;
  return undefined;
}

function batchFor(group: MemberGroup, member: string): string | undefined {
  if (!group.batch) return undefined;
  const key = group.ignoreCase ? Object.keys(group.batch).find((name) => name.toLowerCase() === member.toLowerCase()) : member;
  return key === undefined ? undefined : group.batch[key];
}

/**
 * Classifies calls and awaited builders against the I/O model, using the declarations the
 * type checker resolves. Results are memoised per declaration, so a program pays for each
 * library member once.
 */
export class IoClassifier {
  readonly origins: OriginResolver;
  private readonly checker: ts.TypeChecker;
  private readonly untyped: UntypedResolver;
  private awaitablesLoaded: boolean | undefined;
  private awaitablesImported: boolean | undefined;
  private names: CalleeNames | undefined;
  private readonly declarations = new Map<ts.CallLikeExpression, ts.Declaration | null>();
  /** Sites, library classification and the project-function lookup each ask it of the same call. */
  private readonly mattering = new Map<ts.CallExpression | ts.TaggedTemplateExpression, boolean>();
  private readonly calleeSymbols = new Map<ts.Expression, ts.Symbol | null>();
  /** Per module of the model: members calls resolved to that no entry matched (`Prisma.UserDelegate.findUnique`), to say why a library went unseen. */
  readonly unmatched = new Map<string, Set<string>>();

  constructor(private readonly program: ts.Program) {
    this.origins = new OriginResolver(program);
    this.checker = program.getTypeChecker();
    this.untyped = new UntypedResolver(program);
  }

  /** Method names that may matter in this program, built on first use. */
  calleeNames(): CalleeNames {
    this.names ??= CALLEE_NAMES.include(this.program, this.origins);
    return this.names;
  }

  /** The declaration a call resolves to (its overload), or undefined when the checker has none. */
  resolvedDeclaration(call: ts.CallLikeExpression): ts.Declaration | undefined {
    // Several rules and every summary ask about the same calls.
    let known = this.declarations.get(call);
    if (known === undefined) {
      const declaration = this.declarationFromCalleeType(call) ?? this.checker.getResolvedSignature(call)?.declaration;
      known = declaration && !ts.isJSDocSignature(declaration) ? declaration : null;
      this.declarations.set(call, known);
    }
    return known ?? undefined;
  }

  /**
   * The declaration of the callee's only signature, or of its overloads' first when they are all
   * members of one declaration (every caller needs only where the member is declared: one module,
   * one container, one name). Read from the callee symbol's declared type, this skips overload
   * resolution, which checks every argument and was most of the analysis time. Undefined when the
   * type alone cannot tell (unions, which narrowing may change; overloads from several places).
   */
  private declarationFromCalleeType(call: ts.CallLikeExpression): ts.SignatureDeclaration | undefined {
    const callee = ts.isCallExpression(call) || ts.isNewExpression(call) ? call.expression : ts.isTaggedTemplateExpression(call) ? call.tag : undefined;
    const name = callee && ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    if (!name || !ts.isIdentifier(name)) return undefined;
    const symbol = this.calleeSymbol(callee!, name);
    if (!symbol?.declarations?.length) return undefined;
    const type = this.checker.getTypeOfSymbol(symbol);
    if (type.flags & ts.TypeFlags.UnionOrIntersection) return undefined;
    const signatures = ts.isNewExpression(call) ? type.getConstructSignatures() : type.getCallSignatures();
    const first = signatures[0]?.declaration;
    if (!first || ts.isJSDocSignature(first)) return undefined;
    if (signatures.length === 1) return first;
    // Overloads of one member: of a library, wherever its declarations merge from (`Promise.all` is
    // declared in two lib files); of the project, in one declaration.
    const member = (declaration: ts.Declaration): unknown => {
      const origin = this.origins.originOf(declaration);
      return origin ? `${origin.module}:${origin.path.join('.')}` : declaration.parent;
    };
    const firstMember = member(first);
    const sameMember = signatures.every((signature) => signature.declaration !== undefined && !ts.isJSDocSignature(signature.declaration) && member(signature.declaration) === firstMember && declaredName(signature.declaration) === declaredName(first));
    return sameMember ? first : undefined;
  }

  /**
   * The declared name of what a call or `new` invokes, seen through import aliases
   * (`import { Pool as PgPool }` → `Pool`): a method's name as written (a property access cannot
   * rename), else from the callee's symbol; undefined when unknown.
   */
  declaredCalleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
    const callee = call.expression;
    if (ts.isPropertyAccessExpression(callee)) return ts.isIdentifier(callee.name) ? callee.name.text : undefined;
    if (!ts.isIdentifier(callee)) return undefined;
    const symbol = symbolThroughAliases(callee, this.checker);
    return symbol?.declarations?.length ? symbol.name : undefined;
  }

  /**
   * Whether a call may resolve to the model or to the project's own code, decided from the
   * callee's symbol alone (cheap) — `JSON.parse`, `console.log`, `xs.push` are not worth resolving.
   * Unknown symbols say yes: they may need the import-origin fallback.
   */
  mayMatter(call: ts.CallExpression | ts.TaggedTemplateExpression): boolean {
    let known = this.mattering.get(call);
    if (known === undefined) {
      known = this.decideMatters(call);
      this.mattering.set(call, known);
    }
    return known;
  }

  private decideMatters(call: ts.CallExpression | ts.TaggedTemplateExpression): boolean {
    const callee = ts.isCallExpression(call) ? call.expression : call.tag;
    if (ts.isCallExpression(callee)) return this.resultMayMatter(callee);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
    if (!name || !ts.isIdentifier(name)) return true;
    if (name !== callee && !this.calleeNames().has(name.text)) return false;
    const symbol = this.calleeSymbol(callee, name);
    const declarations = symbol?.declarations;
    if (!symbol || !declarations?.length) return true;
    // The declared name, not a local alias (`import { fetch as undiciFetch }`).
    const declaredName = symbol.name;
    return declarations.some((declaration) => {
      const module = this.origins.moduleOf(declaration);
      // The project's own code may be a function whose summary does I/O.
      if (module === undefined) return true;
      const names = MEMBER_NAMES.get(normaliseModule(module));
      if (!names) return false;
      // A library value called itself (`got.post` typed as a request function); a method is never that.
      const callableValue = names.declared === 'callable' && !ts.isMethodSignature(declaration) && !ts.isMethodDeclaration(declaration) && !ts.isFunctionDeclaration(declaration);
      return names.listed.has(declaredName) || names.declared === 'every' || callableValue;
    });
  }

  /**
   * Whether calling what `inner` returns may matter (`styled(Button)\`…\``, `styled(Flex).attrs(…)\`…\``):
   * the outer call resolves to a call signature of the one class or interface `inner` is declared to
   * return, so where all of those are declared in libraries the model does not know, it does not.
   * Resolving the outer call instead checks the template or arguments against every overload:
   * seconds for the first styled-components template of a program.
   */
  private resultMayMatter(inner: ts.CallExpression): boolean {
    const signatures = declaredValueType(inner, this.checker)?.getCallSignatures();
    if (!signatures?.length) return true;
    return signatures.some((signature) => {
      const declaration = signature.declaration;
      const module = declaration && !ts.isJSDocSignature(declaration) ? this.origins.moduleOf(declaration) : undefined;
      return module === undefined || MEMBER_NAMES.has(normaliseModule(module));
    });
  }

  /** The symbol a callee names: for `x.name(…)`, the member of the type `x` is declared with, without typing `x` where that tells. */
  private calleeSymbol(callee: ts.Expression, name: ts.Identifier): ts.Symbol | undefined {
    // Whether it matters, which declaration it resolves to and what it returns each ask.
    let known = this.calleeSymbols.get(callee);
    if (known === undefined) {
      known = (ts.isPropertyAccessExpression(callee) && memberOfDeclaredReceiver(callee, this.checker)) || symbolThroughAliases(name, this.checker) || null;
      this.calleeSymbols.set(callee, known);
    }
    return known ?? undefined;
  }

  /** The library I/O a call performs, if its resolved declaration is in the model. */
  classifyCall(call: ts.CallExpression | ts.TaggedTemplateExpression): LibraryIo | undefined {
    if (!this.mayMatter(call)) return undefined;
    const declaration = this.resolvedDeclaration(call);
    if (declaration) return this.classifyDeclaration(declaration, call);
    // The library's typings are missing (no node_modules): fall back to where the receiver was imported from.
    const target = this.untyped.targetOf(call);
    const io = target && this.classifyOrigin(declarationOrigin(target), call);
    return io && { ...io, inferred: inferredOrigin(target.origin) };
  }

  /** Where a call would resolve with its library's typings, inferred from imports when they are missing. */
  private untypedOrigin(call: ts.CallExpression): DeclarationOrigin | undefined {
    const target = this.untyped.targetOf(call);
    return target && declarationOrigin(target);
  }

  /**
   * The library module a name refers to (a decorator, an interface a class implements): where its
   * declaration is, or, without the package's typings, the import it names.
   */
  moduleOfReference(reference: ts.Expression): string | undefined {
    const declaration = symbolThroughAliases(reference, this.checker)?.declarations?.[0];
    if (declaration) return this.origins.moduleOf(declaration);
    return ts.isIdentifier(reference) ? this.untyped.importedModule(reference) : undefined;
  }

  /** The package a module specifier that did not resolve belongs to (see `UntypedResolver.missingPackageOf`). */
  missingPackageOf(specifier: ts.StringLiteral): string | undefined {
    return this.untyped.missingPackageOf(specifier);
  }

  /** Whether the import origins say this value is an array of a library's values (`await Model.findAll()`). */
  isUntypedArray(expression: ts.Expression): boolean {
    return this.untyped.isArray(expression);
  }

  /** A project method reached through a value inferred from an unresolved import (see `UntypedResolver.projectMethodOf`). */
  untypedProjectMethodOf(call: ts.CallExpression): ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression | undefined {
    return this.untyped.projectMethodOf(call);
  }

  /** The library I/O a referenced function performs when called (`ids.map(fetch)`). */
  classifyReference(declaration: ts.Declaration): LibraryIo | undefined {
    return this.classifyDeclaration(declaration, undefined);
  }

  private classifyDeclaration(declaration: ts.Declaration, call: ts.CallExpression | ts.TaggedTemplateExpression | undefined): LibraryIo | undefined {
    const origin = this.origins.originOf(declaration);
    return origin ? this.classifyOrigin(origin, call) : undefined;
  }

  private classifyOrigin(origin: DeclarationOrigin, call: ts.CallExpression | ts.TaggedTemplateExpression | undefined): LibraryIo | undefined {
    const member = memberOf(origin, call);
    const container = origin.path.slice(0, -1).join('.');
    for (const library of COMPILED_MODEL.get(normaliseModule(origin.module)) ?? []) {
      if (library.model.kind === 'http' && call && requestsLocalUrl(call)) return undefined;
      if (call && this.isQueuedReceiver(library, call)) {
        if (!library.model.queues?.send.includes(member)) return undefined;
        return { library: library.model.name, kind: library.model.kind, operation: 'write', member };
      }
      for (const { group, containers } of library.groups) {
        if (!containers.some((pattern) => pattern.test(container))) continue;
        const rule = matchMember(group, member);
        if (rule === undefined) continue;
        const operation = call ? decideOperation(rule, member, call) : rule === 'write' ? 'write' : 'read';
        return {
          library: library.model.name,
          kind: library.model.kind,
          operation,
          member,
          batch: batchFor(group, member),
          ...(rule === 'sql' || rule === 'sql-execute' ? { sendsSql: true, ...(call && SQL_DDL_VERB.test(sqlStatement(call) ?? '') ? { ddl: true } : {}) } : {}),
          ...(operation === 'read' && rejectsEmpty(library.model, member, call) ? { rejectsEmpty: true } : {}),
        };
      }
    }
    const module = normaliseModule(origin.module);
    if (COMPILED_MODEL.has(module)) {
      let members = this.unmatched.get(module);
      if (!members) this.unmatched.set(module, (members = new Set()));
      members.add([...origin.path.slice(0, -1), member].join('.'));
    }
    return undefined;
  }

  /** `pipeline.expire(…)` on an ioredis pipeline or a node-redis MULTI only queues the command. */
  private isQueuedReceiver(library: CompiledLibrary, call: ts.CallExpression | ts.TaggedTemplateExpression): boolean {
    if (library.queueReceivers.length === 0 || !ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return false;
    const type = this.checker.getTypeAtLocation(call.expression.expression);
    const name = (type.aliasSymbol ?? type.getSymbol())?.name;
    return name !== undefined && library.queueReceivers.some((pattern) => pattern.test(name));
  }

  /** The I/O of awaiting a query builder (`await knex('users').where(…)`, drizzle selects). */
  classifyAwaitable(expression: ts.Expression): LibraryIo | undefined {
    this.awaitablesLoaded ??= this.program.getSourceFiles().some(isAwaitableModuleFile);
    if (this.awaitablesLoaded) return this.awaitableOfType((ts.isCallExpression(expression) && this.declaredReturnType(expression)) || this.checker.getTypeAtLocation(expression), expression);
    // Their typings are missing: from where the awaited builder was imported, if one of them is.
    this.awaitablesImported ??= this.program.getSourceFiles().some(importsAwaitableModule);
    const target = this.awaitablesImported ? this.untyped.containerOfValue(expression) : undefined;
    const io = target && this.awaitableAt(target.module, target.container, expression);
    return io && { ...io, inferred: inferredOrigin(target.origin) };
  }

  /** The awaited I/O of a builder of `module` declared as `container`, if the model lists it as awaitable. */
  private awaitableAt(module: string, container: string, expression: ts.Expression): LibraryIo | undefined {
    for (const library of COMPILED_MODEL.get(normaliseModule(module)) ?? []) {
      if (!library.awaitables.some((pattern) => pattern.test(container))) continue;
      const operation = chainOperation(expression, library.model.writeChain ?? []);
      return { library: library.model.name, kind: library.model.kind, operation, member: 'await', batch: library.model.awaitBatch };
    }
    return undefined;
  }

  /**
   * What a call returns, from its callee's declarations where they tell (`xs.map(…)` returns an
   * array, `Promise.all(…)` a promise), without typing the call: that would infer the type
   * arguments from the arguments, checking every callback passed.
   */
  private declaredReturnType(call: ts.CallExpression): ts.Type | undefined {
    const callee = call.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    const symbol = ts.isIdentifier(name) ? this.calleeSymbol(callee, name) : undefined;
    return symbol?.declarations?.length ? declaredResultOf(call, symbol, this.checker) : undefined;
  }

  /** The awaitable library query a value of this type is, if any (exported for the test that compares it with the declared-type shortcut). */
  awaitableOfType(type: ts.Type, expression: ts.Expression): LibraryIo | undefined {
    const candidates: ts.Declaration[] = [];
    const then = type.getProperty('then')?.declarations?.[0];
    if (then) candidates.push(then);
    const typeDeclaration = (type.aliasSymbol ?? type.getSymbol())?.declarations?.[0];
    if (typeDeclaration) candidates.push(typeDeclaration);
    for (const candidate of candidates) {
      const origin = this.origins.originOf(candidate);
      if (!origin) continue;
      const path = ts.isClassDeclaration(candidate) || ts.isInterfaceDeclaration(candidate) || ts.isTypeAliasDeclaration(candidate) ? origin.path.join('.') : origin.path.slice(0, -1).join('.');
      const io = this.awaitableAt(origin.module, path, expression);
      if (io) return io;
    }
    return undefined;
  }

  /**
   * The value a library call is made through when that value is one connection, which runs one
   * statement at a time (the model's `oneConnection` types): `client` in `client.query(…)`, `tx` in
   * `tx.user.findMany(…)`, `trx` in `trx('users').where(…).first()`.
   */
  connectionOf(call: ts.CallExpression | ts.TaggedTemplateExpression): ts.Symbol | undefined {
    for (let current = chainReceiverOf(ts.isCallExpression(call) ? call.expression : call.tag); current; current = chainReceiverOf(current)) {
      // A method declared to return one (`txClient(): Prisma.TransactionClient`) hands out the same connection on each call.
      const name = ts.isPropertyAccessExpression(current) ? current.name : ts.isIdentifier(current) ? current : ts.isCallExpression(current) ? calleeNameOf(current) : undefined;
      if (name && this.isConnection(current)) return this.checker.getSymbolAtLocation(name);
      // A receiver made for a connection (`getRepository(ctx, User).find()`, `.transacting(trx).select()`) runs on it.
      const handed = ts.isCallExpression(current) ? this.connectionArgumentOf(current) : undefined;
      if (handed) return handed;
    }
    return ts.isCallExpression(call) ? this.connectionArgumentOf(call) : undefined;
  }

  /**
   * A connection handed to the call, as an argument or in an options object: Sequelize's
   * `findOne({ where, transaction })`, a transaction passed to a project helper (`load(tx, id)`).
   */
  private connectionArgumentOf(call: ts.CallExpression): ts.Symbol | undefined {
    const checker = this.checker;
    const handing = this.connectionOptionsOf(call);
    const options = call.arguments.filter(ts.isObjectLiteralExpression).flatMap((argument) => argument.properties);
    // A library handed its connection in named options (`{ transaction }`) takes it nowhere else: no other value needs typing.
    if (handing.size) {
      const handed = options.find((property) => property.name !== undefined && ts.isIdentifier(property.name) && handing.has(property.name.text));
      return handed && optionValue(handed)?.symbol();
    }
    const candidates: { value: ts.Expression; symbol: () => ts.Symbol | undefined }[] = [];
    for (const argument of call.arguments) {
      if (ts.isIdentifier(argument) || ts.isPropertyAccessExpression(argument)) candidates.push({ value: argument, symbol: () => this.checker.getSymbolAtLocation(argument) });
    }
    for (const property of options) {
      const value = optionValue(property);
      if (value) candidates.push(value);
    }
    return candidates.find(({ value }) => this.isConnection(value))?.symbol();

    function optionValue(property: ts.ObjectLiteralElementLike): { value: ts.Expression; symbol: () => ts.Symbol | undefined } | undefined {
      if (ts.isShorthandPropertyAssignment(property)) return { value: property.name, symbol: () => checker.getShorthandAssignmentValueSymbol(property) };
      if (!ts.isPropertyAssignment(property) || !(ts.isIdentifier(property.initializer) || ts.isPropertyAccessExpression(property.initializer))) return undefined;
      const value = property.initializer;
      return { value, symbol: () => checker.getSymbolAtLocation(value) };
    }
  }

  /** The options through which this library call is handed its connection (`LibraryModel.connectionOptions`). */
  private connectionOptionsOf(call: ts.CallExpression): ReadonlySet<string> {
    const library = this.classifyCall(call)?.library;
    const model = library === undefined ? undefined : IO_MODEL.find((entry) => entry.name === library);
    return new Set(model?.connectionOptions ?? []);
  }

  /** Whether a value is one connection: by its type, or, where its library's typings are missing, by its import origin. */
  private isConnection(value: ts.Expression): boolean {
    const type = declaredReceiverType(value, this.checker) ?? this.checker.getTypeAtLocation(value);
    if (this.isConnectionType(type) || this.isConnectionSymbol(this.annotatedAliasOf(value))) return true;
    if (!(type.flags & ts.TypeFlags.Any)) return false;
    const target = this.untyped.containerOfValue(value);
    return target !== undefined && (COMPILED_MODEL.get(normaliseModule(target.module)) ?? []).some((library) => library.oneConnection.some((pattern) => pattern.test(target.container)));
  }

  /** Named by its alias or by its class or interface (a declared type may be read as the class an alias names). */
  private isConnectionType(type: ts.Type): boolean {
    return this.isConnectionSymbol(type.aliasSymbol) || this.isConnectionSymbol(type.getSymbol());
  }

  private isConnectionSymbol(symbol: ts.Symbol | undefined): boolean {
    const declaration = symbol?.declarations?.[0];
    // A library analysed from its own sources (its repository, a workspace package) declares its types in the project.
    const origin = declaration && (this.origins.originOf(declaration) ?? this.origins.ownPackageOriginOf(declaration));
    if (!origin) return false;
    const path = origin.path.join('.');
    const module = normaliseModule(origin.module);
    return (COMPILED_MODEL.get(module) ?? []).some((library) => library.oneConnection.some((pattern) => pattern.test(path))) || (TRANSACTION_SCOPE_PATHS.get(module)?.contexts.some((pattern) => pattern.test(path)) ?? false);
  }

  /**
   * The type alias a variable, parameter or property is annotated with (`@InjectTransaction() tx:
   * Transaction<Adapter>`): a type computed through a conditional one keeps no alias of its own.
   */
  private annotatedAliasOf(value: ts.Expression): ts.Symbol | undefined {
    const name = ts.isPropertyAccessExpression(value) ? value.name : ts.isIdentifier(value) ? value : undefined;
    const declaration = name && this.checker.getSymbolAtLocation(name)?.valueDeclaration;
    const annotation = declaration && (ts.isParameter(declaration) || ts.isPropertyDeclaration(declaration) || ts.isVariableDeclaration(declaration)) ? declaration.type : undefined;
    const symbol = annotation && ts.isTypeReferenceNode(annotation) ? symbolThroughAliases(annotation.typeName, this.checker) : undefined;
    return symbol && symbol.flags & ts.SymbolFlags.TypeAlias ? symbol : undefined;
  }

  /**
   * Whether a function runs every query it makes in one transaction (`TRANSACTION_SCOPES`): a method
   * by its decorator (`@Transactional()`), a function handed to a runner (`runInTransaction(fn)`).
   */
  runsInScopedTransaction(fn: ts.Node): boolean {
    if (ts.isMethodDeclaration(fn)) return (ts.getDecorators(fn) ?? []).some((decorator) => this.isScopeFunction(ts.isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression, 'decorators'));
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
    let argument: ts.Node = fn;
    while (ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
    const call = argument.parent;
    return ts.isCallExpression(call) && call.arguments.includes(argument as ts.Expression) && this.isScopeFunction(call.expression, 'runners');
  }

  private isScopeFunction(callee: ts.Expression, kind: 'decorators' | 'runners'): boolean {
    const declaration = symbolThroughAliases(ts.isPropertyAccessExpression(callee) ? callee.name : callee, this.checker)?.declarations?.[0];
    const origin = declaration && this.origins.originOf(declaration);
    return origin !== undefined && (TRANSACTION_SCOPE_PATHS.get(normaliseModule(origin.module))?.[kind].some((pattern) => pattern.test(origin.path.join('.'))) ?? false);
  }

  /** True for calls whose callback runs inside one database transaction. */
  isTransactionCall(call: ts.CallExpression): boolean {
    const declaration = this.resolvedDeclaration(call);
    const origin = declaration ? this.origins.originOf(declaration) : this.untypedOrigin(call);
    if (!origin) return false;
    const path = origin.path.join('.');
    return (COMPILED_MODEL.get(normaliseModule(origin.module)) ?? []).some((library) => library.transactions.some((pattern) => pattern.test(path)));
  }

  /**
   * The model entries of the module that declares a node, and the node's path there: the resolved
   * declaration of `new Pool(…)` → pg, `Pool.new`. Undefined for the project's own code and for
   * modules the model does not list.
   */
  libraryOf(declaration: ts.Node): { readonly libraries: readonly LibraryModel[]; readonly path: string } | undefined {
    const origin = this.origins.originOf(declaration);
    const libraries = origin && COMPILED_MODEL.get(normaliseModule(origin.module));
    if (!origin || !libraries) return undefined;
    return { libraries: libraries.map((library) => library.model), path: origin.path.join('.') };
  }

  /**
   * Whether a library write runs per-row hooks: the model it is made on (a class, or an instance
   * of one) declares a hook decorator of that library, itself or in a class it extends.
   */
  runsRowHooks(call: ts.CallExpression, io: LibraryIo): boolean {
    const hooks = ROW_HOOKS.find((entry) => entry.library === io.library);
    const callee = call.expression;
    if (!hooks || io.operation !== 'write' || !ts.isPropertyAccessExpression(callee)) return false;
    const disabled = call.arguments.some(
      (argument) =>
        ts.isObjectLiteralExpression(argument) &&
        argument.properties.some((property) => ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === hooks.disabledBy && property.initializer.kind === ts.SyntaxKind.FalseKeyword),
    );
    if (disabled) return false;
    const receiver = callee.expression;
    const symbol = ts.isIdentifier(receiver) ? symbolThroughAliases(receiver, this.checker) : undefined;
    if (symbol && symbol.flags & ts.SymbolFlags.Class) return this.declaresRowHooks(symbol.declarations?.find(ts.isClassDeclaration), hooks);
    // An instance of the model, or a repository of it (`Repository<Invoice>`: typed, as its type argument tells).
    const type = this.checker.getTypeAtLocation(receiver);
    if (type.flags & ts.TypeFlags.Any) {
      // Without the library's typings: the project's model class the import origins tell (`child` of `await Comment.findAll()`).
      const owner = this.untyped.originOf(receiver)?.projectClass;
      return owner !== undefined && ts.isClassDeclaration(owner) && this.declaresRowHooks(owner, hooks);
    }
    const isReference = type.flags & ts.TypeFlags.Object && (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference;
    const owners = [type, ...(isReference ? this.checker.getTypeArguments(type as ts.TypeReference) : [])].map((candidate) => candidate.getSymbol()?.declarations?.find(ts.isClassDeclaration));
    return owners.some((owner) => this.declaresRowHooks(owner, hooks));
  }

  private declaresRowHooks(declaration: ts.ClassDeclaration | undefined, hooks: RowHookModel): boolean {
    let owner = declaration;
    for (let depth = 0; owner && depth < 8; depth++) {
      if (owner.getSourceFile().isDeclarationFile) return false;
      const decorated = owner.members.some((member) =>
        (ts.canHaveDecorators(member) ? ts.getDecorators(member) : undefined)?.some((decorator) => {
          const expression = ts.isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression;
          const module = this.moduleOfReference(expression);
          return module !== undefined && hooks.modules.includes(normaliseModule(module)) && hooks.decorators.includes(expression.getText());
        }),
      );
      if (decorated) return true;
      const base = owner.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
      owner = base && ts.isIdentifier(base) ? symbolThroughAliases(base, this.checker)?.declarations?.find(ts.isClassDeclaration) : undefined;
    }
    return false;
  }

  /** True for calls that only wait (`setTimeout`, `timers/promises`). */
  isSleepCall(call: ts.CallExpression): boolean {
    return this.callsOneOf(call, SLEEP_FUNCTIONS);
  }

  /** True for `firstValueFrom(obs)` and the like (`AWAITED_THROUGH`): awaiting the call awaits the I/O of its argument. */
  awaitsArgument(call: ts.CallExpression): boolean {
    return this.callsOneOf(call, AWAITING_FUNCTIONS);
  }

  private callsOneOf(call: ts.CallExpression, functions: FunctionSet): boolean {
    // The declared name counts, not the local one: `import { setTimeout as sleep }`.
    const callee = call.expression;
    const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
    if (nameNode && nameNode !== callee && !functions.names.has(nameNode.text)) return false;
    const symbol = nameNode && symbolThroughAliases(nameNode, this.checker);
    if (!symbol?.declarations?.length) {
      // Without typings (no @types/node): the global, or the import, it names.
      const origin = this.untyped.originOf(callee);
      return origin?.obtained === 'value' && functions.entries.some((entry) => entry.modules.has(origin.module) && entry.paths.has(origin.export));
    }
    if (!functions.names.has(symbol.name)) return false;
    const declaration = this.resolvedDeclaration(call);
    const origin = declaration && this.origins.originOf(declaration);
    if (!origin) return false;
    const path = origin.path.join('.');
    return functions.entries.some((entry) => entry.modules.has(normaliseModule(origin.module)) && entry.paths.has(path));
  }
}

function declarationOrigin(target: UntypedTarget): DeclarationOrigin {
  return { module: target.module, path: [...(target.container ? target.container.split('.') : []), target.member] };
}

function inferredOrigin(origin: ImportOrigin): InferredOrigin {
  return { module: origin.module, export: origin.export, node: origin.importedAt };
}

/** Whether a file imports one of these packages (or a subpath of one). */
/**
 * Per source file, whether it belongs to or imports a module whose builders run on `await`. An
 * editor's programs share the source files of unchanged files: a keystroke's program asks again
 * of the edited file only, not of its thousands of declaration files.
 */
const AWAITABLE_MODULE_FILES = new WeakMap<ts.SourceFile, boolean>();
const AWAITABLE_IMPORTERS = new WeakMap<ts.SourceFile, boolean>();

function isAwaitableModuleFile(sourceFile: ts.SourceFile): boolean {
  let known = AWAITABLE_MODULE_FILES.get(sourceFile);
  if (known === undefined) AWAITABLE_MODULE_FILES.set(sourceFile, (known = AWAITABLE_MODULES.has(normaliseModule(packageOfPath(sourceFile.fileName) ?? ''))));
  return known;
}

function importsAwaitableModule(sourceFile: ts.SourceFile): boolean {
  if (sourceFile.isDeclarationFile) return false;
  let known = AWAITABLE_IMPORTERS.get(sourceFile);
  if (known === undefined) AWAITABLE_IMPORTERS.set(sourceFile, (known = importsAny(sourceFile, AWAITABLE_MODULES)));
  return known;
}

function importsAny(sourceFile: ts.SourceFile, modules: ReadonlySet<string>): boolean {
  return sourceFile.statements.some((statement) => {
    const specifier = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier;
    const module = specifier && ts.isStringLiteral(specifier) ? packageOfSpecifier(specifier.text) : undefined;
    return module !== undefined && modules.has(normaliseModule(module));
  });
}

function declaredName(declaration: ts.Declaration): string | undefined {
  const name = ts.getNameOfDeclaration(declaration);
  return name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined;
}

/** Mapped command signatures (node-redis) lose their name: take it from the call site. */
function memberOf(origin: DeclarationOrigin, call: ts.CallExpression | ts.TaggedTemplateExpression | undefined): string {
  const member = origin.path[origin.path.length - 1] ?? '?';
  if (member !== '?' || !call) return member;
  const callee = ts.isCallExpression(call) ? call.expression : call.tag;
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : member;
}

/** `findUniqueOrThrow(…)`, `findOne({ …, rejectOnEmpty: true })`. */
function rejectsEmpty(model: LibraryModel, member: string, call: ts.CallExpression | ts.TaggedTemplateExpression | undefined): boolean {
  const { members = [], options = [] } = model.rejectsEmpty ?? {};
  if (members.includes(member)) return true;
  if (!options.length || !call || !ts.isCallExpression(call)) return false;
  return call.arguments.some(
    (argument) =>
      ts.isObjectLiteralExpression(argument) &&
      argument.properties.some(
        (property) => ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && options.includes(property.name.text) && property.initializer.kind !== ts.SyntaxKind.FalseKeyword,
      ),
  );
}

function decideOperation(rule: OperationRule, member: string, call: ts.CallExpression | ts.TaggedTemplateExpression): IoOperation {
  switch (rule) {
    case 'read':
    case 'write':
      return rule;
    case 'sql':
      return sqlOperation(call) ?? 'read';
    case 'sql-execute':
      return sqlOperation(call) ?? 'write';
    case 'http':
      return httpOperation(member, call);
    case 'chain':
      return 'read';
    case 'command':
      return commandOperation(call);
  }
}

/** `send(new GetObjectCommand(…))` reads: the command's class, as the call names it. */
function commandOperation(call: ts.CallExpression | ts.TaggedTemplateExpression): IoOperation {
  const command = ts.isCallExpression(call) ? call.arguments[0] : undefined;
  if (!command || !ts.isNewExpression(command)) return 'write';
  const name = ts.isIdentifier(command.expression) ? command.expression.text : ts.isPropertyAccessExpression(command.expression) ? command.expression.name.text : undefined;
  return name !== undefined && READ_COMMAND.test(name) ? 'read' : 'write';
}

function calleeNameOf(call: ts.CallExpression): ts.Identifier | undefined {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
}

/** What a call chain is made through, one step back: `a.b` → `a`, `a.b(…)` → `a.b`. */
function chainReceiverOf(expression: ts.Expression): ts.Expression | undefined {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
  return ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isCallExpression(current) ? current.expression : undefined;
}

/** The text of a string, template or tagged template, with interpolations left out. */
export function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((span) => span.literal.text).join(' ');
  if (ts.isTaggedTemplateExpression(node)) return literalText(node.template);
  return undefined;
}

/** The SQL text a call sends, as written (comments and leading space removed), when it is written out. */
function sqlStatement(call: ts.CallExpression | ts.TaggedTemplateExpression): string | undefined {
  const first = ts.isTaggedTemplateExpression(call) ? call.template : call.arguments[0];
  const text = first && (literalText(first) ?? (ts.isObjectLiteralExpression(first) ? objectStringProperty(first, 'text') : undefined));
  return text?.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, '').trim();
}

/** The operation the SQL text's verb says, or undefined when the text is not written at the call. */
function sqlOperation(call: ts.CallExpression | ts.TaggedTemplateExpression): IoOperation | undefined {
  const statement = sqlStatement(call);
  if (statement === undefined) return undefined;
  if (SQL_WRITE_VERB.test(statement) || SQL_SESSION_VERB.test(statement)) return 'write';
  return /^with\b/i.test(statement) && SQL_WRITE_ANYWHERE.test(statement) ? 'write' : 'read';
}

function objectStringProperty(object: ts.ObjectLiteralExpression, name: string): string | undefined {
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === name) {
      return literalText(property.initializer);
    }
  }
  return undefined;
}

function httpOperation(member: string, call: ts.CallExpression | ts.TaggedTemplateExpression): IoOperation {
  // `got.post(…)` resolves to the call signature of a property typed as a request function.
  const callee = ts.isCallExpression(call) ? call.expression : call.tag;
  const verb = (member === '()' && ts.isPropertyAccessExpression(callee) ? callee.name.text : member).toLowerCase();
  if (HTTP_READ_VERBS.has(verb)) return 'read';
  if (HTTP_WRITE_VERBS.has(verb)) return 'write';
  if (ts.isTaggedTemplateExpression(call)) return 'read';
  // Options the code does not spell out (`fetch(url, init)`, `{ ...defaults }`, `method: verb`) may
  // carry any method: such a request counts as a write, which nothing may be reordered with.
  for (const [index, argument] of call.arguments.entries()) {
    if (!ts.isObjectLiteralExpression(argument)) {
      if (index > 0) return 'write';
      continue;
    }
    if (argument.properties.some(ts.isSpreadAssignment)) return 'write';
    const method = argument.properties.find((property) => property.name && ts.isIdentifier(property.name) && property.name.text === 'method');
    if (!method) continue;
    const verb = objectStringProperty(argument, 'method');
    return verb !== undefined && HTTP_READ_VERBS.has(verb.toLowerCase()) ? 'read' : 'write';
  }
  return 'read';
}

/**
 * `fetch('data:…')`, `fetch('about:blank')`: a URL written out whose scheme never reaches the network
 * (feature probes, inline payloads) is answered in process.
 */
function requestsLocalUrl(call: ts.CallExpression | ts.TaggedTemplateExpression): boolean {
  const url = ts.isCallExpression(call) ? call.arguments[0] : undefined;
  return url !== undefined && ts.isStringLiteralLike(url) && LOCAL_URL_SCHEME.test(url.text);
}

/** A builder chain writes when any call in it is one of the library's write methods. */
function chainOperation(expression: ts.Expression, writeChain: readonly string[]): IoOperation {
  for (let current: ts.Expression = expression; ; ) {
    if (ts.isCallExpression(current)) {
      const callee = current.expression;
      if (ts.isPropertyAccessExpression(callee) && writeChain.includes(callee.name.text)) return 'write';
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'raw' && sqlOperation(current) === 'write') return 'write';
      current = callee;
    } else if (ts.isPropertyAccessExpression(current) || ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current)) {
      current = current.expression;
    } else {
      return 'read';
    }
  }
}

/**
 * The member `x.name` reaches, looked up on the type `x` is declared with instead of typing the
 * reference `x`: the checker's typing of a reference also narrows it, walking the control flow
 * back from it (and asking, at every call on the way, whether that call asserts something), which
 * was most of the cost of telling which method a call reaches. `x` may be a variable, a parameter
 * (annotated, or as its context types it: `const list: Handler = async (req, res) => …`, a callback's
 * parameter), `this` in a class's instance member, a property of any of these, a call whose
 * declared return type is one class or interface, or `new C(…)`. Where a variable is initialised with `new C(…)` or `f(…)`,
 * the class or interface is read from C's construct signatures or f's declared return types
 * (generic ones uninstantiated: type arguments do not change which declaration a name reaches):
 * inferring `new Map(rows.map((row) => [row.id, row]))`'s type arguments takes milliseconds, a
 * Mongoose `model<Author>('Author', schema)` seconds.
 *
 * Narrowing a value of one class or interface type can only remove `null` and `undefined`
 * (stripped here too) or move to a subclass, with `instanceof` or a type predicate: files that
 * use `instanceof` are left to the checker; a user-defined type predicate is not seen. Undefined
 * when the declarations do not tell (unions, type parameters, JSDoc types, `any`).
 */
export function memberOfDeclaredReceiver(callee: ts.PropertyAccessExpression, checker: ts.TypeChecker): ts.Symbol | undefined {
  return ts.isIdentifier(callee.name) ? declaredReceiverType(callee.expression, checker)?.getProperty(callee.name.text) : undefined;
}

/** The object type a receiver is declared with (see `memberOfDeclaredReceiver`), or undefined where only typing the reference tells. */
export function declaredReceiverType(receiver: ts.Expression, checker: ts.TypeChecker): ts.Type | undefined {
  return testsInstances(receiver.getSourceFile()) ? undefined : declaredObjectType(receiver, checker);
}

/** The one class or interface (or object type) an expression is declared to hold, `null` and `undefined` aside. */
function declaredObjectType(expression: ts.Expression, checker: ts.TypeChecker): ts.Type | undefined {
  const type = declaredValueType(expression, checker);
  // Only a union holds `null` or `undefined` (asking any other type would resolve all its members).
  const value = type && type.flags & ts.TypeFlags.Union ? checker.getNonNullableType(type) : type;
  return value && value.flags & ts.TypeFlags.Object ? value : undefined;
}

function declaredValueType(expression: ts.Expression, checker: ts.TypeChecker): ts.Type | undefined {
  if (ts.isParenthesizedExpression(expression) || ts.isNonNullExpression(expression)) return declaredValueType(expression.expression, checker);
  if (ts.isCallExpression(expression)) {
    const staticSide = staticReceiverClass(expression, checker);
    return staticSide ? checker.getTypeOfSymbol(staticSide) : declaredResultType(expression, checker);
  }
  if (ts.isNewExpression(expression)) return declaredResultType(expression, checker);
  if (expression.kind === ts.SyntaxKind.ThisKeyword) return instanceTypeOfThis(expression, checker);
  if (ts.isIdentifier(expression)) {
    // `{ where }`: the variable, not the object literal's property (typing that checks the whole literal against its call).
    const symbol = ts.isShorthandPropertyAssignment(expression.parent) && expression.parent.name === expression ? checker.getShorthandAssignmentValueSymbol(expression.parent) : symbolThroughAliases(expression, checker);
    return symbol && declaredTypeOfSymbol(symbol, checker);
  }
  if (ts.isPropertyAccessExpression(expression) && ts.isIdentifier(expression.name)) {
    const property = declaredObjectType(expression.expression, checker)?.getProperty(expression.name.text);
    return property && declaredTypeOfSymbol(property, checker);
  }
  return undefined;
}

/** Per checker (a symbol of a file that several programs share is the same object in each), per symbol: a receiver is used by many calls. */
const DECLARED_TYPES = new WeakMap<ts.TypeChecker, WeakMap<ts.Symbol, ts.Type | null>>();

/** A variable's, parameter's or property's type where it is declared (its annotation, or its initialiser's class), not narrowed. */
function declaredTypeOfSymbol(symbol: ts.Symbol, checker: ts.TypeChecker): ts.Type | undefined {
  let types = DECLARED_TYPES.get(checker);
  if (!types) DECLARED_TYPES.set(checker, (types = new WeakMap()));
  let known = types.get(symbol);
  if (known === undefined) {
    known = computeDeclaredTypeOfSymbol(symbol, checker) ?? null;
    types.set(symbol, known);
  }
  return known ?? undefined;
}

function computeDeclaredTypeOfSymbol(symbol: ts.Symbol, checker: ts.TypeChecker): ts.Type | undefined {
  if (!(symbol.flags & (ts.SymbolFlags.Variable | ts.SymbolFlags.Property | ts.SymbolFlags.Accessor))) return undefined;
  const declaration = symbol.valueDeclaration;
  if (declaration && ts.getJSDocType(declaration)) return undefined;
  const initializer = declaration && (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) && !declaration.type ? declaration.initializer : undefined;
  if (initializer && (ts.isNewExpression(initializer) || ts.isCallExpression(initializer))) return declaredResultType(initializer, checker);
  // Typing `await Model.findAll({ … })` resolves the library's overloads against the options: seconds on the first ones.
  const declared = initializer && ts.isAwaitExpression(initializer) ? declaredAwaitedType(initializer.expression, checker) : declaration && ts.isBindingElement(declaration) ? declaredTypeOfBinding(declaration, checker) : undefined;
  return declared ?? (declaration && genericAnnotationTarget(declaration, checker)) ?? checker.getTypeOfSymbol(symbol);
}

/**
 * `ctx: APIContext<T.DocumentsListReq>`: the generic class or interface itself, its type arguments
 * not evaluated. They do not change which declaration a member's name reaches, and evaluating them
 * can cost more than the rest of an edit (a zod schema's `z.infer<typeof schema>` checks the
 * schema's whole initializer, in another file, for each new program). A member typed by a type
 * parameter is no object type: its own members are left to the checker.
 */
function genericAnnotationTarget(declaration: ts.Declaration, checker: ts.TypeChecker): ts.Type | undefined {
  const annotation = ts.isParameter(declaration) || ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertySignature(declaration) ? declaration.type : undefined;
  if (!annotation || !ts.isTypeReferenceNode(annotation) || !annotation.typeArguments?.length) return undefined;
  const symbol = symbolThroughAliases(annotation.typeName, checker);
  return symbol && symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface) ? checker.getDeclaredTypeOfSymbol(symbol) : undefined;
}

/**
 * What `await call(…)` evaluates to, from the declared `Promise<T>` its signatures return: T's
 * class or interface (generic ones uninstantiated, as for `declaredResultType`), or, for a static
 * method typed `this: ModelStatic<M>` returning `Promise<M>` (Sequelize's finders), the class it is
 * called on. `null` and `undefined` in T are dropped.
 */
function declaredAwaitedType(expression: ts.Expression, checker: ts.TypeChecker): ts.Type | undefined {
  const call = withoutParentheses(expression);
  if (!ts.isCallExpression(call)) return undefined;
  const callee = call.expression;
  const receiverClass = ts.isPropertyAccessExpression(callee) ? staticReceiverClass(callee.expression, checker) : undefined;
  // A class's static member: the class reference is never narrowed, so its symbol costs no flow typing.
  const symbol = receiverClass ? checker.getSymbolAtLocation((callee as ts.PropertyAccessExpression).name) : calleeSymbolWithoutTyping(call, checker);
  const signatures = symbol && candidateSignatures(call, symbol, checker);
  if (!signatures?.length) return undefined;
  const results = new Set<ts.Type>();
  for (const signature of signatures) {
    // An undeclared return type is inferred from the body: the costly typing this avoids.
    const declared = signature.declaration;
    if (!declared || ts.isJSDocSignature(declared) || !declared.type) return undefined;
    let promised = promisedType(checker.getReturnTypeOfSignature(signature));
    if (!promised) return undefined;
    if (promised.flags & ts.TypeFlags.TypeParameter) promised = receiverClass && boundToThisClass(signature, promised, checker) ? checker.getDeclaredTypeOfSymbol(receiverClass) : undefined;
    const named = promised && promised.flags & ts.TypeFlags.Object ? promised.getSymbol()?.flags : undefined;
    // A class, an interface, or an object type written out (`Promise<{ results: T[]; total: number }>`).
    if (!named || !(named & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface | ts.SymbolFlags.TypeLiteral))) return undefined;
    results.add((promised as ts.TypeReference).target ?? promised!);
  }
  return results.size === 1 ? [...results][0] : undefined;
}

/**
 * The class whose static side an expression is: the class named (`Document`), or a static method's
 * result that is that class again (`Document.scope('withDrafts')`: typed `this: ModelStatic<M>`,
 * returning a constructor of the same M).
 */
function staticReceiverClass(expression: ts.Expression, checker: ts.TypeChecker): ts.Symbol | undefined {
  const receiver = withoutParentheses(expression);
  if (ts.isIdentifier(receiver)) return classSymbolOf(receiver, checker);
  if (receiver.kind === ts.SyntaxKind.ThisKeyword) return classOfStaticThis(receiver, checker);
  if (!ts.isCallExpression(receiver) || !ts.isPropertyAccessExpression(receiver.expression)) return undefined;
  const owner = staticReceiverClass(receiver.expression.expression, checker);
  const symbol = owner && checker.getSymbolAtLocation(receiver.expression.name);
  const method = symbol?.valueDeclaration;
  // The project's own static method without a declared return type (`withMembershipScope(id) { return this.scope(…); }`).
  if (method && ts.isMethodDeclaration(method) && !method.type && method.body && !method.getSourceFile().isDeclarationFile) return classReturnedBy(method, checker);
  const signatures = symbol && candidateSignatures(receiver, symbol, checker);
  if (!signatures?.length) return undefined;
  return signatures.every((signature) => returnsThisClass(signature, checker)) ? owner : undefined;
}

/** `this` in a static method of a named class: typed as that class (not polymorphic: the class the method is declared in). */
function classOfStaticThis(keyword: ts.Expression, checker: ts.TypeChecker): ts.Symbol | undefined {
  let container = keyword.parent;
  while (ts.isArrowFunction(container) || !(ts.isFunctionLike(container) || ts.isPropertyDeclaration(container) || ts.isClassStaticBlockDeclaration(container) || ts.isSourceFile(container))) container = container.parent;
  const owner = container.parent;
  if (!ts.isMethodDeclaration(container) || !owner || !ts.isClassDeclaration(owner) || !owner.name || !(ts.getCombinedModifierFlags(container) & ts.ModifierFlags.Static)) return undefined;
  return checker.getSymbolAtLocation(owner.name);
}

/** Static methods whose returns are being read: a method that returns its own call answers nothing. */
const READING_RETURNS = new Set<ts.MethodDeclaration>();

/**
 * The class a static method with an inferred return type returns the static side of: every
 * `return` of its body (not of functions inside it) returns one (`this`, `this.scope(…)`,
 * `Document.scope(…)`), the same class. The checker would infer the type from the same returns.
 */
function classReturnedBy(method: ts.MethodDeclaration, checker: ts.TypeChecker): ts.Symbol | undefined {
  if (!(ts.getCombinedModifierFlags(method) & ts.ModifierFlags.Static) || method.asteriskToken || READING_RETURNS.has(method)) return undefined;
  const returned: ts.Expression[] = [];
  let unreadable = false;
  walkTree(method.body!, (node) => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return false;
    if (ts.isReturnStatement(node)) {
      if (node.expression) returned.push(node.expression);
      else unreadable = true;
    }
    return true;
  });
  if (unreadable || returned.length === 0) return undefined;
  READING_RETURNS.add(method);
  try {
    const classes = new Set(returned.map((expression) => staticReceiverClass(expression, checker)));
    const [only] = classes;
    return classes.size === 1 ? only : undefined;
  } finally {
    READING_RETURNS.delete(method);
  }
}

/** `scope<M>(this: ModelStatic<M>, …): ModelCtor<M>`: a constructor of the class the method is called on. */
function returnsThisClass(signature: ts.Signature, checker: ts.TypeChecker): boolean {
  const declared = signature.declaration;
  const returned = declared && !ts.isJSDocSignature(declared) ? declared.type : undefined;
  if (!returned || !ts.isTypeReferenceNode(returned) || checker.getReturnTypeOfSignature(signature).getConstructSignatures().length === 0) return false;
  return signature.typeParameters?.some((parameter) => boundToThisClass(signature, parameter, checker) && (returned.typeArguments ?? []).some((argument) => checker.getTypeFromTypeNode(argument) === parameter)) ?? false;
}

/** The folder of the compiler's own lib files, which every program here is given (`getDefaultLibFilePath`). */
const STANDARD_LIBRARY = path.dirname(ts.getDefaultLibFilePath({}));

function isStandardLibrary(declaration: ts.Declaration): boolean {
  return path.dirname(declaration.getSourceFile().fileName) === STANDARD_LIBRARY;
}

function withoutParentheses(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/** T of the standard library's `Promise<T>`, without `null` and `undefined`. */
function promisedType(type: ts.Type): ts.Type | undefined {
  const symbol = type.getSymbol();
  if (symbol?.name !== 'Promise' || !symbol.declarations?.some(isStandardLibrary)) return undefined;
  const [argument] = (type as ts.TypeReference).typeArguments ?? [];
  if (!argument || !(argument.flags & ts.TypeFlags.Union)) return argument;
  const values = (argument as ts.UnionType).types.filter((member) => !(member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
  return values.length === 1 ? values[0] : undefined;
}

/** Whether the signature's `this` parameter is typed with `parameter` (`this: ModelStatic<M>`): called on a class, `parameter` is that class. */
function boundToThisClass(signature: ts.Signature, parameter: ts.Type, checker: ts.TypeChecker): boolean {
  const first = signature.declaration && !ts.isJSDocSignature(signature.declaration) ? signature.declaration.parameters[0] : undefined;
  if (!first?.type || !ts.isIdentifier(first.name) || first.name.text !== 'this') return false;
  const mentions = (node: ts.Node): boolean => (ts.isTypeReferenceNode(node) && checker.getTypeFromTypeNode(node) === parameter) || (ts.forEachChild(node, mentions) ?? false);
  return ts.isTypeReferenceNode(first.type) && (first.type.typeArguments ?? []).some(mentions);
}

function classSymbolOf(identifier: ts.Identifier, checker: ts.TypeChecker): ts.Symbol | undefined {
  const symbol = symbolThroughAliases(identifier, checker);
  return symbol && symbol.flags & ts.SymbolFlags.Class ? symbol : undefined;
}

/**
 * `const { rows, count } = await …` and `const [users, total] = await Promise.all([User.findAll(…), User.count()])`:
 * a property of the declared object type, or the promise at the same place in the list given to
 * `Promise.all`. Undefined for defaults, rest elements and anything else.
 */
function declaredTypeOfBinding(element: ts.BindingElement, checker: ts.TypeChecker): ts.Type | undefined {
  if (element.initializer || element.dotDotDotToken) return undefined;
  const pattern = element.parent;
  const holder = pattern.parent;
  if (!ts.isVariableDeclaration(holder) || holder.type || !holder.initializer) return undefined;
  const initializer = withoutParentheses(holder.initializer);
  if (ts.isArrayBindingPattern(pattern)) {
    const list = ts.isAwaitExpression(initializer) ? promiseAllList(initializer.expression, checker) : undefined;
    const promise = list?.elements[pattern.elements.indexOf(element)];
    return promise && !ts.isSpreadElement(promise) ? declaredAwaitedType(promise, checker) : undefined;
  }
  const name = element.propertyName ?? element.name;
  if (!ts.isIdentifier(name)) return undefined;
  const holderType = ts.isAwaitExpression(initializer) ? declaredAwaitedType(initializer.expression, checker) : declaredObjectType(initializer, checker);
  const property = holderType?.getProperty(name.text);
  return property && declaredTypeOfSymbol(property, checker);
}

/** The array literal given to the standard library's `Promise.all([…])`. */
function promiseAllList(expression: ts.Expression, checker: ts.TypeChecker): ts.ArrayLiteralExpression | undefined {
  const call = withoutParentheses(expression);
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'all' || !ts.isIdentifier(call.expression.expression)) return undefined;
  const promise = symbolThroughAliases(call.expression.expression, checker);
  const list = call.arguments[0];
  return promise?.declarations?.some(isStandardLibrary) && list && ts.isArrayLiteralExpression(list) ? list : undefined;
}

/** `this` in an instance member of a named class (arrow functions see their container's `this`): the class's instance type. */
function instanceTypeOfThis(keyword: ts.Expression, checker: ts.TypeChecker): ts.Type | undefined {
  let container = keyword.parent;
  while (ts.isArrowFunction(container) || !(ts.isFunctionLike(container) || ts.isPropertyDeclaration(container) || ts.isClassStaticBlockDeclaration(container) || ts.isSourceFile(container))) container = container.parent;
  const owner = container.parent;
  const instanceMember = ts.isMethodDeclaration(container) || ts.isConstructorDeclaration(container) || ts.isAccessor(container) || ts.isPropertyDeclaration(container);
  if (!instanceMember || !owner || !ts.isClassLike(owner) || !owner.name || ts.getCombinedModifierFlags(container) & ts.ModifierFlags.Static) return undefined;
  const symbol = checker.getSymbolAtLocation(owner.name);
  return symbol && checker.getDeclaredTypeOfSymbol(symbol);
}

const TESTS_INSTANCES = new WeakMap<ts.SourceFile, boolean>();

/** Whether a file uses `instanceof`, which may narrow a value to a subclass whose override only the checker's flow typing sees. */
function testsInstances(sourceFile: ts.SourceFile): boolean {
  let tests = TESTS_INSTANCES.get(sourceFile);
  if (tests === undefined) {
    tests = sourceFile.text.includes('instanceof');
    TESTS_INSTANCES.set(sourceFile, tests);
  }
  return tests;
}

/**
 * The one class or interface that `new C(…)` or `f(…)` evaluates to, read from the declarations
 * of the signatures the checker may choose; `f` named directly, as a namespace's member, or as a
 * member of a receiver whose declared type tells.
 */
function declaredResultType(creation: ts.NewExpression | ts.CallExpression, checker: ts.TypeChecker): ts.Type | undefined {
  const symbol = calleeSymbolWithoutTyping(creation, checker);
  return symbol && declaredResultOf(creation, symbol, checker);
}

/** The function or class a call names directly, as a namespace's member, or as a member of a receiver whose declared type tells. */
function calleeSymbolWithoutTyping(creation: ts.NewExpression | ts.CallExpression, checker: ts.TypeChecker): ts.Symbol | undefined {
  const callee = creation.expression;
  if (ts.isIdentifier(callee)) return symbolThroughAliases(callee, checker);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name)) return undefined;
  // A function of a namespace (`mongoose.model`) resolves without typing anything.
  return ts.isIdentifier(callee.expression) && isNamespace(callee.expression, checker) ? symbolThroughAliases(callee.name, checker) : memberOfDeclaredReceiver(callee, checker);
}

/**
 * The one class or interface a call of `callee` returns whichever of its signatures the checker
 * chooses (those that accept as many type arguments as given), from their declarations: the
 * type arguments it would infer cannot change which class or interface that is. A construct
 * signature returns its class; a function's return type counts only where it is declared (it
 * would be inferred from the body). Undefined when the signatures disagree or declare anything
 * else (a type parameter, a union, a conditional type: those depend on the inference).
 */
/** The signatures the checker may choose for this call of `callee` (its explicit type arguments considered); undefined for a union or intersection. */
function candidateSignatures(call: ts.CallExpression | ts.NewExpression, callee: ts.Symbol, checker: ts.TypeChecker): readonly ts.Signature[] | undefined {
  const type = checker.getTypeOfSymbol(callee);
  if (type.flags & ts.TypeFlags.UnionOrIntersection) return undefined;
  const given = call.typeArguments?.map((argument) => checker.getTypeFromTypeNode(argument));
  return (ts.isNewExpression(call) ? type.getConstructSignatures() : type.getCallSignatures()).filter((signature) => given === undefined || acceptsTypeArguments(signature, given, checker));
}

function declaredResultOf(call: ts.CallExpression | ts.NewExpression, callee: ts.Symbol, checker: ts.TypeChecker): ts.Type | undefined {
  const candidates = candidateSignatures(call, callee, checker);
  if (!candidates) return undefined;
  const results = new Set<ts.Type>();
  for (const signature of candidates) {
    const declared = signature.declaration;
    if (ts.isCallExpression(call) && (!declared || ts.isJSDocSignature(declared) || !declared.type)) return undefined;
    const result = checker.getReturnTypeOfSignature(signature);
    const named = result.flags & ts.TypeFlags.Object && result.getSymbol()?.flags;
    if (!named || !(named & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface))) return undefined;
    results.add((result as ts.TypeReference).target ?? result);
  }
  return results.size === 1 ? [...results][0] : undefined;
}

function isNamespace(identifier: ts.Identifier, checker: ts.TypeChecker): boolean {
  const flags = symbolThroughAliases(identifier, checker)?.flags ?? 0;
  return (flags & (ts.SymbolFlags.ValueModule | ts.SymbolFlags.NamespaceModule)) !== 0 && (flags & ts.SymbolFlags.Variable) === 0;
}

/**
 * Whether the checker may choose this signature for these explicit type arguments: as many as it
 * takes, each within its constraint (a constraint that mentions another type parameter is
 * assumed to hold: it can only be told after instantiation).
 */
function acceptsTypeArguments(signature: ts.Signature, given: readonly ts.Type[], checker: ts.TypeChecker): boolean {
  const parameters = signature.getTypeParameters() ?? [];
  const required = parameters.filter((parameter) => !checker.getDefaultFromTypeParameter(parameter)).length;
  if (given.length < required || given.length > parameters.length) return false;
  const names = new Set(parameters.map((parameter) => parameter.symbol.name));
  return given.every((argument, index) => {
    const declaration = parameters[index]!.symbol.declarations?.find(ts.isTypeParameterDeclaration);
    const constraint = declaration?.constraint;
    if (!constraint || someNode(constraint, (node) => ts.isIdentifier(node) && names.has(node.text))) return true;
    return checker.isTypeAssignableTo(argument, checker.getTypeFromTypeNode(constraint));
  });
}
