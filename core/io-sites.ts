import ts from 'typescript';
import { programChange, type ImportGraph } from './carry-over';
import { IoClassifier, type LibraryIo } from './classify';
import { conditionAtCall, guardOf, type TraceCondition } from './conditions';
import { RequestPath } from './request-path';
import { callOfReference, referencesTo, StartupCode } from './startup';
import { kindFlags, symbolThroughAliases } from './dataflow';
import { findInTree, walkTree } from './walk';
import { MemoizedCallbacks } from './memoized';
import type { IoKind, IoOperation } from './io-model';

/** How one piece of code reaches a library call, outermost step first. */
export interface IoTrace {
  readonly io: LibraryIo;
  /** Display names: `['UserRepository.findById', 'prisma.user.findUnique']`. */
  readonly path: readonly string[];
  /** The library call itself, possibly in another file. */
  readonly libraryCall: ts.Node;
  /** In a summary: a condition on the summarised function's parameter that the I/O needs (see conditions.ts). */
  readonly onlyIf?: TraceCondition;
  /** In a summary: the I/O sits in a branch of the summarised code (`if`, `?:`, `&&`, `??`, a `case`): a call may do none of it. */
  readonly inBranch?: true;
}

/** What a project function does when called: at most one trace per kind and operation. */
export interface FunctionSummary {
  readonly traces: readonly IoTrace[];
  /** It waits on a timer (a `sleep` helper): loops calling it are paced on purpose. */
  readonly sleeps: boolean;
}

/** An expression in the analysed code that performs I/O, directly or through project functions. */
export interface IoSite {
  readonly node: ts.Expression;
  /** The call as written, shortened for messages: `prisma.user.findUnique`, `repo.findById`. */
  readonly label: string;
  readonly traces: readonly IoTrace[];
  /** `write` if any path writes. */
  readonly operation: IoOperation;
  /** The project function called, when the I/O is indirect. */
  readonly through?: ts.SignatureDeclaration;
}

export type FunctionLike = ts.FunctionDeclaration | ts.MethodDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.GetAccessorDeclaration | ts.ConstructorDeclaration;

