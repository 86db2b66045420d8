import ts from 'typescript';
import { findInTree, walkTree } from './walk';

/** The function (or file) whose variables a node sees as its own: where a local's uses live. */
export function enclosingScope(node: ts.Node): ts.Node {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current) || ts.isSourceFile(current)) return current;
  }
  return node.getSourceFile();
}

/** The symbol a name refers to, seen through import aliases (`import { Pool as PgPool }` → `Pool`). */
export function symbolThroughAliases(node: ts.Node, checker: ts.TypeChecker): ts.Symbol | undefined {
  const symbol = checker.getSymbolAtLocation(node);
  return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** The `const` declaration (or destructured `const` binding) an identifier refers to. */
export function constDeclarationOf(identifier: ts.Identifier, checker: ts.TypeChecker): ts.VariableDeclaration | ts.BindingElement | undefined {
  const symbol = symbolThroughAliases(identifier, checker);
  const declaration = symbol?.valueDeclaration;
  if (!declaration || !(ts.isVariableDeclaration(declaration) || ts.isBindingElement(declaration))) return undefined;
  return ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const ? declaration : undefined;
}

/** The symbol an identifier refers to, seeing through `{ id }` shorthand to the variable. */
export function symbolOfIdentifier(identifier: ts.Identifier, checker: ts.TypeChecker): ts.Symbol | undefined {
  if (ts.isShorthandPropertyAssignment(identifier.parent) && identifier.parent.name === identifier) {
    return checker.getShorthandAssignmentValueSymbol(identifier.parent);
  }
  return checker.getSymbolAtLocation(identifier);
}

/**
 * True when `root` or a node below it passes `test`, stopping at the first; subtrees whose root
 * `skip` accepts (functions, when only the code that runs here counts) are not looked into.
 */
export function someNode(root: ts.Node, test: (node: ts.Node) => boolean, skip?: (node: ts.Node) => boolean): boolean {
  return findInTree(root, test, skip) !== undefined;
}

/** A flag per syntax kind, for tests run on every node of a walk (an array lookup, not a set's). */
export function kindFlags(kinds: Iterable<ts.SyntaxKind>): readonly boolean[] {
  const flags: boolean[] = [];
  for (const kind of kinds) flags[kind] = true;
  return flags;
}

/** True when `node` mentions any of `symbols` (property names after a dot do not count). */
export function mentionsAny(node: ts.Node, symbols: ReadonlySet<ts.Symbol>, checker: ts.TypeChecker): boolean {
  if (symbols.size === 0) return false;
  return someNode(node, (current) => {
    if (!ts.isIdentifier(current) || isPropertyNameOnly(current)) return false;
    const symbol = symbolOfIdentifier(current, checker);
    return symbol !== undefined && symbols.has(symbol);
  });
}

function isPropertyNameOnly(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === identifier) ||
    (ts.isPropertyAssignment(parent) && parent.name === identifier) ||
    (ts.isBindingElement(parent) && parent.propertyName === identifier)
  );
}

/** The symbols a binding name declares: `x`, `{ a, b: [c] }`. */
export function declaredSymbols(name: ts.BindingName, checker: ts.TypeChecker): ts.Symbol[] {
  if (ts.isIdentifier(name)) {
    const symbol = checker.getSymbolAtLocation(name);
    return symbol ? [symbol] : [];
  }
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : declaredSymbols(element.name, checker)));
}

/** The symbols an assignment target writes: `x = …`, `[a, b] = …`, `({ a } = …)`. */
function assignedSymbols(target: ts.Expression, checker: ts.TypeChecker): ts.Symbol[] {
  if (ts.isIdentifier(target)) {
    const symbol = checker.getSymbolAtLocation(target);
    return symbol ? [symbol] : [];
  }
  if (ts.isArrayLiteralExpression(target)) return target.elements.flatMap((element) => assignedSymbols(element, checker));
  if (ts.isObjectLiteralExpression(target)) {
    return target.properties.flatMap((property) => {
      if (ts.isShorthandPropertyAssignment(property)) return assignedSymbols(property.name, checker);
      if (ts.isPropertyAssignment(property)) return assignedSymbols(property.initializer, checker);
      return [];
    });
  }
  if (ts.isParenthesizedExpression(target)) return assignedSymbols(target.expression, checker);
  return [];
}

/**
 * Grows `seeds` with every variable in `scope` whose value derives from them (`const id = item.id`,
 * `total = total + item.price`), to a fixed point. Nested functions are looked into: a callback
 * that reads the element still derives from it.
 */
