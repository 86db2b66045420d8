import ts from 'typescript';
import { constDeclarationOf, declaredSymbols, someNode, symbolsAssignedWithin } from './dataflow';
import { isFunctionLike, type IoIndex } from './io-sites';
import { GLOBAL_MODULE } from './origin';
import { findInTree, walkTree } from './walk';

/** A construct that runs its body once per element of something. */
export interface Iteration {
  readonly kind: 'for-of' | 'for-in' | 'for' | 'while' | 'do' | 'callback';
  /** The loop statement, or the callback function. */
  readonly node: ts.Node;
  /** What the body runs per element: the loop body or the callback. */
  readonly body: ts.Node;
  /** Where to point a reader: the loop header, or the `.map(…)` call. */
  readonly header: ts.TextRange;
  /** The collection walked, when there is one. */
  readonly collection?: ts.Expression;
  /** The variables that hold the current element (or index). */
  readonly elements: readonly ts.Symbol[];
  /**
   * True when the iteration walks a collection whose size comes from data. False for retry
   * counters, polling, `for await` streams, literal arrays and tuples.
   */
  readonly walksCollection: boolean;
}

/**
 * The iterations that enclose `node`, innermost first, up to the first function boundary that is
 * not itself an iteration callback (code in a closure created in a loop runs when the closure is
 * called, not once per element).
 */
export function enclosingIterations(node: ts.Node, io: IoIndex): Iteration[] {
  const iterations: Iteration[] = [];
  // `ids.map(loadUser)`: the reference itself is the per-element callback.
  const asCallback = ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) ? callbackIteration(node, io) : undefined;
  if (asCallback) iterations.push(asCallback);
  for (let child = node, current = node.parent; current; child = current, current = current.parent) {
    if (isFunctionLike(current)) {
      const callback = callbackIteration(current, io);
      if (!callback) break;
      iterations.push(callback);
      continue;
    }
    const loop = loopIteration(current, child, io);
    if (loop) iterations.push(loop);
  }
  return iterations;
}

function loopIteration(statement: ts.Node, child: ts.Node, io: IoIndex): Iteration | undefined {
  const checker = io.checker;
  if (!ts.isIterationStatement(statement, false) || child !== statement.statement && !isRepeatedPart(statement, child)) return undefined;
  const header: ts.TextRange = { pos: statement.getStart(), end: statement.statement.getStart() };
  if (ts.isForOfStatement(statement)) {
    const elements = ts.isVariableDeclarationList(statement.initializer) ? statement.initializer.declarations.flatMap((d) => declaredSymbols(d.name, checker)) : [];
    const walksCollection = !statement.awaitModifier && !isFixedCollection(statement.expression, io);
    return { kind: 'for-of', node: statement, body: statement.statement, header, collection: statement.expression, elements, walksCollection };
  }
  if (ts.isForInStatement(statement)) {
    const elements = ts.isVariableDeclarationList(statement.initializer) ? statement.initializer.declarations.flatMap((d) => declaredSymbols(d.name, checker)) : [];
    return { kind: 'for-in', node: statement, body: statement.statement, header, collection: statement.expression, elements, walksCollection: !isObjectWrittenOut(statement.expression, checker) };
  }
  const bound = sizeBound(ts.isForStatement(statement) ? statement.condition : (statement as ts.WhileStatement | ts.DoStatement).expression);
  const kind = ts.isForStatement(statement) ? 'for' : ts.isWhileStatement(statement) ? 'while' : 'do';
  if (!bound) return { kind, node: statement, body: statement.statement, header, elements: [], walksCollection: false };
  // `do { rows = await next(cursor) } while (rows.length === size)`: each round reads the list
  // anew (a page, a poll) and goes on while it is full; it does not walk one list's elements.
  if (kind !== 'for' && rereadsInBody(bound.collectionRoot, statement.statement, checker)) return { kind, node: statement, body: statement.statement, header, elements: [], walksCollection: false };
  // An index loop's element is `items[i]`: only the counter varies; `items` itself is loop-invariant.
  const seeds = bound.counters.length && kind === 'for' ? bound.counters : [bound.collectionRoot, ...bound.counters];
  const elements = seeds.flatMap((identifier) => {
    const symbol = checker.getSymbolAtLocation(identifier);
    return symbol ? [symbol] : [];
  });
  return { kind, node: statement, body: statement.statement, header, collection: bound.collection, elements, walksCollection: true };
}

