import ts from 'typescript';
import { IO_MODEL, RESULT_CAPS, SCHEMA_CAPS, type SchemaCapModel } from '../../core/io-model';
import type { IoIndex } from '../../core/io-sites';
import { constDeclarationOf } from '../../core/dataflow';
import { skipTypeWrappers } from '../../core/iteration';
import { GLOBAL_MODULE, type DeclarationOrigin } from '../../core/origin';
import { propertyValue } from '../../core/sql/prisma-query';

/** Standard array methods whose result is no longer than their receiver. */
const NOT_GROWING = new Set(['filter', 'map', 'slice', 'splice', 'sort', 'toSorted', 'reverse', 'toReversed']);

/**
 * Whether the code bounds the size of a collection: a literal array or a tuple, a slice of constant
 * width (`items.slice(0, 10)`, a chunk `items.slice(i, i + 10)`, `queue.splice(0, 10)`, the
 * `Array.from({ length: 8 })` of a worker pool), a read capped by the query
 * (`take: 20`, `.limit(20)`), a schema that caps the array it validates (`z.array(…).max(100)`),
 * or a `filter`/`map`/`slice` of one of those. Parameters, request bodies and uncapped reads are not.
 */
export function isBoundedInCode(collection: ts.Expression, io: IoIndex): boolean {
  return boundedAt(collection, [], io, new Set());
}

/**
 * Whether the function refuses a longer list before it walks it: an `if (items.length > MAX)`
 * (or `>=`, or `MAX < items.length`, in any `||` branch) whose branch throws or returns, earlier in
 * a block of the same function that holds the iteration. The limit is the project's choice, constant or configured (a plan's
 * quota): the code bounds the list either way.
 */
export function isLengthCheckedBefore(collection: ts.Expression, checker: ts.TypeChecker): boolean {
  const checked = valuePath(collection, checker);
  if (!checked) return false;
  for (let child: ts.Node = collection, parent = collection.parent; parent && !ts.isFunctionLike(child); child = parent, parent = parent.parent) {
    if (!ts.isBlock(parent) && !ts.isSourceFile(parent)) continue;
    for (const statement of parent.statements) {
      if (statement === child) break;
      if (ts.isIfStatement(statement) && exits(statement.thenStatement) && refusesLonger(statement.expression, checked, checker)) return true;
    }
  }
  return false;
}

/** `items.length > limit` in the condition, or in one of its `||` branches. */
function refusesLonger(condition: ts.Expression, checked: readonly (ts.Symbol | string)[], checker: ts.TypeChecker): boolean {
  const node = skipTypeWrappers(condition);
  if (!ts.isBinaryExpression(node)) return false;
  const operator = node.operatorToken.kind;
  if (operator === ts.SyntaxKind.BarBarToken) return refusesLonger(node.left, checked, checker) || refusesLonger(node.right, checked, checker);
  const length = operator === ts.SyntaxKind.GreaterThanToken || operator === ts.SyntaxKind.GreaterThanEqualsToken ? node.left
    : operator === ts.SyntaxKind.LessThanToken || operator === ts.SyntaxKind.LessThanEqualsToken ? node.right : undefined;
  const measured = length && skipTypeWrappers(length);
  if (!measured || !ts.isPropertyAccessExpression(measured) || measured.name.text !== 'length') return false;
  const path = valuePath(measured.expression, checker);
  return path !== undefined && path.length === checked.length && path.every((part, index) => part === checked[index]);
}

/** A branch that leaves the function: `throw …`, `return …`, or a block ending in one. */
function exits(statement: ts.Statement): boolean {
  const last = ts.isBlock(statement) ? statement.statements[statement.statements.length - 1] : statement;
  return last !== undefined && (ts.isThrowStatement(last) || ts.isReturnStatement(last));
}

/** `input.files` → [symbol of `input`, 'files']: the same value, read the same way. */
function valuePath(expression: ts.Expression, checker: ts.TypeChecker): (ts.Symbol | string)[] | undefined {
  const node = skipTypeWrappers(expression);
  if (ts.isIdentifier(node)) {
    const symbol = checker.getSymbolAtLocation(node);
    return symbol && [symbol];
  }
  if (!ts.isPropertyAccessExpression(node)) return undefined;
  const base = valuePath(node.expression, checker);
  return base && [...base, node.name.text];
}