export function derivedSymbols(seeds: Iterable<ts.Symbol>, scope: ts.Node, checker: ts.TypeChecker): Set<ts.Symbol> {
  const tainted = new Set(seeds);
  const flows: { targets: ts.Symbol[]; source: ts.Node }[] = [];
  walkTree(scope, (node) => {
    if (ts.isVariableDeclaration(node) && node.initializer) {
      flows.push({ targets: declaredSymbols(node.name, checker), source: node.initializer });
    } else if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) {
      flows.push({ targets: assignedSymbols(node.left, checker), source: node.right });
    } else if ((ts.isForOfStatement(node) || ts.isForInStatement(node)) && ts.isVariableDeclarationList(node.initializer)) {
      for (const declaration of node.initializer.declarations) flows.push({ targets: declaredSymbols(declaration.name, checker), source: node.expression });
    }
  });
  for (let changed = true; changed; ) {
    changed = false;
    for (const flow of flows) {
      if (flow.targets.every((target) => tainted.has(target))) continue;
      if (!mentionsAny(flow.source, tainted, checker)) continue;
      for (const target of flow.targets) tainted.add(target);
      changed = true;
    }
  }
  return tainted;
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** Variables assigned inside `scope` but declared outside it: state carried from one iteration to the next. */
export function symbolsAssignedWithin(scope: ts.Node, checker: ts.TypeChecker): Set<ts.Symbol> {
  const assigned = new Set<ts.Symbol>();
  walkTree(scope, (node) => {
    if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) {
      for (const symbol of assignedSymbols(node.left, checker)) if (!isDeclaredWithin(symbol, scope)) assigned.add(symbol);
    } else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && ts.isIdentifier(node.operand)) {
      const symbol = checker.getSymbolAtLocation(node.operand);
      if (symbol && !isDeclaredWithin(symbol, scope)) assigned.add(symbol);
    }
  });
  return assigned;
}

function isDeclaredWithin(symbol: ts.Symbol, scope: ts.Node): boolean {
  const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
  return declaration !== undefined && declaration.pos >= scope.pos && declaration.end <= scope.end && declaration.getSourceFile() === scope.getSourceFile();
}

const KEEPING_ASSIGNMENTS = new Set([ts.SyntaxKind.EqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken]);

/**
 * Whether a value made here is kept for later calls instead of made again by each: a lazily filled
 * singleton or cache. It is assigned with `??=` / `||=`, or with `=` under an `if` that tests the same
 * target (`if (!client) client = …`, `client ?? (client = …)`), to a target that outlives the function (a module-level variable,
 * a property of `this`, `globalThis` or a module-level value), possibly through `x ?? value`; or stored
 * with `.set(key, value)` into a module-level value.
 */
export function keptForLaterCalls(value: ts.Expression, checker: ts.TypeChecker): boolean {
  let node: ts.Node = value;
  for (let parent = node.parent; ; node = parent, parent = node.parent) {
    const wraps = ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isAwaitExpression(parent);
    const fallback = ts.isBinaryExpression(parent) && parent.right === node && (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarToken);
    if (!wraps && !fallback) break;
  }
  const parent = node.parent;
  if (ts.isBinaryExpression(parent) && parent.right === node && KEEPING_ASSIGNMENTS.has(parent.operatorToken.kind)) {
    // `tenants.set(key, (pool = new Pool()))`: a local assigned on the way, the value goes on.
    if (!outlivesCalls(parent.left, checker)) return parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && keptForLaterCalls(parent, checker);
    return parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken || guardedToRunOnce(parent, checker) || fallbackOf(parent, parent.left.getText());
  }
  const call = parent;
  return ts.isCallExpression(call) && call.arguments.includes(node as ts.Expression) && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'set' && outlivesCalls(call.expression.expression, checker);
}

/** A module-level variable, or a property of `this`, `globalThis` or a module-level value. */
function outlivesCalls(target: ts.Expression, checker: ts.TypeChecker): boolean {
  let root = target;
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root) || ts.isParenthesizedExpression(root) || ts.isNonNullExpression(root) || ts.isAsExpression(root)) root = root.expression;
  if (root.kind === ts.SyntaxKind.ThisKeyword) return root !== target;
  if (!ts.isIdentifier(root)) return false;
  const declaration = symbolThroughAliases(root, checker)?.valueDeclaration;
  // `globalThis` has no declaration of the project's; a module-level variable has no function around it.
  if (!declaration) return root.text === 'globalThis';
  return ts.findAncestor(declaration.parent, ts.isFunctionLike) === undefined;
}

/** `x ?? (x = value)`: the assignment runs only when the target is empty. */
function fallbackOf(assignment: ts.Node, target: string): boolean {
  let node = assignment;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  return ts.isBinaryExpression(parent) && parent.right === node && (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarToken) && parent.left.getText() === target;
}

/**
 * Code under an `if` that tests a value outliving the function and assigns it in the same branch:
 * `if (!initialized) { …; initialized = true; }`, `if (!client) client = …`. The branch runs once.
 */
export function guardedToRunOnce(node: ts.Node, checker: ts.TypeChecker): boolean {
  for (let child = node, current = node.parent; current && !ts.isFunctionLike(current); child = current, current = current.parent) {
    if (!ts.isIfStatement(current) || current.thenStatement !== child) continue;
    const condition = current.expression;
    const assigned = findInTree(current.thenStatement, (candidate) => ts.isBinaryExpression(candidate) && KEEPING_ASSIGNMENTS.has(candidate.operatorToken.kind) && condition.getText().includes(candidate.left.getText()) && outlivesCalls(candidate.left, checker), ts.isFunctionLike);
    if (assigned) return true;
  }
  return false;
}