/** The condition and incrementor of a `for` run per element too; its initializer once. */
function isRepeatedPart(statement: ts.IterationStatement, child: ts.Node): boolean {
  if (ts.isForStatement(statement)) return child === statement.condition || child === statement.incrementor;
  if (ts.isWhileStatement(statement) || ts.isDoStatement(statement)) return child === statement.expression;
  return false;
}

/**
 * `i < items.length`, `queue.length > 0`, `pending.size`: a loop condition bounded by the size of
 * a collection. Returns the collection and the counters compared with it.
 */
function sizeBound(condition: ts.Expression | undefined): { collection: ts.Expression; collectionRoot: ts.Identifier; counters: ts.Identifier[] } | undefined {
  if (!condition) return undefined;
  let found: { collection: ts.Expression; collectionRoot: ts.Identifier; counters: ts.Identifier[] } | undefined;
  walkTree(condition, (node) => {
    if (found) return false;
    if (ts.isPropertyAccessExpression(node) && (node.name.text === 'length' || node.name.text === 'size')) {
      const root = rootIdentifier(node.expression);
      if (root) {
        const comparison = ts.isBinaryExpression(node.parent) ? node.parent : undefined;
        const other = comparison && (comparison.left === node ? comparison.right : comparison.left);
        const counters = other && ts.isIdentifier(other) ? [other] : [];
        found = { collection: node.expression, collectionRoot: root, counters };
        return false;
      }
    }
    return true;
  });
  return found;
}

function rereadsInBody(root: ts.Identifier, body: ts.Statement, checker: ts.TypeChecker): boolean {
  const symbol = checker.getSymbolAtLocation(root);
  return symbol !== undefined && symbolsAssignedWithin(body, checker).has(symbol);
}

function rootIdentifier(expression: ts.Expression): ts.Identifier | undefined {
  let current = expression;
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isNonNullExpression(current) || ts.isParenthesizedExpression(current)) current = current.expression;
  return ts.isIdentifier(current) ? current : undefined;
}

/**
 * A literal array, a tuple or an `as const` list, or the entries, keys or values of an object
 * written out in the code (`Object.entries(ENDPOINTS)`): its size is fixed in the code.
 */
function isFixedCollection(expression: ts.Expression, io: IoIndex): boolean {
  const current = skipTypeWrappers(expression);
  if (ts.isArrayLiteralExpression(current)) return !current.elements.some(ts.isSpreadElement);
  if (ts.isObjectLiteralExpression(current)) return true;
  if (ts.isCallExpression(current) && isObjectEnumeration(current, io)) return isObjectWrittenOut(current.arguments[0]!, io.checker);
  return io.checker.isTupleType(io.checker.getTypeAtLocation(expression));
}

/** `Object.entries(x)`, `Object.keys(x)`, `Object.values(x)` of the standard library's `Object`. */
function isObjectEnumeration(call: ts.CallExpression, io: IoIndex): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !OBJECT_ENUMERATIONS.has(callee.name.text) || call.arguments.length !== 1) return false;
  const declaration = io.classifier.resolvedDeclaration(call);
  const origin = declaration && io.classifier.origins.originOf(declaration);
  return origin?.module === GLOBAL_MODULE && origin.path[0] === 'ObjectConstructor';
}

const OBJECT_ENUMERATIONS = new Set(['entries', 'keys', 'values']);

/**
 * An object literal without spreads, inline or in a `const` whose type is inferred from it: the
 * type checker then rejects any property added later, so its keys are the ones written out.
 */
function isObjectWrittenOut(expression: ts.Expression, checker: ts.TypeChecker): boolean {
  let current = skipTypeWrappers(expression);
  if (ts.isIdentifier(current)) {
    const declaration = constDeclarationOf(current, checker);
    if (!declaration || !ts.isVariableDeclaration(declaration) || declaration.type || !declaration.initializer) return false;
    current = skipTypeWrappers(declaration.initializer);
  }
  return ts.isObjectLiteralExpression(current) && !current.properties.some(ts.isSpreadAssignment);
}