/** Whether `expression`, then each property of `path` read from it, is a collection bounded in code. */
function boundedAt(expression: ts.Expression, path: readonly string[], io: IoIndex, seen: Set<ts.Node>): boolean {
  const node = skipTypeWrappers(expression);
  if (path.length === 0 && io.checker.isTupleType(io.checker.getTypeAtLocation(node))) return true;
  if (ts.isIdentifier(node)) {
    const declaration = constDeclarationOf(node, io.checker);
    if (!declaration || seen.has(declaration)) return false;
    seen.add(declaration);
    if (ts.isVariableDeclaration(declaration)) return declaration.initializer !== undefined && boundedAt(declaration.initializer, path, io, seen);
    // `const { items } = schema.parse(body)`
    const property = bindingPropertyName(declaration);
    const owner = declaration.parent.parent;
    return property !== undefined && ts.isVariableDeclaration(owner) && owner.initializer !== undefined && boundedAt(owner.initializer, [property, ...path], io, seen);
  }
  if (ts.isPropertyAccessExpression(node)) return boundedAt(node.expression, [node.name.text, ...path], io, seen);
  if (ts.isAwaitExpression(node)) return (path.length === 0 && isCappedRead(node.expression, io)) || boundedAt(node.expression, path, io, seen);
  if (ts.isCallExpression(node)) return boundedCall(node, path, io, seen);
  if (path.length > 0 || !ts.isArrayLiteralExpression(node) || node.elements.length === 0) return false;
  return node.elements.every((element) => !ts.isSpreadElement(element) || boundedAt(element.expression, [], io, seen));
}

function boundedCall(call: ts.CallExpression, path: readonly string[], io: IoIndex, seen: Set<ts.Node>): boolean {
  const validated = validatedValue(call, io);
  if (validated) {
    const { model, schema, holder } = validated;
    if (holder && path[0] !== holder) return false;
    return schemaCapped(schema, holder ? path.slice(1) : path, model, io, new Set());
  }
  if (path.length > 0) return false;
  const origin = originOfCall(call, io);
  // `Array.from({ length: 8 })`, the workers of a pool; `Array.from(items, fn)` is as long as `items`.
  if (origin?.module === GLOBAL_MODULE && origin.path.join('.') === 'ArrayConstructor.from') {
    const source = call.arguments[0] && skipTypeWrappers(call.arguments[0]);
    const length = source && ts.isObjectLiteralExpression(source) ? propertyValue(source, 'length') : undefined;
    return length ? upperBound(length, io) !== undefined : source !== undefined && boundedAt(source, [], io, seen);
  }
  const method = arrayMethodOf(call, io);
  if (method === undefined || !NOT_GROWING.has(method)) return false;
  if (method === 'slice' && hasConstantWidth(call, io)) return true;
  // `queue.splice(0, 10)` takes at most ten.
  const deleteCount = method === 'splice' ? call.arguments[1] : undefined;
  if (deleteCount && (upperBound(deleteCount, io) ?? -1) >= 0) return true;
  return boundedAt((call.expression as ts.PropertyAccessExpression).expression, [], io, seen);
}

/** `items.slice(0, 10)`, `items.slice(i, i + size)` with a constant size, `items.slice(-10)`. */
function hasConstantWidth(slice: ts.CallExpression, io: IoIndex): boolean {
  const [start, end] = slice.arguments;
  if (!start) return false;
  if (!end) return (upperBound(start, io) ?? 0) < 0;
  const bound = upperBound(end, io);
  if (bound !== undefined) return bound >= 0;
  const sum = skipTypeWrappers(end);
  if (!ts.isBinaryExpression(sum) || sum.operatorToken.kind !== ts.SyntaxKind.PlusToken) return false;
  const startText = skipTypeWrappers(start).getText();
  const [same, other] = skipTypeWrappers(sum.left).getText() === startText ? [sum.left, sum.right] : [sum.right, sum.left];
  return skipTypeWrappers(same).getText() === startText && upperBound(other, io) !== undefined;
}

/** The largest value a count can take when the code fixes it: a constant, or `Math.min(n, 100)`. */
function upperBound(expression: ts.Expression, io: IoIndex): number | undefined {
  const node = skipTypeWrappers(expression);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) {
    const value = upperBound(node.operand, io);
    return value === undefined ? undefined : -value;
  }
  const type = io.checker.getTypeAtLocation(node);
  if (type.isNumberLiteral()) return type.value;
  const origin = ts.isCallExpression(node) ? originOfCall(node, io) : undefined;
  if (!ts.isCallExpression(node) || origin?.module !== GLOBAL_MODULE || origin.path.join('.') !== 'Math.min') return undefined;
  const bounds = node.arguments.map((argument) => upperBound(argument, io)).filter((value) => value !== undefined);
  return bounds.length ? Math.min(...bounds) : undefined;
}