const EMPTY_SUMMARY: FunctionSummary = { traces: [], sleeps: false };
const ITERATION_METHODS = new Set(['map', 'flatMap', 'forEach', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex']);
const ITERABLE_CONTAINERS = new Set(['Array', 'ReadonlyArray', 'Set', 'ReadonlySet', 'Map', 'ReadonlyMap']);

/**
 * Finds I/O in a program: library calls (via the I/O model) and calls of project functions whose
 * summary says they do I/O. Summaries are computed on demand across files, memoised for the
 * lifetime of the program, and safe on recursion (a cycle contributes nothing while in progress).
 */
export class IoIndex {
  readonly classifier: IoClassifier;
  readonly checker: ts.TypeChecker;
  private readonly memoized: MemoizedCallbacks;
  /** Per project function: whether it runs the callback at a position inside a transaction. */
  private readonly transactionWrappers = new Map<ts.Node, Map<number, boolean>>();
  /** Code that runs only when the process starts or stops. */
  readonly startup: StartupCode;
  /** Code that runs once per request. */
  readonly requestPath: RequestPath;
  // Maps, not WeakMaps, here and in the classifier: the index lives only as long as its program,
  // and weak entries cost the garbage collector more (~3% of a cold run).
  private readonly sites = new Map<ts.Node, IoSite | null>();
  private readonly summaries = new Map<ts.Node, FunctionSummary>();
  /** What each finished summary was computed from (see `SummaryInputs`). */
  private readonly summaryInputs = new Map<ts.Node, SummaryInputs>();
  /** The project function each call or reference resolved to, whether or not it does I/O: a summary depends on it. */
  private readonly targets = new Map<ts.Node, FunctionLike>();
  /** Calls resolved through the project's class hierarchy (an interface's one implementation): any class may change them. */
  private readonly dispatchedCalls = new Set<ts.Node>();
  /** This program's imports, once a previous program's summaries were carried over (the next program reuses it). */
  private imports: ImportGraph | undefined;
  /** Functions whose body is being walked for their summary, outermost first. */
  private readonly computing: FunctionLike[] = [];
  /**
   * Summaries begun but not final: a function in a call cycle is final only when the cycle's first
   * function is (Tarjan's strongly connected components, found as the summaries recurse).
   */
  private readonly unfinished = new Map<FunctionLike, UnfinishedSummary>();
  private readonly unfinishedOrder: FunctionLike[] = [];
  private discovered = 0;
  private implementersBySymbol: Map<ts.Symbol, ts.ClassDeclaration[]> | undefined;
  private callerFiles: readonly ts.SourceFile[] | undefined;
  private readonly calls = new Map<ts.Node, readonly ts.CallExpression[] | null>();
  /** Counts answers given from an unfinished cycle: a site computed while it moved is not memoised. */
  private incompleteAnswers = 0;

  /**
   * `productionFiles`: the files whose calls count as callers (tests and scripts call anything, in
   * any order). `previous`: the index of the program this one replaces (an editor's last keystroke),
   * whose summaries the edit cannot reach are kept.
   */
  constructor(
    readonly program: ts.Program,
    private readonly productionFiles: () => readonly ts.SourceFile[] = () => program.getSourceFiles().filter((file) => !file.isDeclarationFile && !program.isSourceFileFromExternalLibrary(file)),
    previous?: IoIndex,
  ) {
    this.classifier = new IoClassifier(program);
    this.checker = program.getTypeChecker();
    this.memoized = new MemoizedCallbacks(this.checker, this.classifier, (call) => this.projectFunctionOf(call));
    this.startup = new StartupCode(this, productionFiles);
    this.requestPath = new RequestPath(this, productionFiles);
    if (previous) this.carryOver(previous);
  }

  private carryOver(previous: IoIndex): void {
    const change = programChange(previous.program, this.program, previous.imports);
    if (!change) return;
    this.imports = change.imports;
    for (const [fn, summary] of previous.summaries) {
      const inputs = previous.summaryInputs.get(fn)!;
      if ((inputs.dispatches && change.hierarchyChanged) || inputs.files.some((file) => change.affected.has(file))) continue;
      this.summaries.set(fn, summary);
      this.summaryInputs.set(fn, inputs);
    }
  }

  /** The I/O performed at this node, if it is a call, an executed builder or an iteration callback reference. */
  siteOf(node: ts.Node): IoSite | undefined {
    // Every node of every file is asked: answer the ones that cannot be sites without a memo entry.
    if (!mayBeSite(node)) return undefined;
    let site = this.sites.get(node);
    if (site === undefined) {
      const before = this.incompleteAnswers;
      site = this.computeSite(node) ?? null;
      if (this.incompleteAnswers === before) this.sites.set(node, site);
    }
    return site ?? undefined;
  }

  private computeSite(node: ts.Node): IoSite | undefined {
    if (ts.isCallExpression(node) || ts.isTaggedTemplateExpression(node)) {
      const site = this.callSite(node);
      if (site || !isExecutedPosition(node)) return site;
    } else if (!ts.isExpression(node) || !isExecutedPosition(node)) {
      return ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) ? this.referenceSite(node) : undefined;
    }
    if (isMadeHere(node) || this.chainsLibraryIo(node)) return undefined;
    const io = this.classifier.classifyAwaitable(node);
    if (!io) return undefined;
    const label = calleeLabel(node);
    return { node, label, traces: [{ io, path: [label], libraryCall: node }], operation: io.operation };
  }

  /**
   * `Model.findById(id).lean()`: a library call inside the chain is the I/O, and its site is the
   * finding. Typing the whole chain to classify the awaited value would find nothing new, and it is
   * the costliest typing there is (Mongoose's query types: seconds on the first model).
   */
  private chainsLibraryIo(node: ts.Expression): boolean {
    for (let current = node; ts.isCallExpression(current) || ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isNonNullExpression(current); ) {
      current = current.expression;
      const site = ts.isCallExpression(current) ? this.siteOf(current) : undefined;
      if (site && !site.through) return true;
    }
    return false;
  }

  private callSite(call: ts.CallExpression | ts.TaggedTemplateExpression): IoSite | undefined {
    if (!this.classifier.mayMatter(call)) return undefined;
    const label = calleeLabel(ts.isCallExpression(call) ? call.expression : call.tag);
    const io = this.classifier.classifyCall(call);
    if (io) return { node: call, label, traces: [{ io, path: [label], libraryCall: call }], operation: io.operation };
    const target = this.projectFunctionOf(call);
    if (!target) return undefined;
    return this.siteThrough(call, label, target);
  }

  /** `ids.map(loadUser)`: a function passed to an array iteration method runs once per element. */
  private referenceSite(node: ts.Identifier | ts.PropertyAccessExpression): IoSite | undefined {
    const call = node.parent;
    if (!ts.isCallExpression(call) || call.arguments[0] !== node || !isIterationMethodName(call)) return undefined;
    // What is passed first (cheap), whether the receiver is a collection last: typing it is the expensive part.
    const declaration = this.functionDeclarationOf(node);
    if (!declaration) return undefined;
    const label = calleeLabel(node);
    let site: IoSite | undefined;
    if (isProjectFunction(declaration, this.classifier)) {
      this.targets.set(node, declaration);
      site = this.siteThrough(node, label, declaration);
    } else {
      const io = this.classifier.classifyReference(declaration);
      site = io && { node, label, traces: [{ io, path: [label], libraryCall: node }], operation: io.operation };
    }
    return site && this.isIterationCall(call) ? site : undefined;
  }

  /**
   * A call of a project function does the I/O of its summary whose conditions this call can meet:
   * `toJSON(document)` leaves out what only `toJSON(document, { signedUrls })` does.
   */
  private siteThrough(node: ts.Expression, label: string, target: FunctionLike): IoSite | undefined {
    const traces: IoTrace[] = [];
    for (const trace of this.summaryOf(target).traces) {
      const { onlyIf, ...unconditional } = trace;
      const condition = onlyIf && ts.isCallExpression(node) ? conditionAtCall(onlyIf, node, this.checker) : 'always';
      if (condition === 'never') continue;
      traces.push({ ...unconditional, path: [label, ...trace.path], ...(condition === 'always' ? {} : { onlyIf: condition }) });
    }
    if (traces.length === 0) return undefined;
    return { node, label, traces, operation: operationOf(traces), through: target };
  }

  private functionDeclarationOf(node: ts.Expression): ts.Declaration | undefined {
    const symbol = symbolThroughAliases(node, this.checker);
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (!declaration) return undefined;
    if (ts.isVariableDeclaration(declaration) && declaration.initializer && isFunctionLike(declaration.initializer)) return declaration.initializer;
    return ts.isFunctionLike(declaration) ? declaration : undefined;
  }

  /**
   * The project function (with a body, outside node_modules) a call resolves to. A call through an
   * interface or abstract method with exactly one implementation in the project uses that one.
   */
  projectFunctionOf(call: ts.CallExpression | ts.TaggedTemplateExpression): FunctionLike | undefined {
    const callee = ts.isCallExpression(call) ? call.expression : call.tag;
    if (ts.isPropertyAccessExpression(callee) && !this.classifier.calleeNames().project.has(callee.name.text)) return undefined;
    // A call that can reach neither the model nor the project (told from its symbol) needs no overload resolved.
    if (!this.classifier.mayMatter(call)) return undefined;
    const declaration = this.implementationOf(this.classifier.resolvedDeclaration(call));
    if (!declaration) {
      // Without the library's typings, a method of a project class that extends it (`doc.destroyWithCtx()`), found through the class hierarchy.
      const method = ts.isCallExpression(call) ? this.classifier.untypedProjectMethodOf(call) : undefined;
      this.dispatchedCalls.add(call);
      if (method) this.targets.set(call, method);
      return method;
    }
    if (isFunctionLike(declaration) && isProjectFunction(declaration, this.classifier)) {
      this.targets.set(call, declaration);
      return declaration;
    }
    if ((ts.isMethodSignature(declaration) || ts.isMethodDeclaration(declaration)) && !declaration.getSourceFile().isDeclarationFile) {
      this.dispatchedCalls.add(call);
      const implementation = this.singleImplementationOf(declaration);
      if (implementation) this.targets.set(call, implementation);
      return implementation;
    }
    return undefined;
  }

  /** An overload signature of the project's own function or method stands for the implementation beside it, which has the body. */
  private implementationOf(declaration: ts.Declaration | undefined): ts.Declaration | undefined {
    if (!declaration || !(ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) || declaration.body || !declaration.name || declaration.getSourceFile().isDeclarationFile) return declaration;
    const overloaded = this.checker.getSymbolAtLocation(declaration.name)?.declarations ?? [];
    return overloaded.find((other) => (ts.isFunctionDeclaration(other) || ts.isMethodDeclaration(other)) && other.body !== undefined) ?? declaration;
  }

  private singleImplementationOf(member: ts.MethodSignature | ts.MethodDeclaration): FunctionLike | undefined {
    const owner = member.parent;
    if (!(ts.isInterfaceDeclaration(owner) || ts.isClassDeclaration(owner)) || !owner.name) return undefined;
    const ownerSymbol = this.checker.getSymbolAtLocation(owner.name);
    const classes = ownerSymbol ? this.implementers().get(ownerSymbol) : undefined;
    if (!classes || classes.length !== 1) return undefined;
    const name = member.name.getText();
    const implementation = classes[0]!.members.find((candidate): candidate is ts.MethodDeclaration => ts.isMethodDeclaration(candidate) && candidate.body !== undefined && candidate.name.getText() === name);
    return implementation;
  }

  /** Project classes by the interfaces they implement and the classes they extend, built once per program. */
  private implementers(): Map<ts.Symbol, ts.ClassDeclaration[]> {
    if (this.implementersBySymbol) return this.implementersBySymbol;
    const index = new Map<ts.Symbol, ts.ClassDeclaration[]>();
    for (const sourceFile of this.program.getSourceFiles()) {
      if (sourceFile.isDeclarationFile || this.program.isSourceFileFromExternalLibrary(sourceFile)) continue;
      for (const statement of sourceFile.statements) {
        if (!ts.isClassDeclaration(statement)) continue;
        for (const type of statement.heritageClauses?.flatMap((clause) => clause.types) ?? []) {
          const symbol = symbolThroughAliases(type.expression, this.checker);
          if (symbol) index.set(symbol, [...(index.get(symbol) ?? []), statement]);
        }
      }
    }
    this.implementersBySymbol = index;
    return index;
  }

  /**
   * A function written as an argument or invoked on the spot runs as part of its parent — unless a
   * get-or-compute helper keeps its result under a constant key: then it runs once per cache.
   */
  runsWithCaller(fn: FunctionLike): boolean {
    return isInvokedCallback(fn) && !this.memoized.isMemoizedOnce(fn);
  }

  /** True for `xs.map(cb)`, `xs.forEach(cb)`… resolved to the standard library's collections. */
  isIterationCall(call: ts.CallExpression): boolean {
    if (!isIterationMethodName(call)) return false;
    const declaration = this.classifier.resolvedDeclaration(call);
    // Without the library's typings: an array the import origins say a library call returned (`Model.findAll()`).
    if (!declaration) return this.classifier.isUntypedArray((call.expression as ts.PropertyAccessExpression).expression);
    const origin = this.classifier.origins.originOf(declaration);
    return origin !== undefined && origin.module === 'global' && ITERABLE_CONTAINERS.has(origin.path[0] ?? '');
  }

  /**
   * What calling `fn` does, through everything it calls. Each body is walked once: a call back into
   * a function still being summarised (recursion, or any cycle of calls) answers what that one has
   * found so far, and when the cycle's first function is done, every function of the cycle gets the
   * union (each reaches all the others). Answers given from an unfinished cycle are counted so that
   * sites computed from them are not memoised.
   */
  summaryOf(fn: FunctionLike): FunctionSummary {
    const known = this.summaries.get(fn);
    if (known) return known;
    const body = fn.body;
    if (!body) return EMPTY_SUMMARY;
    const caller = this.computing[this.computing.length - 1];
    const open = this.unfinished.get(fn);
    if (open) {
      if (caller) this.lowerLink(caller, open.index);
      this.incompleteAnswers += 1;
      return summaryOfTraces(open.traces, open.sleeps);
    }
    const entry: UnfinishedSummary = { index: this.discovered, low: this.discovered, traces: [], sleeps: false, files: new Set([fn.getSourceFile().fileName]), dispatches: false };
    this.discovered += 1;
    this.unfinished.set(fn, entry);
    this.unfinishedOrder.push(fn);
    this.computing.push(fn);
    walkTree(body, (node) => {
      if (holdsNoIo(node) || (node !== body && isFunctionLike(node) && !this.runsWithCaller(node))) return false;
      const site = this.siteOf(node);
      if (site) {
        const guard = guardOf(node, fn, this.checker);
        const branched = isInBranch(node, body);
        for (const trace of site.traces) {
          const { onlyIf, ...unconditional } = trace;
          // A condition on this function's parameter, here or carried up from the callee's.
          const condition = guard ?? (onlyIf?.fn === fn ? onlyIf : undefined);
          addTrace(entry.traces, { ...unconditional, ...(condition ? { onlyIf: condition } : {}), ...(branched ? { inBranch: true as const } : {}) });
        }
      }
      if (ts.isCallExpression(node) && !entry.sleeps) entry.sleeps = this.sleepsAt(node);
      this.noteInputs(entry, node);
      return true;
    });
    this.computing.pop();
    if (caller) this.lowerLink(caller, entry.low);
    if (entry.low !== entry.index) {
      // In a cycle whose first function is still being summarised: that one finishes this one.
      this.incompleteAnswers += 1;
      return summaryOfTraces(entry.traces, entry.sleeps);
    }
    const members = this.unfinishedOrder.splice(this.unfinishedOrder.indexOf(fn));
    const entries = members.map((member) => this.unfinished.get(member)!);
    const shared = entries.flatMap((member) => member.traces);
    const sleeps = entries.some((member) => member.sleeps);
    // Each member reaches all the others: what any was computed from, all were.
    const inputs: SummaryInputs = { files: [...new Set(entries.flatMap((member) => [...member.files]))], dispatches: entries.some((member) => member.dispatches) };
    for (const [index, member] of members.entries()) {
      this.summaryInputs.set(member, inputs);
      const traces = [...entries[index]!.traces];
      // Another member's conditions are on its own parameters, not this one's.
      for (const { onlyIf, ...trace } of shared) addTrace(traces, onlyIf?.fn === member ? { ...trace, onlyIf } : trace);
      this.summaries.set(member, summaryOfTraces(traces, sleeps));
      this.unfinished.delete(member);
    }
    return this.summaries.get(fn)!;
  }

  /** What a node in a body being summarised makes the summary depend on: the summary of the project function it calls, the class hierarchy. */
  private noteInputs(entry: UnfinishedSummary, node: ts.Node): void {
    if (this.dispatchedCalls.has(node)) entry.dispatches = true;
    const target = this.targets.get(node);
    if (!target) return;
    const inputs = this.summaryInputs.get(target);
    // No inputs yet: the target is in this summary's own unfinished cycle, whose members share theirs when it finishes.
    if (!inputs) {
      entry.files.add(target.getSourceFile().fileName);
      return;
    }
    for (const file of inputs.files) entry.files.add(file);
    if (inputs.dispatches) entry.dispatches = true;
  }

  private lowerLink(fn: FunctionLike, index: number): void {
    const entry = this.unfinished.get(fn)!;
    entry.low = Math.min(entry.low, index);
  }

  /**
   * The I/O an awaited expression waits for: the expression itself, or the call it is chained on
   * (`await got(url).json()`, `await Model.find().lean()`, `await (await fetch(url)).json()`).
   */
  awaitedSite(expression: ts.Expression): IoSite | undefined {
    for (let current: ts.Expression | undefined = expression; current; ) {
      const site = this.siteOf(current);
      if (site) return site;
      // `await firstValueFrom(http.get(url))` awaits the request its argument makes.
      if (ts.isCallExpression(current)) current = current.arguments.length && this.classifier.awaitsArgument(current) ? current.arguments[0] : current.expression;
      else if (ts.isPropertyAccessExpression(current) || ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isAwaitExpression(current)) current = current.expression;
      else current = undefined;
    }
    return undefined;
  }

  /**
   * The calls of a named project function in production code, or undefined when it is also
   * referenced otherwise (handed on as a callback, exported to a framework): its callers are then unknown.
   */
  callsOf(fn: ts.FunctionLikeDeclaration): readonly ts.CallExpression[] | undefined {
    let calls = this.calls.get(fn);
    if (calls === undefined) {
      this.callerFiles ??= this.productionFiles();
      const found: ts.CallExpression[] = [];
      for (const reference of referencesTo(fn, this.callerFiles, this.checker)) {
        // An import or a re-export names the function without using it.
        if (ts.isImportSpecifier(reference.parent) || ts.isExportSpecifier(reference.parent) || ts.isImportClause(reference.parent)) continue;
        const call = callOfReference(reference);
        if (!call) {
          calls = null;
          break;
        }
        found.push(call);
      }
      if (calls === undefined) calls = found;
      this.calls.set(fn, calls);
    }
    return calls ?? undefined;
  }

  /** The enclosing callback that runs inside a database transaction (`prisma.$transaction(async (tx) => …)`), if any. */
  transactionCallbackOf(node: ts.Node): FunctionLike | undefined {
    for (let current = node.parent; current; current = current.parent) {
      if (!isFunctionLike(current)) continue;
      let argument: ts.Node = current;
      while (ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
      const call = argument.parent;
      if (!ts.isCallExpression(call)) continue;
      const position = call.arguments.indexOf(argument as ts.Expression);
      if (position >= 0 && (this.classifier.isTransactionCall(call) || this.runsCallbackInTransaction(call, position))) return current;
    }
    return undefined;
  }

  /**
   * A project function that runs the callback it is given inside a library's transaction
   * (`db.$tx(async () => …)` calling `$transaction(async (tx) => fn(tx))`), through at most a few
   * such wrappers.
   */
  private runsCallbackInTransaction(call: ts.CallExpression, position: number): boolean {
    const wrapper = this.projectFunctionOf(call);
    const parameter = wrapper?.parameters[position];
    if (!wrapper?.body || !parameter || !ts.isIdentifier(parameter.name)) return false;
    let known = this.transactionWrappers.get(wrapper);
    if (!known) this.transactionWrappers.set(wrapper, (known = new Map()));
    if (known.has(position)) return known.get(position)!;
    // Assumed not while being decided: a wrapper calling itself proves nothing.
    known.set(position, false);
    const callback = this.checker.getSymbolAtLocation(parameter.name);
    const runs = findInTree(wrapper.body, (node) => ts.isCallExpression(node) && ts.isIdentifier(node.expression) && this.checker.getSymbolAtLocation(node.expression) === callback && this.transactionCallbackOf(node) !== undefined) !== undefined;
    known.set(position, runs);
    return runs;
  }

  /** True when this call waits on a timer, directly or through a project helper. */
  sleepsAt(call: ts.CallExpression): boolean {
    if (this.classifier.isSleepCall(call)) return true;
    const target = this.projectFunctionOf(call);
    return target !== undefined && this.summaryOf(target).sleeps;
  }
}

interface UnfinishedSummary {
  /** Order of discovery, and the earliest discovered function this one's calls lead back to. */
  readonly index: number;
  low: number;
  readonly traces: IoTrace[];
  sleeps: boolean;
  readonly files: Set<string>;
  dispatches: boolean;
}

/**
 * What a summary was computed from: the files of the function and of every project function it
 * reaches (whose declarations, and the types those files import, decided each call), and whether
 * a call was resolved through the class hierarchy. A summary whose inputs an edit does not reach
 * is the same in the next program (see carry-over.ts).
 */
interface SummaryInputs {
  readonly files: readonly string[];
  readonly dispatches: boolean;
}

/** One trace per kind and operation. */
function traceKey(trace: IoTrace): string {
  return `${trace.io.kind}:${trace.io.operation}`;
}

/**
 * Adds a trace to a summary's, one per kind and operation: an unconditional one replaces a
 * conditional one, and two different conditions (either may hold) make it unconditional.
 */
function addTrace(traces: IoTrace[], trace: IoTrace): void {
  const index = traces.findIndex((existing) => traceKey(existing) === traceKey(trace));
  if (index < 0) {
    traces.push(trace);
    return;
  }
  const existing = traces[index]!;
  let merged = existing;
  if (existing.onlyIf && !sameCondition(existing.onlyIf, trace.onlyIf)) {
    const { onlyIf: _dropped, ...unconditional } = trace.onlyIf ? existing : trace;
    merged = unconditional;
  }
  // On a path outside every branch if either is.
  if (merged.inBranch && !(existing.inBranch && trace.inBranch)) {
    const { inBranch: _branch, ...onEveryPath } = merged;
    merged = onEveryPath;
  }
  traces[index] = merged;
}

/** Whether `node` runs only on some paths through `body`: in a branch of an `if`, `?:`, `switch` or `catch`, or the right of `&&`, `||`, `??`. */
function isInBranch(node: ts.Node, body: ts.Node): boolean {
  for (let current = node; current.parent && current !== body; current = current.parent) {
    const parent = current.parent;
    if (ts.isIfStatement(parent) && parent.expression !== current) return true;
    if (ts.isConditionalExpression(parent) && parent.condition !== current) return true;
    if (ts.isCaseOrDefaultClause(parent) || ts.isCatchClause(parent)) return true;
    if (ts.isBinaryExpression(parent) && parent.right === current && SHORT_CIRCUITS.has(parent.operatorToken.kind)) return true;
  }
  return false;
}
const SHORT_CIRCUITS = new Set([ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken]);

function sameCondition(a: TraceCondition, b: TraceCondition | undefined): boolean {
  return b !== undefined && a.fn === b.fn && a.parameter === b.parameter && a.property === b.property && a.test === b.test;
}

function summaryOfTraces(traces: readonly IoTrace[], sleeps: boolean): FunctionSummary {
  return traces.length === 0 && !sleeps ? EMPTY_SUMMARY : { traces: [...traces], sleeps };
}

/** `….map(…)`, `….forEach(…)`: the name of an array iteration method, whatever the receiver. */
function isIterationMethodName(call: ts.CallExpression): boolean {
  return ts.isPropertyAccessExpression(call.expression) && ITERATION_METHODS.has(call.expression.name.text);
}

export function operationOf(traces: readonly IoTrace[]): IoOperation {
  return traces.some((trace) => trace.io.operation === 'write') ? 'write' : 'read';
}

/** The traces of a site limited to the kinds a rule looks at. */
export function tracesOfKinds(site: IoSite, kinds: ReadonlySet<IoKind>): IoTrace[] {
  return site.traces.filter((trace) => kinds.has(trace.io.kind));
}

const NAMES = new Set([ts.SyntaxKind.Identifier, ts.SyntaxKind.PrivateIdentifier, ts.SyntaxKind.ThisKeyword, ts.SyntaxKind.SuperKeyword]);
const HOLDS_NO_IO = kindFlags(
  (function* () {
    for (let kind = 0; kind < ts.SyntaxKind.FirstNode; kind++) if (!NAMES.has(kind)) yield kind;
    for (let kind = ts.SyntaxKind.FirstTypeNode; kind <= ts.SyntaxKind.LastTypeNode; kind++) yield kind;
    yield ts.SyntaxKind.InterfaceDeclaration;
    yield ts.SyntaxKind.TypeAliasDeclaration;
  })(),
);

/**
 * Types (annotations, interfaces, aliases: code that never runs) and tokens other than names
 * (keywords, literals, operators): nothing in them does I/O or is a site, so walks skip them.
 */
export function holdsNoIo(node: ts.Node): boolean {
  return HOLDS_NO_IO[node.kind] === true;
}

export function isFunctionLike(node: ts.Node): node is FunctionLike {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isConstructorDeclaration(node)
  );
}

function isProjectFunction(declaration: ts.Node, classifier: IoClassifier): declaration is FunctionLike {
  if (!isFunctionLike(declaration) || !declaration.body) return false;
  const sourceFile = declaration.getSourceFile();
  return !sourceFile.isDeclarationFile && classifier.origins.moduleOf(declaration) === undefined;
}

/** A function written as an argument (a callback) or invoked on the spot runs as part of its parent. */
export function isInvokedCallback(fn: ts.Node): boolean {
  let node = fn;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  return (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && (parent.arguments?.includes(node as ts.Expression) === true || parent.expression === node);
}

/** Calls, executed builders and first arguments of calls (an iteration callback passed by reference). */
function mayBeSite(node: ts.Node): boolean {
  if (ts.isCallExpression(node) || ts.isTaggedTemplateExpression(node)) return true;
  const parent = node.parent;
  if (!parent) return false;
  if ((ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) && ts.isCallExpression(parent) && parent.arguments[0] === node) return true;
  // The parent's kind first: most nodes are in no executed position, and isExpression is the dearer test.
  return isExecutedPosition(node) && ts.isExpression(node);
}

/** Expressions that make their value on the spot (literals, functions, arithmetic), never a library's builder. */
const MADE_HERE_KINDS = new Set([
  ts.SyntaxKind.ArrayLiteralExpression,
  ts.SyntaxKind.ObjectLiteralExpression,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateExpression,
  ts.SyntaxKind.TrueKeyword,
  ts.SyntaxKind.FalseKeyword,
  ts.SyntaxKind.NullKeyword,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ClassExpression,
  ts.SyntaxKind.PrefixUnaryExpression,
  ts.SyntaxKind.PostfixUnaryExpression,
  ts.SyntaxKind.TypeOfExpression,
  ts.SyntaxKind.VoidExpression,
  ts.SyntaxKind.DeleteExpression,
  ts.SyntaxKind.JsxElement,
  ts.SyntaxKind.JsxSelfClosingElement,
  ts.SyntaxKind.JsxFragment,
]);
/** Binary operators whose result may be one of the operands (a builder among them). */
const OPERAND_OPERATORS = new Set([
  ts.SyntaxKind.QuestionQuestionToken,
  ts.SyntaxKind.BarBarToken,
  ts.SyntaxKind.AmpersandAmpersandToken,
  ts.SyntaxKind.CommaToken,
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
]);

/**
 * True for a value no library made, so its type is never asked for: typing a literal that a callback
 * returns (`rows.map((row) => [row.id, row])`) types the call the callback is passed to, and the
 * call around that (1% of the checker's types on the fixture project).
 */
function isMadeHere(node: ts.Expression): boolean {
  return MADE_HERE_KINDS.has(node.kind) || (ts.isBinaryExpression(node) && !OPERAND_OPERATORS.has(node.operatorToken.kind));
}

/** Positions where a value is awaited or handed to a caller that awaits it. */
function isExecutedPosition(node: ts.Node): boolean {
  const parent = node.parent;
  if (ts.isAwaitExpression(parent) || ts.isReturnStatement(parent)) return true;
  return ts.isArrowFunction(parent) && parent.body === node;
}

/** `prisma.user.findUnique`, `knex(…).where(…)`, `this.repo.findById`: the callee without arguments. */
export function calleeLabel(node: ts.Node): string {
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) return node.text;
  if (node.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(node)) return `${calleeLabel(node.expression)}.${node.name.text}`;
  if (ts.isElementAccessExpression(node)) return `${calleeLabel(node.expression)}[…]`;
  if (ts.isCallExpression(node)) return `${calleeLabel(node.expression)}(…)`;
  if (ts.isTaggedTemplateExpression(node)) return `${calleeLabel(node.tag)}\`…\``;
  if (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node) || ts.isAwaitExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node)) return calleeLabel(node.expression);
  return node.getText().replace(/\s+/g, ' ').slice(0, 40);
}