/**
 * `for (const part of chunk(ids, 500))`: the element is itself an array (not a tuple) and the body
 * only ever uses it whole (`{ in: part }`, `part.map(…)`), never indexes or destructures it: each
 * round handles a batch of items, not one item.
 */
export function walksBatches(iteration: Iteration, checker: ts.TypeChecker): boolean {
  if (iteration.kind === 'for') return stepsOverSlices(iteration, checker);
  const [element, ...others] = iteration.elements;
  if (iteration.kind !== 'for-of' || !element || others.length > 0) return false;
  const type = checker.getTypeOfSymbol(element);
  if (!checker.isArrayType(type) && !(type.flags & ts.TypeFlags.Any && walksUnresolvedResult(iteration.collection, checker))) return false;
  return !someNode(iteration.body, (node) => ts.isIdentifier(node) && node.text === element.name && !isUsedWhole(node) && checker.getSymbolAtLocation(node) === element);
}

/**
 * `for (let i = 0; i < ids.length; i += size) { … ids.slice(i, i + size) … }`: the counter steps
 * by more than one and the body reads it only to cut out a slice (or to tell the first round,
 * `i === 0`), so each round handles a batch.
 */
function stepsOverSlices(iteration: Iteration, checker: ts.TypeChecker): boolean {
  const [counter, ...others] = iteration.elements;
  const incrementor = (iteration.node as ts.ForStatement).incrementor;
  if (!counter || others.length > 0 || !incrementor || !ts.isBinaryExpression(incrementor)) return false;
  if (incrementor.operatorToken.kind !== ts.SyntaxKind.PlusEqualsToken || !ts.isIdentifier(incrementor.left) || incrementor.left.text !== counter.name) return false;
  const step = skipTypeWrappers(incrementor.right);
  if (ts.isNumericLiteral(step) && Number(step.text) <= 1) return false;
  let sliced = false;
  const otherUse = someNode(iteration.body, (node) => {
    if (!ts.isIdentifier(node) || node.text !== counter.name || checker.getSymbolAtLocation(node) !== counter) return false;
    const slice = sliceTaking(node);
    sliced ||= slice;
    return !slice && !comparedWithNumber(node);
  });
  return sliced && !otherUse;
}

/** Whether `reference` is (within arithmetic) a bound of `xs.slice(…)`, `.subarray(…)` or `.splice(…)`. */
function sliceTaking(reference: ts.Identifier): boolean {
  let argument: ts.Node = reference;
  while (ts.isBinaryExpression(argument.parent) || ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
  const call = argument.parent;
  return (
    ts.isCallExpression(call) &&
    call.arguments.includes(argument as ts.Expression) &&
    ts.isPropertyAccessExpression(call.expression) &&
    SLICES.has(call.expression.name.text)
  );
}

const SLICES = new Set(['slice', 'subarray', 'splice']);

/** `i === 0`, `i > 0`: a test of which round this is, not a read of one element. */
function comparedWithNumber(reference: ts.Identifier): boolean {
  const comparison = reference.parent;
  if (!ts.isBinaryExpression(comparison) || !COMPARISONS.has(comparison.operatorToken.kind)) return false;
  const other = comparison.left === reference ? comparison.right : comparison.left;
  return ts.isNumericLiteral(skipTypeWrappers(other));
}

const COMPARISONS = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken,
  ts.SyntaxKind.LessThanToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanEqualsToken,
]);

/**
 * `for (const part of chunk(ids, 100))` with `chunk` imported from a package that did not resolve
 * (no node_modules): its elements may be batches or items, nothing tells. Used whole, they are
 * taken as batches: a missed N+1 costs less than a false one.
 */
function walksUnresolvedResult(collection: ts.Expression | undefined, checker: ts.TypeChecker): boolean {
  const call = collection && skipTypeWrappers(collection);
  if (!call || !ts.isCallExpression(call)) return false;
  const callee = ts.isPropertyAccessExpression(call.expression) ? call.expression.expression : call.expression;
  const symbol = ts.isIdentifier(callee) ? checker.getSymbolAtLocation(callee) : undefined;
  return symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0 && !checker.getAliasedSymbol(symbol).declarations?.length;
}

/** Not `row[0]` or `const [email, name] = row`: those take the array apart, as the columns of one item. */
function isUsedWhole(reference: ts.Identifier): boolean {
  const parent = reference.parent;
  if (ts.isElementAccessExpression(parent)) return parent.expression !== reference;
  if (ts.isVariableDeclaration(parent)) return parent.initializer !== reference || ts.isIdentifier(parent.name);
  return true;
}

