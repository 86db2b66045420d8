import ts from 'typescript';
import { derivedSymbols, enclosingScope, mentionsAny, someNode, symbolsAssignedWithin } from '../../core/dataflow';
import { batchFormOf, isBatchable, type IoKind } from '../../core/io-model';
import { isFunctionLike, tracesOfKinds, type IoIndex, type IoSite, type IoTrace } from '../../core/io-sites';
import { enclosingIterations, exitsEarly, forEachCallInBody, startsConcurrently, walksBatches, type Iteration } from '../../core/iteration';
import { collectionSource, type CollectionSource } from '../../core/collection-source';
import { defineRule, KINDS_OPTION, kindsOption, type OptionSpec } from '../../core/rule';
import { describeTrace, plural, shortLabel, shortText } from '../messages';

export interface NPlusOneState {
  /** The call as written in the loop. */
  readonly label: string;
  /** The collection walked, as written. */
  readonly collection: string | undefined;
  /** The library operation reached, and how. */
  readonly trace: IoTrace;
  readonly parallel: boolean;
  /** The other calls the same loop makes per element, as written (one loop, one finding). */
  readonly others: readonly string[];
}

interface PerElementCall {
  readonly site: IoSite;
  readonly trace: IoTrace;
  readonly iteration: Iteration;
  readonly parallel: boolean;
}

const COLLECTIONS_OPTION: OptionSpec = {
  default: 'queried',
  description:
    'Which loops to report: "queried" (over a list a read returned in the same function, or its rows\' relations: its size grows with the data) or "any" (also over parameters, fields and computed lists, most of which hold a handful of items on real code).',
  validate: (value) => (value === 'queried' || value === 'any' ? undefined : 'must be "queried" or "any"'),
};

/**
 * An I/O call that runs once per element of a collection, with arguments that depend on the
 * element: N round trips where one batched call would do. One finding per loop, at its first such
 * call, the others as related locations.
 */
export const nPlusOne = defineRule<NPlusOneState>({
  meta: {
    id: 'n-plus-one',
    summary: 'An I/O call runs once per element of a collection (N+1 queries or requests).',
    defaultSeverity: 'error',
    options: {
      kinds: KINDS_OPTION,
      collections: COLLECTIONS_OPTION,
    },
  },

  create(context) {
    const kinds = kindsOption(context.options);
    const anyCollection = context.options['collections'] === 'any';
    const derived = new WeakMap<ts.Node, Set<ts.Symbol>>();
    const carried = new WeakMap<ts.Node, Set<ts.Symbol>>();
    // Every I/O call in a loop asks where its collection comes from: one answer per loop.
    const sources = new WeakMap<ts.Node, CollectionSource>();
    const memo = <T>(cache: WeakMap<ts.Node, T>, key: ts.Node, compute: () => T): T => {
      let value = cache.get(key);
      if (value === undefined) {
        value = compute();
        cache.set(key, value);
      }
      return value;
    };
    const byLoop = new Map<ts.Node, PerElementCall[]>();
    return {
      ioSite(site) {
        // Statements that change the schema are each their own: there is nothing to batch.
        const trace = tracesOfKinds(site, kinds).find((candidate) => !candidate.io.ddl);
        if (!trace) return;
        const iteration = perElementIteration(site, context.io, (it) => memo(derived, it.node, () => derivedSymbols(it.elements, it.body, context.checker)), (it) =>
          memo(carried, it.node, () => {
            const assigned = symbolsAssignedWithin(it.body, context.checker);
            for (const element of it.elements) assigned.delete(element);
            return assigned;
          }),
        );
        if (!iteration) return;
        // A write on a model with per-row hooks (`@AfterCreate`) runs them per row on purpose: the bulk
        // form skips them. So does a model method that writes (`membership.destroyWithCtx(ctx)`).
        if (ts.isCallExpression(site.node) && context.io.classifier.runsRowHooks(site.node, trace.io)) return;
        if (site.through && isCompoundWrite(site)) return;
        // Most loops over a parameter or a computed list walk a handful of items: by default only a
        // collection a read returned, whose size grows with the data, is reported.
        const collection = iteration.collection;
        if (!anyCollection && !(collection && isQueried(memo(sources, iteration.node, () => collectionSource(collection, context.io))))) return;
        // Start-up code (a lifecycle hook, what only it calls) runs once: its loops cost boot time, not requests.
        if (context.io.startup.contains(site.node)) return;
        // A concurrent fan-out of calls that cannot be batched (HTTP, queues) is unbounded-concurrency's
        // finding: bounding it is the fix there, and one problem gets one finding.
        const parallel = startsConcurrently(site.node, iteration, context.io);
        if (parallel && !isBatchable(trace.io)) return;
        const calls = byLoop.get(iteration.node) ?? [];
        calls.push({ site, trace, iteration, parallel });
        byLoop.set(iteration.node, calls);
      },
      done() {
        for (const [first, ...rest] of byLoop.values()) {
          const { site, trace, iteration, parallel } = first!;
          const collection = iteration.collection && shortText(iteration.collection);
          context.report({
            node: site.node,
            state: { label: site.label, collection, trace, parallel, others: rest.map((call) => call.site.label) },
            related: [
              { node: iteration.header, message: collection ? `the loop over \`${collection}\`` : 'the loop' },
              ...(site.through ? [{ node: trace.libraryCall, message: `the ${trace.io.library} call that runs each time` }] : []),
              ...rest.map((call) => ({ node: call.site.node, message: `\`${shortLabel(call.site.label)}\` also runs once per element` })),
            ],
          });
        }
      },
    };
  },

  describe({ label, collection, trace, parallel, others }) {
    const per = collection ? `once per element of \`${collection}\`` : 'once per loop iteration';
    const more = others.length ? `, and ${plural(others.length, 'more call')}` : '';
    const how = parallel ? ', all at once' : '';
    const batchForm = batchFormOf(trace.io);
    const fix = batchForm ? `batch it: ${batchForm}` : 'use a batch endpoint or cache the responses';
    return `${describeTrace(label, trace)} ${per}${how} (${COUNT[trace.io.kind]}${more}): ${fix}.`;
  },
});

function isQueried(source: CollectionSource): boolean {
  return source === 'rows' || source === 'related';
}

/** What one call per element makes (the costs are in the rule's docs and ../shared/COSTS.md). */
const COUNT: Readonly<Record<IoKind, string>> = {
  db: 'N+1 queries',
  http: 'N requests',
  cache: 'N commands',
  queue: 'N queue calls',
  fs: 'N file operations',
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
  forEachCallInBody(iteration, io, (call) => {
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

/**
 * A project function that writes and does more I/O besides (reads what it then writes, publishes an
 * event, writes a history row): one business operation per item, whose rows depend on each other
 * and on the item. There is no one-query form to suggest; turning it into a bulk operation is a
 * redesign, not the fix an N+1 finding offers.
 */
function isCompoundWrite(site: IoSite): boolean {
  return site.operation === 'write' && site.traces.length > 1;
}
