import ts from 'typescript';
import { isBatchable, LIMITERS, type IoKind } from '../../core/io-model';
import { isFunctionLike, isInvokedCallback, tracesOfKinds, type IoIndex, type IoSite, type IoTrace } from '../../core/io-sites';
import { callbackIteration, callTaking, enclosingIterations, isArrayPush, skipTypeWrappers, walksBatches, type Iteration } from '../../core/iteration';
import { defineRule, KINDS_OPTION, kindsOption, optionValidators } from '../../core/rule';
import { describeTrace, shortText } from '../messages';
import { isBoundedInCode, isLengthCheckedBefore, originOfCall } from './bounds';
import { buildBoundedFanOutFix } from './fix';
import { walkTree } from '../../core/walk';

/** `Promise.all` and its siblings start every promise they are given at once; `forEach` starts every callback without waiting. */
export type FanOutStart = 'all' | 'allSettled' | 'any' | 'race' | 'forEach';

const COMBINATORS: readonly FanOutStart[] = ['all', 'allSettled', 'any', 'race'];

export interface UnboundedConcurrencyState {
  readonly start: FanOutStart;
  /** The `Promise.all(…)` or `items.forEach(…)` call reported. */
  readonly call: ts.CallExpression;
  /** The `items.map(cb)` written directly as the argument of `Promise.all`, when it is; the fix rewrites it. */
  readonly mapCall: ts.CallExpression | undefined;
  /** The I/O call each element starts, as written. */
  readonly label: string;
  readonly trace: IoTrace;
  /** The collection fanned out, as written. */
  readonly collection: string | undefined;
  /** The `concurrency` option: the bound the message and the fix propose. */
  readonly concurrency: number;
  /** The project's root folder, where the fix looks for its `package.json`. */
  readonly projectRoot: string;
}

interface FanOut {
  readonly iteration: Iteration;
  readonly site: IoSite;
  readonly trace: IoTrace;
  readonly mapCall?: ts.CallExpression;
}

/**
 * I/O started for every element of a collection at once (`Promise.all(items.map(…))`, promises
 * pushed in a loop and awaited together, `items.forEach(async …)`) when nothing in the code
 * bounds the collection or the number in flight. Batchable I/O fanned out is n-plus-one's finding.
 */
export const unboundedConcurrency = defineRule<UnboundedConcurrencyState>({
  meta: {
    id: 'unbounded-concurrency',
    summary: 'I/O is started for every element of a collection at once, with no bound on how many are in flight.',
    defaultSeverity: 'warning',
    serverOnly: true,
    fixable: 'unsafe',
    options: {
      kinds: KINDS_OPTION,
      concurrency: {
        default: 8,
        description: 'How many calls the message and the fix allow in flight at once.',
        validate: optionValidators.positiveInteger,
      },
    },
  },

  create(context) {
    const finder = new FanOutFinder(context.io, kindsOption(context.options));
    const concurrency = context.options['concurrency'] as number;
    return {
      nodes: {
        [ts.SyntaxKind.CallExpression]: (node) => {
          const call = node as ts.CallExpression;
          // Whether I/O is fanned out is cheap to see; whether the callee really is `Promise.all` or an array's `forEach` needs types: last.
          const start = fanOutCandidate(call);
          const fanOut = start && finder.at(call, start);
          if (!start || !fanOut || !startsFanOut(call, start, context.io) || context.io.startup.contains(call)) return;
          const { iteration, site } = fanOut;
          const { label, trace } = namedCall(site, fanOut.trace);
          const collection = iteration.collection && shortText(iteration.collection);
          context.report({
            node: call,
            state: { start, call, mapCall: fanOut.mapCall, label, trace, collection, concurrency, projectRoot: context.config.root },
            related: [
              { node: iteration.header, message: collection ? `one call per element of \`${collection}\`` : 'one call per iteration' },
              ...(site.through ? [{ node: trace.libraryCall, message: `the ${trace.io.library} call each element makes` }] : []),
            ],
          });
        },
      },
    };
  },

  describe({ start, call, label, trace, collection, concurrency }) {
    const per = collection ? `for every element of \`${collection}\`` : 'for every element';
    const how = start === 'forEach' ? `at once, unawaited (\`${shortText(call.expression)}\` ignores the promises)` : `at once (\`Promise.${start}\`)`;
    return `${describeTrace(label, trace)} ${per} ${how}, unbounded: use p-map \`{ concurrency: ${concurrency} }\` or chunks of ${concurrency}.`;
  },

  fix(state, context) {
    return buildBoundedFanOutFix(state, context);
  },
});

/** `….forEach(…)` or `….all(…)` and its siblings, by name only. */
function fanOutCandidate(call: ts.CallExpression): FanOutStart | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  return callee.name.text === 'forEach' ? 'forEach' : COMBINATORS.find((combinator) => combinator === callee.name.text);
}

