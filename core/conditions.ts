import ts from 'typescript';
import { findInTree } from './walk';

/**
 * A condition on a function's own parameter that must hold for some of its I/O to happen:
 * `if (options?.notify) await mailer.send(…)`. Callers that pass nothing there (or a falsy
 * literal) never reach that I/O: `toJSON(document)` does not query when only
 * `toJSON(document, { signedUrls })` does.
 */
export interface TraceCondition {
  /** The function whose parameter it tests. */
  readonly fn: ts.SignatureDeclaration;
  readonly parameter: number;
  /** A property of the parameter (`options.notify`), or the parameter itself. */
  readonly property?: string;
  /** `truthy`: tested as a boolean; `present`: compared with `undefined`/`null`. */
  readonly test: 'truthy' | 'present';
  /** Whether a caller that leaves the value out fails the test (no default, or a default that fails it too). */
  readonly absentFails: boolean;
}

/** What a condition becomes at a call: never met, always met (or unknown), or a condition on the caller's own parameter. */
export type ConditionAtCall = 'never' | 'always' | TraceCondition;

/**
 * The innermost guard within `fn` around `node` that tests one of `fn`'s parameters: `node` in the
 * `then` branch of an `if`, the true branch of `?:`, the right of `&&`, or after an early
 * `if (!options?.notify) return;` in the same block — also from inside the callbacks `fn` invokes.
 */
export function guardOf(node: ts.Node, fn: ts.SignatureDeclaration, checker: ts.TypeChecker): TraceCondition | undefined {
  const body = (fn as { body?: ts.Node }).body;
  for (let current = node; current.parent && current !== body; current = current.parent) {
    const parent = current.parent;
    let test: ts.Expression | undefined;
    if (ts.isIfStatement(parent) && parent.thenStatement === current) test = parent.expression;
    else if (ts.isConditionalExpression(parent) && parent.whenTrue === current) test = parent.condition;
    else if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && parent.right === current) test = parent.left;
    const condition = test && conditionOfTest(test, fn, checker, false);
    if (condition) return condition;
    if (ts.isBlock(parent)) {
      const earlier = parent.statements.slice(0, parent.statements.indexOf(current as ts.Statement));
      for (const statement of earlier.reverse()) {
        if (!ts.isIfStatement(statement) || statement.elseStatement || !leaves(statement.thenStatement)) continue;
        const exit = conditionOfTest(statement.expression, fn, checker, true);
        if (exit) return exit;
      }
    }
  }
  return undefined;
}

/** What a callee's condition is at one call of it. */
export function conditionAtCall(condition: TraceCondition, call: ts.CallExpression, checker: ts.TypeChecker): ConditionAtCall {
  if (call.arguments.some(ts.isSpreadElement)) return 'always';
  const argument = call.arguments[condition.parameter];
  if (!argument) return condition.absentFails ? 'never' : 'always';
  return conditionOfArgument(argument, condition, condition.property, checker);
}

/** The condition met by the value passed for the tested parameter (or, with `property`, by that property of it). */
function conditionOfArgument(argument: ts.Expression, condition: TraceCondition, property: string | undefined, checker: ts.TypeChecker): ConditionAtCall {
  const value = unwrap(argument);
  if (ts.isConditionalExpression(value)) return conditionOfBranches(value, condition, property, checker);
  if (property && ts.isObjectLiteralExpression(value)) {
    if (value.properties.some((candidate) => ts.isSpreadAssignment(candidate))) return 'always';
    const own = value.properties.find((candidate) => candidate.name !== undefined && propertyName(candidate.name) === property);
    if (!own) return condition.absentFails ? 'never' : 'always';
    if (ts.isPropertyAssignment(own)) return conditionOfArgument(own.initializer, condition, undefined, checker);
    if (ts.isShorthandPropertyAssignment(own)) return valueAtCall(own.name, condition, undefined, checker);
    return 'always';
  }
  return valueAtCall(value, condition, property, checker);
}

/**
 * `options.isPublic ? { signedUrls } : undefined`: when one branch never meets the callee's
 * condition, the other needs the test to go its way, a condition on the caller's parameter when
 * the test names one.
 */