/** An awaited read whose query caps the rows returned, per the model's `RESULT_CAPS`. */
function isCappedRead(expression: ts.Expression, io: IoIndex): boolean {
  const trace = io.awaitedSite(expression)?.traces[0];
  const cap = trace && trace.path.length === 1 ? RESULT_CAPS.find((entry) => entry.library === trace.io.library) : undefined;
  const modules = IO_MODEL.find((library) => library.name === cap?.library)?.modules;
  if (!cap || !modules) return false;
  for (let current = skipTypeWrappers(expression); ; ) {
    if (ts.isCallExpression(current)) {
      const module = originOfCall(current, io)?.module;
      if (module !== undefined && modules.includes(module)) {
        const callee = current.expression;
        const chained = ts.isPropertyAccessExpression(callee) && cap.chain?.includes(callee.name.text) && current.arguments[0] !== undefined;
        if (chained && upperBound(current.arguments[0]!, io) !== undefined) return true;
        if (current.arguments.some((argument) => ts.isObjectLiteralExpression(argument) && (cap.options ?? []).some((option) => boundedOption(argument, option, io)))) return true;
      }
      current = skipTypeWrappers(current.expression);
    } else if (ts.isPropertyAccessExpression(current)) {
      current = skipTypeWrappers(current.expression);
    } else {
      return false;
    }
  }
}

function boundedOption(object: ts.ObjectLiteralExpression, name: string, io: IoIndex): boolean {
  const value = propertyValue(object, name);
  return value !== undefined && upperBound(value, io) !== undefined;
}

/** `schema.parse(body)` → the schema and the model; `safeParse` holds the value in `data`. */
function validatedValue(call: ts.CallExpression, io: IoIndex): { model: SchemaCapModel; schema: ts.Expression; holder: string } | undefined {
  const origin = ts.isPropertyAccessExpression(call.expression) ? originOfCall(call, io) : undefined;
  if (!origin || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  const member = origin.path.join('.');
  const model = SCHEMA_CAPS.find((entry) => entry.modules.includes(origin.module) && member in entry.parse);
  return model && { model, schema: call.expression.expression, holder: model.parse[member]! };
}

/**
 * Whether the schema's value at `path` is an array whose length the schema caps: follows
 * `z.object({ items: … })` shapes down the path and looks for a cap (`.max(100)`) in the chain.
 */
function schemaCapped(schema: ts.Expression, path: readonly string[], model: SchemaCapModel, io: IoIndex, seen: Set<ts.Node>): boolean {
  const node = skipTypeWrappers(schema);
  if (ts.isIdentifier(node)) {
    const declaration = constDeclarationOf(node, io.checker);
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer || seen.has(declaration)) return false;
    seen.add(declaration);
    return schemaCapped(declaration.initializer, path, model, io, seen);
  }
  // Walk the chain outwards in: `z.object({ … }).strict()`, `z.array(item).max(100).optional()`.
  for (let current: ts.Expression | undefined = node; current && ts.isCallExpression(current); current = receiverOf(current)) {
    const origin = originOfCall(current, io);
    if (!origin || !model.modules.includes(origin.module)) continue;
    const [property, ...rest] = path;
    const limit = current.arguments[0];
    if (property === undefined && limit && model.caps.includes(origin.path.join('.')) && upperBound(limit, io) !== undefined) return true;
    const shape = property === undefined ? undefined : current.arguments.find(ts.isObjectLiteralExpression);
    const value = shape && propertyValue(shape, property!);
    if (value) return schemaCapped(value, rest, model, io, seen);
  }
  return false;
}

/** The name of a standard-library array method a call resolves to (`items.slice(…)` → `slice`). */
function arrayMethodOf(call: ts.CallExpression, io: IoIndex): string | undefined {
  const origin = ts.isPropertyAccessExpression(call.expression) ? originOfCall(call, io) : undefined;
  if (origin?.module !== GLOBAL_MODULE || (origin.path[0] !== 'Array' && origin.path[0] !== 'ReadonlyArray')) return undefined;
  return origin.path[1];
}

export function originOfCall(call: ts.CallExpression, io: IoIndex): DeclarationOrigin | undefined {
  const declaration = io.classifier.resolvedDeclaration(call);
  return declaration && io.classifier.origins.originOf(declaration);
}

/** `a.b(…)` → `a`: the next call inwards in a chain. */
function receiverOf(call: ts.CallExpression): ts.Expression | undefined {
  return ts.isPropertyAccessExpression(call.expression) ? skipTypeWrappers(call.expression.expression) : undefined;
}

function bindingPropertyName(element: ts.BindingElement): string | undefined {
  if (!ts.isObjectBindingPattern(element.parent) || element.dotDotDotToken) return undefined;
  const name = element.propertyName ?? element.name;
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}