/** The candidate resolved: an array's `forEach`, or `Promise.<combinator>` of the default library's `PromiseConstructor`. */
function startsFanOut(call: ts.CallExpression, start: FanOutStart, io: IoIndex): boolean {
  if (start === 'forEach') return io.isIterationCall(call);
  const declaration = io.classifier.resolvedDeclaration(call);
  if (!declaration || !io.program.isSourceFileDefaultLibrary(declaration.getSourceFile())) return false;
  const [container, member] = io.classifier.origins.originOf(declaration)?.path ?? [];
  return container === 'PromiseConstructor' && member === start;
}

/** `(async () => { await send(x); })()` is named in messages by what it calls, not by its text. */
function namedCall(site: IoSite, trace: IoTrace): { label: string; trace: IoTrace } {
  const immediatelyInvoked = ts.isCallExpression(site.node) && site.through !== undefined && skipTypeWrappers(site.node.expression) === site.through;
  const [, next, ...rest] = trace.path;
  return immediatelyInvoked && next !== undefined ? { label: next, trace: { ...trace, path: [next, ...rest] } } : { label: site.label, trace };
}

function isMapName(call: ts.CallExpression): boolean {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && (callee.name.text === 'map' || callee.name.text === 'flatMap');
}

/** Finds fan-outs of unbounded I/O; remembers, per project function, whether calling it starts any. */
class FanOutFinder {
  private readonly helpers = new Map<ts.SignatureDeclaration, boolean>();

  constructor(
    private readonly io: IoIndex,
    private readonly kinds: ReadonlySet<IoKind>,
  ) {}

  at(call: ts.CallExpression, start: FanOutStart): FanOut | undefined {
    // A `forEach` that pushes its promises into an array is reported where the array is awaited.
    if (start === 'forEach') return this.ofCallback(call.arguments[0], { skipPushed: true });
    const fanOut = this.ofPromises(call.arguments[0]);
    return fanOut && !this.startsOneBatch(call, fanOut.iteration) ? fanOut : undefined;
  }

  /**
   * `for (const part of chunk(urls, 10)) await Promise.all(part.map(send))`: the fan-out is as large
   * as the loop's collection was cut. Batches collected and started together
   * (`pending.push(Promise.all(…))`) are the fan-out of the array they are pushed into.
   */
  private startsOneBatch(call: ts.CallExpression, iteration: Iteration): boolean {
    const collection = iteration.collection && skipTypeWrappers(iteration.collection);
    const symbol = collection && ts.isIdentifier(collection) ? this.io.checker.getSymbolAtLocation(collection) : undefined;
    if (!symbol) return false;
    // The innermost iteration around the call: nothing between them repeats it.
    const loop = enclosingIterations(call, this.io)[0];
    return loop !== undefined && loop.elements.includes(symbol) && walksBatches(loop, this.io.checker);
  }

  /** The fan-out behind the promises handed to `Promise.all`: `items.map(cb)` inline, through a variable, or pushed in a loop. */
  private ofPromises(argument: ts.Expression | undefined): FanOut | undefined {
    if (!argument) return undefined;
    const node = skipTypeWrappers(argument);
    if (ts.isCallExpression(node) && isMapName(node)) {
      const fanOut = this.ofCallback(node.arguments[0]);
      return fanOut && this.io.isIterationCall(node) ? { ...fanOut, mapCall: node } : undefined;
    }
    if (ts.isArrayLiteralExpression(node)) {
      for (const element of node.elements) {
        const fanOut = ts.isSpreadElement(element) ? this.ofPromises(element.expression) : undefined;
        if (fanOut) return { ...fanOut, mapCall: undefined };
      }
      return undefined;
    }
    if (!ts.isIdentifier(node)) return undefined;
    const declaration = this.io.checker.getSymbolAtLocation(node)?.valueDeclaration;
    if (!declaration || !ts.isVariableDeclaration(declaration)) return undefined;
    const initializer = declaration.initializer && skipTypeWrappers(declaration.initializer);
    if (initializer && ts.isCallExpression(initializer) && isMapName(initializer) && this.io.isIterationCall(initializer)) return this.ofCallback(initializer.arguments[0]);
    return this.ofPushes(declaration);
  }

  /** The callback of `items.map(cb)` / `items.forEach(cb)` starts unbounded I/O once per element. */
  private ofCallback(callback: ts.Expression | undefined, options: { skipPushed?: boolean } = {}): FanOut | undefined {
    if (!callback) return undefined;
    // The I/O first: its sites are known from the rules' walk, while telling a collection's `map` from any other needs the receiver typed.
    const found = this.unboundedIoIn(callback, options.skipPushed ?? false);
    const iteration = found && callbackIteration(callback, this.io);
    return iteration && this.walksUnboundedCollection(iteration) ? { iteration, ...found } : undefined;
  }