/** Parentheses, `as`, `satisfies` and `!` change nothing about the value: `(items as Item[])!` is `items`. */
export function skipTypeWrappers(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
  return current;
}

const ELEMENT_PARAMETER_FROM: Readonly<Record<string, number>> = { reduce: 1, reduceRight: 1 };

/** The iteration for a callback argument (`xs.map((x) => …)`) or a function reference (`xs.map(load)`). */
export function callbackIteration(fn: ts.Node, io: IoIndex): Iteration | undefined {
  let argument: ts.Node = fn;
  while (ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
  const call = argument.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== argument || !io.isIterationCall(call)) return undefined;
  const callee = call.expression as ts.PropertyAccessExpression;
  const from = ELEMENT_PARAMETER_FROM[callee.name.text] ?? 0;
  const parameters = isFunctionLike(fn) ? fn.parameters.slice(from) : [];
  const elements = parameters.flatMap((parameter) => declaredSymbols(parameter.name, io.checker));
  const walksCollection = !isFixedCollection(callee.expression, io);
  const header: ts.TextRange = { pos: callee.name.getStart(), end: callee.name.getEnd() };
  const body = isFunctionLike(fn) ? (fn.body ?? fn) : fn;
  return { kind: 'callback', node: fn, body, header, collection: callee.expression, elements, walksCollection };
}

/** `break` out of this loop or `return` from inside it: the loop stops at the first hit. */
export function exitsEarly(iteration: Iteration): boolean {
  if (iteration.kind === 'callback') return false;
  // Whether a node sits in a loop or switch inside this one, where a plain `break` leaves only that.
  const inNested = (node: ts.Node): boolean => {
    for (let current = node.parent; current; current = current.parent) {
      if (ts.isIterationStatement(current, false) || ts.isSwitchStatement(current)) return true;
      if (current === iteration.body) return false;
    }
    return false;
  };
  return (
    findInTree(
      iteration.body,
      (node) => ts.isReturnStatement(node) || (ts.isBreakStatement(node) && (node.label ? isLabelOf(node.label, iteration.node) : !inNested(node))),
      isFunctionLike,
    ) !== undefined
  );
}

function isLabelOf(label: ts.Identifier, loop: ts.Node): boolean {
  return ts.isLabeledStatement(loop.parent) && loop.parent.label.text === label.text;
}

/** Calls made directly in the iteration body (not in closures defined there). */
export function forEachCallInBody(iteration: Iteration, io: IoIndex, callback: (call: ts.CallExpression) => void): void {
  walkTree(iteration.body, (node) => {
    if (node !== iteration.body && isFunctionLike(node) && !io.runsWithCaller(node)) return false;
    if (ts.isCallExpression(node)) callback(node);
    return true;
  });
}

/**
 * True when the iteration starts the call at `node` for every element without waiting for the
 * previous one: in a callback (`items.map(async …)`, `forEach`), or in a loop that collects the
 * promise to await later (`pending.push(send(item))`). Such fan-outs of calls that cannot be
 * batched are unbounded-concurrency's finding, not n-plus-one's.
 */
export function startsConcurrently(node: ts.Node, iteration: Iteration, io: IoIndex): boolean {
  if (iteration.kind === 'callback') return true;
  const call = callTaking(node);
  return call !== undefined && isArrayPush(call, io);
}

/** The call that `node` is an argument of (through parentheses), if it is one. */
export function callTaking(node: ts.Node): ts.CallExpression | undefined {
  let argument = node;
  while (ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
  const call = argument.parent;
  return ts.isCallExpression(call) && call.arguments.includes(argument as ts.Expression) ? call : undefined;
}

/** `items.push(…)` resolved to the standard library's arrays. */
export function isArrayPush(call: ts.CallExpression, io: IoIndex): boolean {
  const declaration = ts.isPropertyAccessExpression(call.expression) ? io.classifier.resolvedDeclaration(call) : undefined;
  const origin = declaration && io.classifier.origins.originOf(declaration);
  return origin?.module === GLOBAL_MODULE && origin.path[0] === 'Array' && origin.path[1] === 'push';
}
