import ts from 'typescript';
import { memberOfDeclaredReceiver } from './classify';
import { symbolThroughAliases } from './dataflow';
import type { IoIndex } from './io-sites';
import { normaliseModule } from './origin';

/**
 * Code that runs once, when the process starts or stops, not per request: a loop of queries there
 * costs a few milliseconds of boot, and its order is often deliberate (seeding, migrations,
 * registering what the config lists). Start-up code is a framework's lifecycle hook (NestJS's
 * `onModuleInit`…), module-level code (`bootstrap()` at the end of `main.ts`), and any function
 * that only start-up code mentions.
 */
const LIFECYCLE_HOOKS: readonly { readonly module: string; readonly methods: readonly string[] }[] = [
  { module: '@nestjs/common', methods: ['onModuleInit', 'onApplicationBootstrap', 'onModuleDestroy', 'beforeApplicationShutdown', 'onApplicationShutdown'] },
];
const HOOK_NAMES = new Set(LIFECYCLE_HOOKS.flatMap((entry) => entry.methods));
/** How many callers up a function's start-up-only status is followed. */
const MAX_DEPTH = 6;

export type Runnable = ts.FunctionLikeDeclaration;

/** The identifiers a file's text holds, read once per text (an editor's unchanged files keep theirs across keystrokes). */
const WORDS = new WeakMap<ts.SourceFile, ReadonlySet<string>>();

function wordsOf(sourceFile: ts.SourceFile): ReadonlySet<string> {
  let words = WORDS.get(sourceFile);
  if (!words) WORDS.set(sourceFile, (words = new Set(sourceFile.text.match(/[A-Za-z_$][\w$]*/g) ?? [])));
  return words;
}

export class StartupCode {
  private readonly known = new Map<ts.Node, boolean>();
  private callerFiles: readonly ts.SourceFile[] | undefined;

  constructor(
    private readonly io: IoIndex,
    /** The program's own production files, where callers are looked for (tests and scripts call anything). */
    private readonly productionFiles: () => readonly ts.SourceFile[],
  ) {}

  /** Whether `node` runs only at start-up: in a start-up function, or in the iteration callbacks it runs. */
  contains(node: ts.Node): boolean {
    const fn = this.enclosingRunnable(node);
    return fn === 'module' || (fn !== undefined && this.isStartupOnly(fn, 0));
  }

