import ts from 'typescript';
import { enclosingScope, symbolThroughAliases } from './dataflow';
import type { IoIndex } from './io-sites';
import { walkTree } from './walk';

/**
 * Where the collection a loop walks comes from, as far as the function says:
 * `rows` — what a read returned (a query's result, or a list derived from it): its size grows with the data;
 * `related` — a property of something a read returned (`order.lines`): one row's children;
 * `parameter` — handed in by a caller that is not known, or whose arguments tell nothing more; `unknown` — a field, a module variable, a shape not followed;
 * `computed` — built here without a read (text parsed, a config's keys, a literal).
 */
export type CollectionSource = 'rows' | 'related' | 'parameter' | 'unknown' | 'computed';

/** How far a value is followed back through variables and calls. */
const DEPTH = 8;

export function collectionSource(expression: ts.Expression, io: IoIndex): CollectionSource {
  return sourceOf(expression, io, DEPTH, new Set());
}

function sourceOf(expression: ts.Expression, io: IoIndex, depth: number, seen: Set<ts.Node>): CollectionSource {
  if (depth === 0 || seen.has(expression)) return 'unknown';
  seen.add(expression);
  const next = (node: ts.Expression) => sourceOf(node, io, depth - 1, seen);
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current) || ts.isAwaitExpression(current) || ts.isSatisfiesExpression(current) || ts.isTypeAssertionExpression(current)) current = current.expression;
  if (ts.isCallExpression(current) || ts.isTaggedTemplateExpression(current)) {
    const site = io.awaitedSite(current);
    if (site) return site.operation === 'read' ? 'rows' : 'unknown';
    if (!ts.isCallExpression(current)) return 'computed';
    // A project function that reads nothing computes its result.
    if (io.projectFunctionOf(current)) return 'computed';
    const callee = current.expression;
    // `rows.map(…)`, `rows.filter(…)`: a list derived from the receiver; `Array.from(rows)`, `uniq(rows)`: from the first argument.
    const from = [...(ts.isPropertyAccessExpression(callee) ? [callee.expression] : []), ...current.arguments.slice(0, 1)];
    return from.length ? strongest(from.map(next)) : 'computed';
  }
  if (ts.isNewExpression(current)) return current.arguments?.length ? next(current.arguments[0]!) : 'computed';
  if (ts.isArrayLiteralExpression(current)) return strongest(current.elements.filter(ts.isSpreadElement).map((spread) => next(spread.expression)), 'computed');
  if (ts.isStringLiteralLike(current) || ts.isTemplateExpression(current) || ts.isObjectLiteralExpression(current)) return 'computed';
  if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
    if (current.expression.kind === ts.SyntaxKind.ThisKeyword) return 'unknown';
    const base = next(current.expression);
    return base === 'rows' ? 'related' : base;
  }
  if (ts.isBinaryExpression(current) && (current.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || current.operatorToken.kind === ts.SyntaxKind.BarBarToken)) return next(current.left);
  if (ts.isConditionalExpression(current)) return strongest([next(current.whenTrue), next(current.whenFalse)]);
  if (!ts.isIdentifier(current)) return 'unknown';
  const declaration = symbolThroughAliases(current, io.checker)?.valueDeclaration;
  if (!declaration) return 'unknown';
  if (ts.isParameter(declaration)) return parameterSource(declaration, io, depth, seen);
  if (ts.isVariableDeclaration(declaration)) return strongest(valuesOf(declaration, io.checker).map(next));
  if (ts.isBindingElement(declaration)) {
    let root: ts.Node = declaration;
    while (ts.isBindingElement(root) || ts.isObjectBindingPattern(root) || ts.isArrayBindingPattern(root)) root = root.parent;
    if (ts.isParameter(root)) return 'parameter';
    // `const [rows] = await Promise.all(…)`, `const { rows } = await pool.query(…)`: the rows.
    if (ts.isVariableDeclaration(root) && root.initializer) return next(root.initializer);
  }
  return 'unknown';
}

/**
 * A parameter is what its callers pass: `buildSlips(await listPaidOrders())` walks rows. Followed
 * through its calls, a few calls up at most; a function called from nowhere the project shows (exported,
 * a handler) keeps `parameter`.
 */
function parameterSource(parameter: ts.ParameterDeclaration, io: IoIndex, depth: number, seen: Set<ts.Node>): CollectionSource {
  const fn = parameter.parent;
  const index = fn.parameters.indexOf(parameter);
  if (parameter.dotDotDotToken || seen.has(fn) || !ts.isFunctionLike(fn) || !('body' in fn)) return 'parameter';
  seen.add(fn);
  const calls = io.callsOf(fn);
  if (!calls?.length) return 'parameter';
  const passed = calls.flatMap((call) => (call.arguments[index] && !call.arguments.slice(0, index + 1).some(ts.isSpreadElement) ? [call.arguments[index]!] : []));
  const source = strongest(passed.map((argument) => sourceOf(argument, io, Math.min(depth - 1, CALLER_DEPTH), seen)), 'parameter');
  return source === 'rows' || source === 'related' ? source : 'parameter';
}

/** How far a value is followed back inside a caller. */
const CALLER_DEPTH = 3;

/** Most to least telling that the collection grows with the data. */
const RANK: Readonly<Record<CollectionSource, number>> = { rows: 4, related: 3, parameter: 2, unknown: 1, computed: 0 };

function strongest(sources: readonly CollectionSource[], none: CollectionSource = 'unknown'): CollectionSource {
  return sources.length ? sources.reduce((best, source) => (RANK[source] > RANK[best] ? source : best)) : none;
}

/** The values a variable is given: its initializer and, for a `let`, every later assignment. */
function valuesOf(declaration: ts.VariableDeclaration, checker: ts.TypeChecker): ts.Expression[] {
  const values = declaration.initializer ? [declaration.initializer] : [];
  if (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const || !ts.isIdentifier(declaration.name)) return values;
  const symbol = checker.getSymbolAtLocation(declaration.name);
  walkTree(enclosingScope(declaration), (node) => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left) && checker.getSymbolAtLocation(node.left) === symbol) values.push(node.right);
  });
  return values;
}