function conditionOfBranches(value: ts.ConditionalExpression, condition: TraceCondition, property: string | undefined, checker: ts.TypeChecker): ConditionAtCall {
  const whenTrue = conditionOfArgument(value.whenTrue, condition, property, checker);
  const whenFalse = conditionOfArgument(value.whenFalse, condition, property, checker);
  if (whenTrue === 'never' && whenFalse === 'never') return 'never';
  if (whenTrue !== 'never' && whenFalse !== 'never') return 'always';
  const caller = ts.findAncestor(value.parent, isFunctionBoundary);
  // Both the test and the taken branch's own condition are necessary: either is sound to keep.
  return (caller && conditionOfTest(value.condition, caller, checker, whenTrue === 'never')) ?? (whenTrue === 'never' ? whenFalse : whenTrue);
}

/** A value passed for the tested parameter (or property): a falsy literal fails, the caller's own parameter carries the condition up. */
function valueAtCall(argument: ts.Expression, condition: TraceCondition, property: string | undefined, checker: ts.TypeChecker): ConditionAtCall {
  const value = unwrap(argument);
  if (value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined') || ts.isVoidExpression(value)) return 'never';
  if (condition.test === 'truthy' && !property && isFalsyLiteral(value)) return 'never';
  if (!ts.isIdentifier(value)) return 'always';
  const caller = ts.findAncestor(argument.parent, isFunctionBoundary);
  const declaration = checker.getSymbolAtLocation(value)?.valueDeclaration;
  const parameter = caller && declaration && ts.isParameter(declaration) && declaration.parent === caller ? caller.parameters.indexOf(declaration) : -1;
  if (!caller || parameter < 0) return 'always';
  return { fn: caller, parameter, ...(property ? { property } : {}), test: condition.test, absentFails: condition.absentFails && defaultFails(caller.parameters[parameter]!.initializer, property, condition.test) };
}

/** A term of an `&&` chain (or its negation, for an early exit) naming a parameter of `fn` or one of its properties. */
function conditionOfTest(test: ts.Expression, fn: ts.SignatureDeclaration, checker: ts.TypeChecker, negated: boolean): TraceCondition | undefined {
  const expression = unwrap(test);
  if (!negated && ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
    return conditionOfTest(expression.left, fn, checker, false) ?? conditionOfTest(expression.right, fn, checker, false);
  }
  if (negated && ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.BarBarToken) {
    return conditionOfTest(expression.left, fn, checker, true) ?? conditionOfTest(expression.right, fn, checker, true);
  }
  let term: ts.Expression = expression;
  let kind: TraceCondition['test'] = 'truthy';
  if (negated) {
    if (!ts.isPrefixUnaryExpression(expression) || expression.operator !== ts.SyntaxKind.ExclamationToken) return undefined;
    term = unwrap(expression.operand);
  } else if (ts.isBinaryExpression(expression) && [ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken].includes(expression.operatorToken.kind)) {
    const other = unwrap(expression.right);
    if (other.kind !== ts.SyntaxKind.NullKeyword && !(ts.isIdentifier(other) && other.text === 'undefined')) return undefined;
    term = unwrap(expression.left);
    kind = 'present';
  } else if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken && expression.right.kind === ts.SyntaxKind.TrueKeyword) {
    term = unwrap(expression.left);
  }
  return parameterReference(term, fn, checker, kind);
}

function parameterReference(term: ts.Expression, fn: ts.SignatureDeclaration, checker: ts.TypeChecker, test: TraceCondition['test']): TraceCondition | undefined {
  let property: string | undefined;
  let base = term;
  if (ts.isPropertyAccessExpression(term) && ts.isIdentifier(term.name)) {
    property = term.name.text;
    base = unwrap(term.expression);
  }
  if (!ts.isIdentifier(base)) return undefined;
  const declaration = checker.getSymbolAtLocation(base)?.valueDeclaration;
  if (!declaration) return undefined;
  if (ts.isParameter(declaration) && declaration.parent === fn) {
    if (!assignmentsKeep(declaration, fn, property, test, checker)) return undefined;
    return { fn, parameter: fn.parameters.indexOf(declaration), ...(property ? { property } : {}), test, absentFails: defaultFails(declaration.initializer, property, test) };
  }
  // `function f({ notify }: Options)`: a property of the parameter, bound by name.
  if (!property && ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent) && ts.isParameter(declaration.parent.parent) && declaration.parent.parent.parent === fn) {
    const name = declaration.propertyName ?? declaration.name;
    if (!ts.isIdentifier(name) && !ts.isStringLiteral(name)) return undefined;
    const parameter = declaration.parent.parent;
    const absentFails = !declaration.initializer && defaultFails(parameter.initializer, name.text, test);
    return { fn, parameter: fn.parameters.indexOf(parameter), property: name.text, test, absentFails };
  }
  return undefined;
}