  /**
   * The function `node` runs in, seen through the callbacks of iterations (`ids.map(…)` runs when
   * its caller does); `'module'` at the top of a module; undefined inside any other callback
   * (an event handler registered at start-up runs per event).
   */
  enclosingRunnable(node: ts.Node): Runnable | 'module' | undefined {
    for (let current = node.parent; current; current = current.parent) {
      if (ts.isSourceFile(current)) return 'module';
      if (ts.isClassStaticBlockDeclaration(current)) return 'module';
      if (!ts.isFunctionLike(current) || !('body' in current) || !current.body) continue;
      let argument: ts.Node = current;
      while (ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
      const call = argument.parent;
      const iterates = ts.isCallExpression(call) && call.arguments[0] === argument && this.io.isIterationCall(call);
      const invokedHere = ts.isCallExpression(call) && call.expression === argument;
      if (iterates || invokedHere) continue;
      if (ts.isFunctionExpression(current) || ts.isArrowFunction(current)) {
        // `const load = async () => …` and methods are named; other function values run whenever they are called.
        if (!ts.isVariableDeclaration(current.parent) && !ts.isPropertyDeclaration(current.parent)) return undefined;
      }
      return current as Runnable;
    }
    return undefined;
  }

  private isStartupOnly(fn: Runnable, depth: number): boolean {
    let known = this.known.get(fn);
    if (known === undefined) {
      // Assumed not while being decided: a cycle of callers proves nothing.
      this.known.set(fn, false);
      known = this.isLifecycleHook(fn) || (depth < MAX_DEPTH && this.onlyStartupMentions(fn, depth));
      this.known.set(fn, known);
    }
    return known;
  }

  private isLifecycleHook(fn: Runnable): boolean {
    if (!ts.isMethodDeclaration(fn) || !ts.isIdentifier(fn.name) || !HOOK_NAMES.has(fn.name.text)) return false;
    const owner = fn.parent;
    if (!ts.isClassDeclaration(owner)) return false;
    const references = [
      ...(ts.getDecorators(owner) ?? []).map((decorator) => (ts.isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression)),
      ...(owner.heritageClauses ?? []).flatMap((clause) => clause.types.map((type) => type.expression)),
    ];
    return references.some((reference) => {
      const module = this.io.classifier.moduleOfReference(reference);
      return module !== undefined && LIFECYCLE_HOOKS.some((entry) => entry.module === normaliseModule(module) && entry.methods.includes((fn.name as ts.Identifier).text));
    });
  }

  /**
   * Every reference to the function elsewhere in the project (an identifier the checker resolves to
   * it, found by its name's text first) is a call in start-up code; unreferenced functions are
   * entry points of their own (a route handler a framework calls).
   */
  private onlyStartupMentions(fn: Runnable, depth: number): boolean {
    let mentioned = false;
    this.callerFiles ??= this.productionFiles();
    for (const node of referencesTo(fn, this.callerFiles, this.io.checker)) {
      // A reference handed on (`events.on('x', this.handle)`, `export default { fetch: handle }`) runs whenever it is called.
      if (!callOfReference(node)) return false;
      mentioned = true;
      const caller = this.enclosingRunnable(node);
      if (caller !== 'module' && (caller === undefined || !this.isStartupOnly(caller, depth + 1))) return false;
    }
    return mentioned;
  }
}

/**
 * Every reference to a named function or method in these files other than its own name: an
 * identifier the checker resolves to it, found by its name's text first (cheap: most files never
 * hold the word). By declaration: a member reached through an instance can be another symbol
 * object for the same method.
 */
export function* referencesTo(fn: Runnable, files: readonly ts.SourceFile[], checker: ts.TypeChecker): Generator<ts.Identifier> {
  const name = nameOf(fn);
  if (!name) return;
  // `x.name`: the member of the type `x` is declared with where that tells (as for callees); typing `x` the checker's way narrows it, the cost of this search.
  const symbolOf = (node: ts.Identifier): ts.Symbol | undefined => (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node && memberOfDeclaredReceiver(node.parent, checker)) || symbolThroughAliases(node, checker);
  const declares = (node: ts.Identifier): boolean => symbolOf(node)?.declarations?.some((declaration) => declaration === fn || declaration === fn.parent) === true;
  for (const sourceFile of files) {
    if (!wordsOf(sourceFile).has(name.text)) continue;
    const { text } = sourceFile;
    for (let index = text.indexOf(name.text); index !== -1; index = text.indexOf(name.text, index + 1)) {
      const node = identifierAt(sourceFile, index, name.text);
      if (node && node !== name && declares(node)) yield node;
    }
  }
}

/** The call that invokes what the identifier names (`f(…)`, `this.f(…)`), if it is one. */
export function callOfReference(node: ts.Identifier): ts.CallExpression | undefined {
  const callee = ts.isPropertyAccessExpression(node.parent) && node.parent.name === node ? node.parent : node;
  return ts.isCallExpression(callee.parent) && callee.parent.expression === callee ? callee.parent : undefined;
}

function nameOf(fn: Runnable): ts.Identifier | undefined {
  if ((ts.isMethodDeclaration(fn) || ts.isFunctionDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && (ts.isVariableDeclaration(fn.parent) || ts.isPropertyDeclaration(fn.parent)) && ts.isIdentifier(fn.parent.name)) return fn.parent.name;
  return undefined;
}

/** The identifier `name` that starts at `position`, if one does (not a longer word, a comment or a string). */
function identifierAt(sourceFile: ts.SourceFile, position: number, name: string): ts.Identifier | undefined {
  let node: ts.Node = sourceFile;
  for (;;) {
    const child: ts.Node | undefined = ts.forEachChild(node, (candidate) => (candidate.pos <= position && position < candidate.end ? candidate : undefined));
    if (!child) break;
    node = child;
  }
  return ts.isIdentifier(node) && node.text === name && node.getStart(sourceFile) === position ? node : undefined;
}
