import path from 'node:path';
import ts from 'typescript';
import { keptForLaterCalls, symbolThroughAliases } from './dataflow';
import { REQUEST_ENTRIES, type RequestEntryModel } from './io-model';
import type { IoIndex } from './io-sites';
import { normaliseModule } from './origin';
import { callOfReference, referencesTo, type Runnable } from './startup';

/**
 * Code that runs once per request: a framework's request handler (told from types and decorators the
 * framework declares, and file-based routes; see `REQUEST_ENTRIES`), what such a handler calls
 * directly (followed back from each function to its callers, by name, confirmed by the checker, a
 * call whose value is kept for later calls aside), and the callbacks written inside either. Precision first: a function handed on as a value, or reached
 * through an interface, is not followed; a function none of whose callers is on the path is not on it.
 */

/** A handler a request enters the project by: the function and its framework, for messages. */
export interface RequestEntry {
  readonly handler: Runnable;
  readonly framework: string;
  /** What one run of the handler serves: a request, or a queue's job. */
  readonly per: 'request' | 'job';
  /** What the registration of an anonymous handler is named: `posts` for `posts: t.procedure.query(…)`, `mail` for `const mail = new Worker(…)`. */
  readonly registeredAs?: string;
}

/** How many callers up a function is followed to a handler. */
const MAX_DEPTH = 6;
/** Handlers take the request or context first; a framework's parameters are among the first three. */
const PARAMETERS_LOOKED_AT = 3;
const ROUTE_FILES = REQUEST_ENTRIES.filter((entry) => entry.routeFiles).map((entry) => ({ entry, files: new RegExp(entry.routeFiles!) }));
const HANDLER_ARGUMENTS = REQUEST_ENTRIES.filter((entry) => entry.handlerArguments);
/** The member names registrations are called by (`query`), so that `xs.map(fn)` is never resolved; `new` is rare enough to resolve. */
const REGISTRATION_MEMBERS = new Set(HANDLER_ARGUMENTS.flatMap((entry) => entry.handlerArguments!.map((registration) => registration.callee.split('.').pop()!)));
const DIRECTIVES = REQUEST_ENTRIES.filter((entry) => entry.directive);

export class RequestPath {
  private readonly known = new Map<ts.Node, RequestEntry | null>();
  private callerFiles: readonly ts.SourceFile[] | undefined;
  private readonly root: string;

  constructor(
    private readonly io: IoIndex,
    /** The program's own production files, where callers are looked for (tests and scripts call anything). */
    private readonly productionFiles: () => readonly ts.SourceFile[],
  ) {
    const tsconfig = io.program.getCompilerOptions().configFilePath;
    this.root = typeof tsconfig === 'string' ? path.dirname(tsconfig) : io.program.getCurrentDirectory();
  }

  /** The handler `node` runs for, when it runs per request: inside a handler, or a function one calls (through at most six calls). */
  entryOf(node: ts.Node): RequestEntry | undefined {
    return this.entryAround(node, 0);
  }

  private entryAround(node: ts.Node, depth: number): RequestEntry | undefined {
    for (let current = node.parent; current; current = current.parent) {
      // A class's members run when they are called, not when the code around the class does.
      if (ts.isClassLike(current)) return undefined;
      if (!ts.isFunctionLike(current) || !('body' in current) || !current.body) continue;
      const entry = this.entryThrough(current as Runnable, depth);
      if (entry) return entry;
    }
    return undefined;
  }

  private entryThrough(fn: Runnable, depth: number): RequestEntry | undefined {
    let known = this.known.get(fn);
    if (known === undefined) {
      // Assumed not while being decided: a cycle of callers proves nothing.
      this.known.set(fn, null);
      known = this.handlerEntry(fn) ?? (depth < MAX_DEPTH ? this.entryOfCallers(fn, depth) : undefined) ?? null;
      this.known.set(fn, known);
    }
    return known ?? undefined;
  }

  /** The first caller on the request path: only calls count (a reference handed on may run anywhere). */
  private entryOfCallers(fn: Runnable, depth: number): RequestEntry | undefined {
    this.callerFiles ??= this.productionFiles();
    for (const reference of referencesTo(fn, this.callerFiles, this.io.checker)) {
      // `client ??= createClient()` runs the function once, whoever calls the code around it.
      const call = callOfReference(reference);
      if (!call) {
        // `new Worker('mail', sendMail)`, `queue.process(this.sendMail)`: handed to the framework as its handler.
        const registration = this.registrationOf(ts.isPropertyAccessExpression(reference.parent) && reference.parent.name === reference ? reference.parent : reference);
        if (registration) return entryFor(fn, registration.framework);
        continue;
      }
      if (keptForLaterCalls(call, this.io.checker)) continue;
      const entry = this.entryAround(reference, depth + 1);
      if (entry) return entry;
    }
    return undefined;
  }