/**
 * Whether what the caller passed still decides the test after the function's own assignments to
 * the parameter: `options = { isPublic: false, ...options }` and `options ??= {}` keep
 * `options.isPublic` the caller's (or absent); `options = { isPublic: true }` does not.
 */
function assignmentsKeep(parameter: ts.ParameterDeclaration, fn: ts.SignatureDeclaration, property: string | undefined, test: TraceCondition['test'], checker: ts.TypeChecker): boolean {
  const body = (fn as { body?: ts.Node }).body;
  if (!body || !ts.isIdentifier(parameter.name)) return true;
  const name = parameter.name.text;
  const overriding = findInTree(body, (node) => {
    if (!ts.isBinaryExpression(node) || !isAssignmentOperator(node.operatorToken.kind)) return false;
    const target = unwrap(node.left);
    if (!ts.isIdentifier(target) || target.text !== name || checker.getSymbolAtLocation(target)?.valueDeclaration !== parameter) return false;
    return !property || !keepsProperty(node, name, property, test);
  });
  return overriding === undefined;
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** `p ??= {}`, `p = p ?? {}`, `p = { flag: false, ...p }`: the property is the caller's, or absent, or a value failing the test. */
function keepsProperty(assignment: ts.BinaryExpression, name: string, property: string, test: TraceCondition['test']): boolean {
  const fails = (value: ts.Expression): boolean => (test === 'truthy' ? isFalsyLiteral(value) : value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined'));
  const lacksProperty = (value: ts.Expression): boolean => {
    if (!ts.isObjectLiteralExpression(value)) return false;
    let ownSpread = false;
    for (const member of value.properties) {
      if (ts.isSpreadAssignment(member)) {
        const spread = unwrap(member.expression);
        if (!ts.isIdentifier(spread) || spread.text !== name) return false;
        ownSpread = true;
      } else if (member.name !== undefined && propertyName(member.name) === property) {
        // Before the caller's own spread a value only fills in what the caller left out.
        if (ownSpread || !ts.isPropertyAssignment(member) || !fails(unwrap(member.initializer))) return false;
      }
    }
    return true;
  };
  const right = unwrap(assignment.right);
  const operator = assignment.operatorToken.kind;
  if (operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken) return lacksProperty(right);
  if (operator !== ts.SyntaxKind.EqualsToken) return false;
  if (ts.isBinaryExpression(right) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(right.operatorToken.kind)) {
    const left = unwrap(right.left);
    return ts.isIdentifier(left) && left.text === name && lacksProperty(unwrap(right.right));
  }
  return lacksProperty(right);
}

/** Whether a parameter's default (or none) fails the test when the caller leaves the value out. */
function defaultFails(initializer: ts.Expression | undefined, property: string | undefined, test: TraceCondition['test']): boolean {
  if (!initializer) return true;
  const value = unwrap(initializer);
  if (!property) return test === 'truthy' ? isFalsyLiteral(value) : value.kind === ts.SyntaxKind.NullKeyword;
  if (!ts.isObjectLiteralExpression(value) || value.properties.some(ts.isSpreadAssignment)) return false;
  const own = value.properties.find((candidate) => candidate.name !== undefined && propertyName(candidate.name) === property);
  return !own || (ts.isPropertyAssignment(own) && test === 'truthy' && isFalsyLiteral(unwrap(own.initializer)));
}

function isFalsyLiteral(value: ts.Expression): boolean {
  return (
    value.kind === ts.SyntaxKind.FalseKeyword ||
    value.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isNumericLiteral(value) && Number(value.text) === 0) ||
    (ts.isStringLiteralLike(value) && value.text === '') ||
    (ts.isIdentifier(value) && value.text === 'undefined')
  );
}

/** A statement that always leaves the block: `return`, `throw`, or a block ending in one. */
function leaves(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  return ts.isBlock(statement) && statement.statements.length > 0 && leaves(statement.statements[statement.statements.length - 1]!);
}

function isFunctionBoundary(node: ts.Node): node is ts.SignatureDeclaration & { parameters: ts.NodeArray<ts.ParameterDeclaration> } {
  return ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node);
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}

function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) current = current.expression;
  return current;
}
