import ts from 'typescript';
import type { IoClassifier } from './classify';
import type { FunctionLike } from './io-sites';
import { walkTree } from './walk';

/**
 * Get-or-compute helpers of the project's own: `cache.get(ctx, 'locations', () => repo.find())`
 * runs its callback only when the key is missing from a Map and keeps the result there, so with a
 * constant key the callback's I/O happens once per cache (per request, per process), not once per
 * call — a loop calling it is not an N+1.
 */
export class MemoizedCallbacks {
  /** Per helper: callback parameter position → key parameter position (undefined: not memoised). */
  private readonly keyPositions = new Map<ts.Node, Map<number, number | undefined>>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly classifier: IoClassifier,
    /** The project function a call runs (its implementation, for an overload or an interface's one implementer). */
    private readonly projectFunctionOf: (call: ts.CallExpression) => FunctionLike | undefined,
  ) {}

  /** True for a function written as an argument of such a helper, whose key argument is one constant. */
  isMemoizedOnce(fn: ts.Node): boolean {
    let node = fn;
    while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
    const call = node.parent;
    if (!ts.isCallExpression(call)) return false;
    const position = call.arguments.indexOf(node as ts.Expression);
    if (position < 0) return false;
    const helper = this.projectFunctionOf(call);
    if (!helper) return false;
    const keyPosition = this.keyPosition(helper, position);
    const key = keyPosition === undefined ? undefined : call.arguments[keyPosition];
    return key !== undefined && this.isConstant(key);
  }

  /** A key whose type is one literal (`'locations'`, an enum member, a `const` of a literal) is the same on every call. */
  private isConstant(key: ts.Expression): boolean {
    const type = this.checker.getTypeAtLocation(key);
    return type.isStringLiteral() || type.isNumberLiteral();
  }

  private keyPosition(helper: FunctionLike, callbackPosition: number): number | undefined {
    let positions = this.keyPositions.get(helper);
    if (!positions) this.keyPositions.set(helper, (positions = new Map()));
    if (!positions.has(callbackPosition)) positions.set(callbackPosition, this.findKeyPosition(helper, callbackPosition));
    return positions.get(callbackPosition);
  }

  /**
   * The helper looks a key parameter up in a Map (`get`/`has`), and stores the callback's result —
   * directly or through a variable — with `set` under that same key.
   */
  private findKeyPosition(helper: FunctionLike, callbackPosition: number): number | undefined {
    const body = helper.body;
    if (!body) return undefined;
    const parameterSymbol = (position: number) => {
      const parameter = helper.parameters[position];
      return parameter && ts.isIdentifier(parameter.name) ? this.checker.getSymbolAtLocation(parameter.name) : undefined;
    };
    const callback = parameterSymbol(callbackPosition);
    if (!callback) return undefined;
    const callbackCalls: ts.CallExpression[] = [];
    const lookups = new Set<ts.Symbol>();
    const stores: ts.CallExpression[] = [];
    walkTree(body, (node) => {
      if (!ts.isCallExpression(node)) return true;
      if (ts.isIdentifier(node.expression) && this.checker.getSymbolAtLocation(node.expression) === callback) callbackCalls.push(node);
      const method = this.mapMethod(node);
      const key = node.arguments[0] && ts.isIdentifier(node.arguments[0]) ? this.checker.getSymbolAtLocation(node.arguments[0]) : undefined;
      if ((method === 'get' || method === 'has') && key) lookups.add(key);
      if (method === 'set') stores.push(node);
      return true;
    });
    if (callbackCalls.length === 0) return undefined;
    for (const store of stores) {
      const [key, value] = store.arguments;
      if (!key || !value || !ts.isIdentifier(key) || !this.holdsCallbackResult(value, callbackCalls)) continue;
      const keySymbol = this.checker.getSymbolAtLocation(key);
      if (!keySymbol || !lookups.has(keySymbol)) continue;
      const position = helper.parameters.findIndex((_, index) => index !== callbackPosition && parameterSymbol(index) === keySymbol);
      if (position >= 0) return position;
    }
    return undefined;
  }

  /** `get`, `has` or `set` of the standard library's Map or WeakMap. */
  private mapMethod(call: ts.CallExpression): string | undefined {
    if (!ts.isPropertyAccessExpression(call.expression)) return undefined;
    const name = call.expression.name.text;
    if (name !== 'get' && name !== 'has' && name !== 'set') return undefined;
    const declaration = this.classifier.resolvedDeclaration(call);
    const origin = declaration && this.classifier.origins.originOf(declaration);
    return origin !== undefined && origin.module === 'global' && (origin.path[0] === 'Map' || origin.path[0] === 'WeakMap') ? name : undefined;
  }

  /** `map.set(key, getDefault())`, or `const result = getDefault(); map.set(key, result)`. */
  private holdsCallbackResult(value: ts.Expression, callbackCalls: readonly ts.CallExpression[]): boolean {
    const contains = (node: ts.Node) => callbackCalls.some((call) => call.pos >= node.pos && call.end <= node.end && call.getSourceFile() === node.getSourceFile());
    if (contains(value)) return true;
    if (!ts.isIdentifier(value)) return false;
    const declaration = this.checker.getSymbolAtLocation(value)?.valueDeclaration;
    return declaration !== undefined && ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined && contains(declaration.initializer);
  }
}