  /**
   * Whether the framework calls `fn` per request or job: a route export, a decorated controller
   * method, a server action, a function written as a registration's handler argument, or a function
   * taking the framework's request.
   */
  private handlerEntry(fn: Runnable): RequestEntry | undefined {
    const registration = ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) ? this.registrationOf(fn) : undefined;
    if (registration) return { ...entryFor(fn, registration.framework), ...registeredName(registration.call) };
    const framework = this.routeExportOf(fn) ?? this.controllerMethodOf(fn) ?? this.directiveOf(fn) ?? this.requestParameterOf(fn);
    return framework && entryFor(fn, framework);
  }

  /** `fn` as the argument a framework call registers as its handler (`procedure.query(fn)`, `new Worker(name, fn)`), through parentheses. */
  private registrationOf(fn: ts.Node): { framework: RequestEntryModel; call: ts.CallExpression | ts.NewExpression } | undefined {
    if (!HANDLER_ARGUMENTS.length) return undefined;
    let argument = fn;
    while (ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
    const call = argument.parent;
    if (!(ts.isCallExpression(call) || ts.isNewExpression(call)) || call.expression === argument) return undefined;
    const argumentsOfCall: readonly ts.Expression[] = call.arguments ?? [];
    const index = argumentsOfCall.indexOf(argument as ts.Expression);
    if (index < 0 || (ts.isCallExpression(call) && !REGISTRATION_MEMBERS.has(calledName(call.expression)))) return undefined;
    const declaration = this.io.classifier.resolvedDeclaration(call);
    const origin = declaration && this.io.classifier.origins.originOf(declaration);
    if (!origin) return undefined;
    const module = normaliseModule(origin.module);
    const callee = origin.path.join('.');
    const framework = HANDLER_ARGUMENTS.find((entry) => entry.modules.includes(module) && entry.handlerArguments!.some((registration) => registration.callee === callee && (registration.argument === 'last' ? index === argumentsOfCall.length - 1 : registration.argument === index)));
    return framework && { framework, call };
  }

  /** A function opening with the directive (`'use server'`), or one its file, opening with it, exports. */
  private directiveOf(fn: Runnable): RequestEntryModel | undefined {
    if (!DIRECTIVES.length) return undefined;
    const own = fn.body && ts.isBlock(fn.body) ? directivesOf(fn.body.statements) : [];
    const matching = DIRECTIVES.find((entry) => own.includes(entry.directive!));
    if (matching) return matching;
    const declaration = exportedDeclarationOf(fn);
    if (!declaration) return undefined;
    const fileDirectives = directivesOf(fn.getSourceFile().statements);
    return DIRECTIVES.find((entry) => fileDirectives.includes(entry.directive!));
  }

  /** `export async function GET(request)` in a file the framework routes by its path (`app/…/route.ts`). */
  private routeExportOf(fn: Runnable): RequestEntryModel | undefined {
    if (!ROUTE_FILES.length) return undefined;
    const name = exportedDeclarationOf(fn)?.name;
    if (!name || !ts.isIdentifier(name)) return undefined;
    const relative = path.relative(this.root, fn.getSourceFile().fileName).replace(/\\/g, '/');
    return ROUTE_FILES.find(({ entry, files }) => entry.routeExports?.includes(name.text) && files.test(relative))?.entry;
  }

  /** A method carrying a route decorator (`@Get()`) in a class carrying the framework's class decorator (`@Controller()`). */
  private controllerMethodOf(fn: Runnable): RequestEntryModel | undefined {
    if (!ts.isMethodDeclaration(fn) || !ts.isClassDeclaration(fn.parent)) return undefined;
    const methodName = ts.isIdentifier(fn.name) ? fn.name.text : undefined;
    const methodDecorators = this.decoratorsOf(fn);
    const named = (entry: RequestEntryModel): boolean => methodName !== undefined && entry.methods?.includes(methodName) === true;
    if (!methodDecorators.length && !REQUEST_ENTRIES.some(named)) return undefined;
    const classDecorators = this.decoratorsOf(fn.parent);
    return REQUEST_ENTRIES.find(
      (entry) =>
        (named(entry) || methodDecorators.some((decorator) => entry.modules.includes(decorator.module) && entry.methodDecorators?.includes(decorator.name))) &&
        classDecorators.some((decorator) => entry.modules.includes(decorator.module) && entry.classDecorators?.includes(decorator.name)),
    );
  }

  /** Decorators by their declared name and the library module that declares them. */
  private decoratorsOf(node: ts.HasDecorators): { name: string; module: string }[] {
    return (ts.getDecorators(node) ?? []).flatMap((decorator) => {
      const reference = ts.isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression;
      const module = this.io.classifier.moduleOfReference(reference);
      if (module === undefined) return [];
      const name = symbolThroughAliases(reference, this.io.checker)?.name ?? (ts.isIdentifier(reference) ? reference.text : undefined);
      return name ? [{ name, module: normaliseModule(module) }] : [];
    });
  }

  /**
   * A parameter typed with the framework's request, response or context (`req: Request`,
   * `ctx: Context`, a project alias of one), by annotation or, for a callback written as an
   * argument (`router.get('/', async (ctx) => …)`), from the call's contextual type.
   */
  private requestParameterOf(fn: Runnable): RequestEntryModel | undefined {
    const contextual = isArgument(fn);
    for (const parameter of fn.parameters.slice(0, PARAMETERS_LOOKED_AT)) {
      if (!parameter.type && !contextual) continue;
      const type = parameter.type ? this.io.checker.getTypeFromTypeNode(parameter.type) : this.io.checker.getTypeAtLocation(parameter);
      const entry = this.frameworkOfType(type);
      if (entry) return entry;
    }
    return undefined;
  }

  /** The framework that declares this type, one of its constituents (`ExtendableContext & { state }`), or a type it extends. */
  private frameworkOfType(type: ts.Type): RequestEntryModel | undefined {
    const seen = new Set<ts.Type>();
    const pending = [type];
    for (let current = pending.pop(); current && seen.size < 16; current = pending.pop()) {
      if (seen.has(current)) continue;
      seen.add(current);
      for (const symbol of [current.aliasSymbol, current.getSymbol()]) {
        const declaration = symbol?.declarations?.[0];
        const origin = declaration && this.io.classifier.origins.originOf(declaration);
        if (!origin) continue;
        const name = origin.path[origin.path.length - 1]!;
        const entry = REQUEST_ENTRIES.find((candidate) => candidate.modules.includes(normaliseModule(origin.module)) && candidate.parameterTypes?.includes(name));
        if (entry) return entry;
      }
      if (current.isUnionOrIntersection()) pending.push(...current.types);
      else if (current.isClassOrInterface()) pending.push(...(this.io.checker.getBaseTypes(current) ?? []));
      else if (current.getFlags() & ts.TypeFlags.Object && (current as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) pending.push((current as ts.TypeReference).target);
    }
    return undefined;
  }
}

/** `query` for `t.procedure.query` and `query`, '' for any other callee. */
function calledName(callee: ts.Expression): string {
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
}

/** `{ registeredAs: 'posts' }` for a registration written as `posts: …` or `const posts = …`. */
function registeredName(call: ts.Expression): { registeredAs?: string } {
  const owner = call.parent;
  return (ts.isPropertyAssignment(owner) || ts.isVariableDeclaration(owner)) && owner.initializer === call && ts.isIdentifier(owner.name) ? { registeredAs: owner.name.text } : {};
}

function entryFor(handler: Runnable, framework: RequestEntryModel): RequestEntry {
  return { handler, framework: framework.framework, per: framework.runsPer ?? 'request' };
}

/** The declaration a module-level export makes of `fn`: `export function f`, `export default function`, `export const f = () => …`. */
function exportedDeclarationOf(fn: Runnable): ts.FunctionDeclaration | ts.VariableDeclaration | undefined {
  const declaration = ts.isFunctionDeclaration(fn) ? fn : (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) ? fn.parent : undefined;
  if (!declaration) return undefined;
  const statement = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
  const exported = ts.isSourceFile(statement.parent) && ts.getModifiers(statement as ts.FunctionDeclaration | ts.VariableStatement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
  return exported ? declaration : undefined;
}

/** The directive prologue's strings (`'use server'`): the string statements a file or body starts with. */
function directivesOf(statements: ts.NodeArray<ts.Statement>): string[] {
  const directives: string[] = [];
  for (const statement of statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
    directives.push(statement.expression.text);
  }
  return directives;
}

/** A function written as an argument of a call (through parentheses): its parameters are typed by the call. */
function isArgument(fn: ts.Node): boolean {
  let node = fn;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return ts.isCallExpression(node.parent) && node.parent.arguments.includes(node as ts.Expression);
}