  /** `const pending = []; for (const x of xs) pending.push(send(x)); await Promise.all(pending);` */
  private ofPushes(declaration: ts.VariableDeclaration): FanOut | undefined {
    const symbol = this.io.checker.getSymbolAtLocation(declaration.name);
    const scope = ts.findAncestor(declaration.parent, (node) => isFunctionLike(node) || ts.isSourceFile(node));
    if (!symbol || !scope) return undefined;
    let fanOut: FanOut | undefined;
    walkTree(scope, (node) => {
      if (fanOut) return false;
      if (ts.isCallExpression(node) && this.isPushOnto(node, symbol)) {
        const found = node.arguments.map((argument) => this.unboundedIoIn(argument, false)).find((candidate) => candidate !== undefined);
        // Only a loop that started after the array was created pushes into the same array each time.
        const iteration = found && enclosingIterations(node, this.io).find((candidate) => !contains(candidate.node, declaration) && this.walksUnboundedCollection(candidate));
        if (found && iteration) fanOut = { iteration, ...found };
      }
      return true;
    });
    return fanOut;
  }

  private isPushOnto(call: ts.CallExpression, symbol: ts.Symbol): boolean {
    const callee = call.expression;
    return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && this.io.checker.getSymbolAtLocation(callee.expression) === symbol && isArrayPush(call, this.io);
  }

  private walksUnboundedCollection(iteration: Iteration): boolean {
    const collection = iteration.collection;
    return iteration.walksCollection && !(collection && (isBoundedInCode(collection, this.io) || isLengthCheckedBefore(collection, this.io.checker)));
  }

  /**
   * The first I/O in `root` (a callback, a pushed expression, a function body) that runs without a
   * bound: not batchable (that fan-out is n-plus-one's), not in a function handed to a limiter, and
   * for a project function, one whose own code starts such I/O.
   */
  private unboundedIoIn(root: ts.Node, skipPushed: boolean): { site: IoSite; trace: IoTrace } | undefined {
    let found: { site: IoSite; trace: IoTrace } | undefined;
    const visit = (start: ts.Node): void =>
      walkTree(start, (node) => {
        if (found) return false;
        // A closure created here runs when someone calls it; a function handed to a limiter runs bounded.
        if (node !== root && isFunctionLike(node) && (!isInvokedCallback(node) || this.isLimitedFunction(node))) return false;
        // A promise pushed into an array is reported where the array is awaited; `statuses.push(await …)` is not a promise.
        if (skipPushed && ts.isCallExpression(node) && isArrayPush(node, this.io)) {
          for (const argument of node.arguments) if (!this.io.checker.getTypeAtLocation(argument).getProperty('then')) visit(argument);
          return false;
        }
        const site = this.io.siteOf(node);
        const trace = site && this.unboundedTrace(site);
        if (site && trace) {
          found = { site, trace };
          return false;
        }
        return true;
      });
    visit(root);
    return found;
  }

  private unboundedTrace(site: IoSite): IoTrace | undefined {
    const traces = tracesOfKinds(site, this.kinds);
    // The same choice of trace as n-plus-one's, so each fanned-out call belongs to exactly one of the two rules.
    if (!traces[0] || isBatchable(traces[0].io)) return undefined;
    if (site.through && !this.startsUnboundedIo(site.through)) return undefined;
    return traces.find((trace) => !isBatchable(trace.io));
  }

  /** Whether calling a project function starts unbounded I/O (a helper that wraps its call in `limit(…)` does not). */
  private startsUnboundedIo(fn: ts.SignatureDeclaration): boolean {
    let known = this.helpers.get(fn);
    if (known === undefined) {
      // Recursion: a call of the function from inside itself adds nothing new.
      this.helpers.set(fn, false);
      known = isFunctionLike(fn) && fn.body !== undefined && this.unboundedIoIn(fn.body, false) !== undefined;
      this.helpers.set(fn, known);
    }
    return known;
  }

  /** `limit(() => …)`, `queue.add(() => …)`, `pMap(items, fn, { concurrency })`: a function argument of a limiter in `LIMITERS`. */
  private isLimitedFunction(fn: ts.Node): boolean {
    const call = callTaking(fn);
    const origin = call && originOfCall(call, this.io);
    const path = origin?.path.join('.');
    const limiter = origin && LIMITERS.find((entry) => entry.modules.includes(origin.module) && entry.calls.includes(path!));
    if (!call || !limiter) return false;
    const required = limiter.requires;
    return required === undefined || call.arguments.some((option) => ts.isObjectLiteralExpression(option) && option.properties.some((property) => property.name?.getText() === required));
  }
}

function contains(outer: ts.Node, inner: ts.Node): boolean {
  return outer.pos <= inner.pos && inner.end <= outer.end;
}
