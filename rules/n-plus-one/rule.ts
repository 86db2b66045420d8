import ts from 'typescript';
import { derivedSymbols, enclosingScope, mentionsAny, someNode, symbolsAssignedWithin } from '../../core/dataflow';
import { batchFormOf, isBatchable, type IoKind } from '../../core/io-model';
import { isFunctionLike, tracesOfKinds, type IoIndex, type IoSite, type IoTrace } from '../../core/io-sites';
import { enclosingIterations, exitsEarly, forEachCallInBody, startsConcurrently, walksBatches, type Iteration } from '../../core/iteration';
import { defineRule, KINDS_OPTION, kindsOption } from '../../core/rule';
import { describeTrace, shortText } from '../messages';

export interface NPlusOneState {
  /** The call as written in the loop. */
  readonly label: string;
  /** The collection walked, as written. */
  readonly collection: string | undefined;
  /** The library operation reached, and how. */
  readonly trace: IoTrace;
  readonly parallel: boolean;
}

/**
 * An I/O call that runs once per element of a collection, with arguments that depend on the
 * element: N round trips where one batched call would do.
 */
export const nPlusOne = defineRule<NPlusOneState>({
  meta: {
    id: 'n-plus-one',
    summary: 'An I/O call runs once per element of a collection (N+1 queries or requests).',
    defaultSeverity: 'error',
    options: {
      kinds: KINDS_OPTION,
    },
  },

  create(context) {
    const kinds = kindsOption(context.options);
    const derived = new WeakMap<ts.Node, Set<ts.Symbol>>();
    const carried = new WeakMap<ts.Node, Set<ts.Symbol>>();
    const memo = <T>(cache: WeakMap<ts.Node, T>, key: ts.Node, compute: () => T): T => {
      let value = cache.get(key);
      if (value === undefined) {
        value = compute();
        cache.set(key, value);
      }
      return value;
    };
    return {
      ioSite(site) {
        const trace = tracesOfKinds(site, kinds)[0];
        if (!trace) return;
        const iteration = perElementIteration(site, context.io, (it) => memo(derived, it.node, () => derivedSymbols(it.elements, it.body, context.checker)), (it) =>
          memo(carried, it.node, () => {
            const assigned = symbolsAssignedWithin(it.body, context.checker);
            for (const element of it.elements) assigned.delete(element);
            return assigned;
          }),
        );
        if (!iteration) return;
        // A concurrent fan-out of calls that cannot be batched (HTTP, queues) is unbounded-concurrency's
        // finding: bounding it is the fix there, and one problem gets one finding.
        const parallel = startsConcurrently(site.node, iteration, context.io);
        if (parallel && !isBatchable(trace.io)) return;
        context.report({
          node: site.node,
          state: {
            label: site.label,
            collection: iteration.collection && shortText(iteration.collection),
            trace,
            parallel,
          },
          related: [
            { node: iteration.header, message: iteration.collection ? `the loop over \`${shortText(iteration.collection)}\`` : 'the loop' },
            ...(site.through ? [{ node: trace.libraryCall, message: `the ${trace.io.library} call that runs each time` }] : []),
          ],
        });
      },
    };
  },

  describe({ label, collection, trace, parallel }) {
    const per = collection ? `once per element of \`${collection}\`` : 'once per loop iteration';
    const what = describeTrace(label, trace);
    const { noun, milliseconds } = ROUND_TRIP[trace.io.kind];
    const hundred = milliseconds * 100;
    const cost = parallel
      ? `N ${noun} at once instead of 1`
      : `N sequential ${noun} instead of 1 (typically 100 items × ~${milliseconds} ms ≈ ${hundred >= 1000 ? `${hundred / 1000} s` : `${hundred} ms`}, against one round trip batched)`;
    const batchForm = batchFormOf(trace.io);
    const batch = batchForm
      ? `Do it in one call for all elements: ${batchForm}${trace.path.length > 1 ? ` (a batched variant of \`${label}\`)` : ''}.`
      : 'Use a batch endpoint if the API has one, or cache the responses.';
    return `${what} ${per}: ${cost}. ${batch}`;
  },
});

/** Typical latency of one round trip per kind (../shared/COSTS.md), for the cost in messages. */
const ROUND_TRIP: Readonly<Record<IoKind, { noun: string; milliseconds: number }>> = {
  db: { noun: 'queries', milliseconds: 2 },
  http: { noun: 'requests', milliseconds: 100 },
  cache: { noun: 'commands', milliseconds: 0.5 },
  queue: { noun: 'queue calls', milliseconds: 2 },
  fs: { noun: 'file operations', milliseconds: 0.5 },
};

/**
 * The innermost iteration that runs `site` once per element of a collection and feeds it that
 * element, or undefined when the repetition is deliberate or bounded (see the rule's docs).
 */
function perElementIteration(
  site: IoSite,
  io: IoIndex,
  derivedFrom: (iteration: Iteration) => ReadonlySet<ts.Symbol>,
  carriedBy: (iteration: Iteration) => ReadonlySet<ts.Symbol>,
): Iteration | undefined {
  const transaction = io.transactionCallbackOf(site.node);
  const enclosing = ts.findAncestor(site.node, (node) => ts.isCatchClause(node) || isFunctionLike(node));
  const handler = enclosing && ts.isCatchClause(enclosing) ? enclosing : undefined;
  for (const iteration of enclosingIterations(site.node, io)) {
    if (!iteration.walksCollection) continue;
    // A `catch` inside the loop runs once per failure, not once per element.
    if (handler && iteration.node.pos <= handler.pos && handler.end <= iteration.node.end) return undefined;
    if (exitsEarly(iteration) || isPaced(iteration, io) || handedToBatchTransaction(site, iteration, io)) return undefined;
    // Writes inside an interactive transaction are ordered on purpose and share one connection.
    if (transaction && site.operation === 'write' && transaction.pos <= iteration.node.pos && iteration.node.end <= transaction.end) return undefined;
    const passedTheElement = ts.isIdentifier(site.node) || ts.isPropertyAccessExpression(site.node);
    if (!passedTheElement && !mentionsAny(site.node, derivedFrom(iteration), io.checker)) continue;
    // `for (const step of migration) await client.query(step.sql)`: each element is a statement of
    // its own, and different statements have no batched form. SQL built around the element
    // (`` `… WHERE id = ${id}` ``, or in a variable first) is still one query per key.
    if (sendsElementAt(0, site, iteration, io.checker)) return undefined;
    // One call per chunk of items is the batched form; an outer loop may still repeat it. An array
    // bound as one statement's values (`client.query('INSERT … VALUES ($1, $2)', row)`) is one row.
    if (walksBatches(iteration, io.checker) && !sendsElementAt(1, site, iteration, io.checker)) continue;
    // Pagination: each call needs state the previous iteration produced (`cursor = page.next`).
    if (mentionsAny(site.node, carriedBy(iteration), io.checker)) return undefined;
    return iteration;
  }
  return undefined;
}

/**
 * Whether a SQL-sending call made directly in the loop takes the element itself (or a property of
 * it) as its argument at `index`: 0 the SQL text, 1 the bound values.
 */
function sendsElementAt(index: number, site: IoSite, iteration: Iteration, checker: ts.TypeChecker): boolean {
  const trace = site.traces[0];
  if (site.through || !trace?.io.sendsSql || !ts.isCallExpression(site.node)) return false;
  let argument = site.node.arguments[index];
  while (argument && (ts.isPropertyAccessExpression(argument) || ts.isParenthesizedExpression(argument) || ts.isNonNullExpression(argument) || ts.isAsExpression(argument))) argument = argument.expression;
  const symbol = argument && ts.isIdentifier(argument) ? checker.getSymbolAtLocation(argument) : undefined;
  return symbol !== undefined && iteration.elements.includes(symbol);
}

/** A loop that sleeps between calls is rate-limited on purpose. */
function isPaced(iteration: Iteration, io: IoIndex): boolean {
  let paced = false;
  forEachCallInBody(iteration, (call) => {
    paced ||= io.sleepsAt(call);
  });
  return paced;
}

/**
 * `prisma.$transaction(ids.map((id) => prisma.user.update(…)))`, or the same promises collected in
 * a variable or pushed into an array first: one batched transaction, not N awaited round trips.
 */
function handedToBatchTransaction(site: IoSite, iteration: Iteration, io: IoIndex): boolean {
  const parent = skipParentheses(site.node).parent;
  let carrier: ts.Expression | undefined;
  if (iteration.kind === 'callback' && (parent === iteration.node || ts.isReturnStatement(parent))) {
    const call = skipParentheses(iteration.node).parent;
    carrier = ts.isCallExpression(call) ? call : undefined;
  } else if (ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression) && parent.expression.name.text === 'push') {
    carrier = parent.expression.expression;
  }
  if (!carrier) return false;
  if (isTransactionArgument(carrier, io)) return true;
  const holder = ts.isIdentifier(carrier) ? carrier : ts.isVariableDeclaration(carrier.parent) && ts.isIdentifier(carrier.parent.name) ? carrier.parent.name : undefined;
  const symbol = holder && io.checker.getSymbolAtLocation(holder);
  const scope = symbol?.valueDeclaration && enclosingScope(symbol.valueDeclaration);
  if (!symbol || !scope) return false;
  return someNode(scope, (node) => ts.isIdentifier(node) && io.checker.getSymbolAtLocation(node) === symbol && isTransactionArgument(node, io));
}

function isTransactionArgument(expression: ts.Expression, io: IoIndex): boolean {
  let consumer = skipParentheses(expression).parent;
  if (ts.isSpreadElement(consumer) && ts.isArrayLiteralExpression(consumer.parent)) consumer = consumer.parent.parent;
  return ts.isCallExpression(consumer) && io.classifier.isTransactionCall(consumer);
}

function skipParentheses(node: ts.Node): ts.Node {
  let current = node;
  while (ts.isParenthesizedExpression(current.parent)) current = current.parent;
  return current;
}
