import ts from 'typescript';
import { enclosingScope, someNode, symbolThroughAliases } from '../../core/dataflow';
import type { LibraryModel, TimeoutModel } from '../../core/io-model';
import type { IoIndex } from '../../core/io-sites';
import { walkTree } from '../../core/walk';

/**
 * Whether something bounds how long a call may wait: `bounded`, `unbounded`, or `unknown` when
 * the answer depends on values hotpath cannot see (a parameter typed with an optional `timeout`).
 * Unknown is never reported.
 */
export type Bound = 'bounded' | 'unbounded' | 'unknown';

/** The client a call is made on: how it is bounded, and the factory call that created it in the project. */
export interface InstanceBound {
  readonly bound: Bound;
  readonly creation?: ts.CallExpression | ts.NewExpression;
}

/** Bounds set after creation, anywhere in the project: `api.defaults.timeout = 5000`, `axios.defaults.timeout = …`. */
export interface AssignedDefaults {
  /** Instances (their declared symbols) with a bound assigned. */
  readonly instances: ReadonlySet<ts.Symbol>;
  /** Libraries whose own default export got one: it applies to every instance. */
  readonly libraries: ReadonlySet<string>;
}

const MAX_DEPTH = 8;

/**
 * Answers "is this call bounded?" questions for one program, type-aware: arguments are matched to
 * the parameters whose declared type has a timeout option, and instances to the declarations the
 * checker resolves (through imports and re-exports).
 */
export class BoundResolver {
  private readonly checker: ts.TypeChecker;

  constructor(
    private readonly io: IoIndex,
    private readonly assigned: AssignedDefaults,
  ) {
    this.checker = io.checker;
  }

  /** The bound the options given to a call (or constructor) carry: any bounded options argument bounds it. */
  ofArguments(call: ts.CallExpression | ts.NewExpression, timeout: TimeoutModel, depth = 0): Bound {
    const keys = keysOf(timeout);
    const bounds = optionsArguments(call, keys, this.checker).map((argument) => this.ofValue(argument, timeout, depth));
    return combineAny(bounds);
  }

  /** The bound an options value carries: an object literal, a same-file constant, a connection string, or its declared type. */
  ofValue(value: ts.Expression, timeout: TimeoutModel, depth = 0): Bound {
    const expression = skipOuter(value);
    if (depth > MAX_DEPTH) return 'unknown';
    if (isNullish(expression)) return 'unbounded';
    if (ts.isObjectLiteralExpression(expression)) return this.ofObjectLiteral(expression, timeout, depth);
    if (ts.isStringLiteralLike(expression) || ts.isTemplateExpression(expression)) return carriesConnectionOption(expression, timeout) ? 'bounded' : 'unbounded';
    const initializer = sameFileInitializer(expression, this.checker);
    if (initializer) return this.ofValue(initializer, timeout, depth + 1);
    return this.ofType(this.checker.getTypeAtLocation(expression), timeout);
  }

  /**
   * The instance a call is made on (`api` in `api.get(…)`, `got` in `got(…)`): a project variable
   * or property created by one of the library's factories, or the library's own default export.
   */
  ofInstance(expression: ts.Expression, library: LibraryModel, depth = 0): InstanceBound {
    const target = skipOuter(expression);
    if (depth > MAX_DEPTH) return { bound: 'unknown' };
    if (ts.isCallExpression(target) || ts.isNewExpression(target)) return this.ofCreation(target, depth);
    const symbol = resolvedSymbol(target, this.checker);
    if (!symbol) return { bound: 'unknown' };
    if (this.assigned.instances.has(symbol)) return { bound: 'bounded' };
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (!declaration) return { bound: 'unknown' };
    if (declaration.getSourceFile().isDeclarationFile) {
      // The library's own export (`axios`, `got`, `fetch`); an ambient declaration of the project's may be configured anywhere.
      if (!this.io.classifier.libraryOf(declaration)) return { bound: 'unknown' };
      return { bound: this.assigned.libraries.has(library.name) ? 'bounded' : 'unbounded' };
    }
    // `const api = axios.create(…)`, a class property, or `export default axios.create(…)`.
    const value = ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) ? declaration.initializer : ts.isExportAssignment(declaration) ? declaration.expression : undefined;
    const creation = value && skipOuter(value);
    if (creation && (ts.isCallExpression(creation) || ts.isNewExpression(creation))) return this.ofCreation(creation, depth + 1);
    return { bound: 'unknown' };
  }

  /** `axios.create({ … })`, `base.extend({ … })`, `new Agent({ … })`: the factory's options, then the instance it derives from. */
  private ofCreation(creation: ts.CallExpression | ts.NewExpression, depth: number): InstanceBound {
    const declaration = this.io.classifier.resolvedDeclaration(creation);
    const found = declaration && this.io.classifier.libraryOf(declaration);
    const library = found?.libraries.find((candidate) => candidate.timeout?.instances?.includes(found.path));
    if (!library?.timeout) return { bound: 'unknown' };
    const own = this.ofArguments(creation, library.timeout, depth + 1);
    if (own !== 'unbounded') return { bound: own };
    // `axios.create` starts from `axios.defaults`; `base.extend` from `base`.
    if (ts.isCallExpression(creation) && ts.isPropertyAccessExpression(creation.expression)) {
      const base = this.ofInstance(creation.expression.expression, library, depth + 1);
      if (base.bound !== 'unbounded') return { bound: base.bound };
    }
    return { bound: 'unbounded', creation };
  }

  private ofObjectLiteral(literal: ts.ObjectLiteralExpression, timeout: TimeoutModel, depth: number): Bound {
    let result: Bound = 'unbounded';
    for (const property of literal.properties) {
      let bound: Bound;
      if (ts.isSpreadAssignment(property)) {
        bound = this.ofValue(property.expression, timeout, depth + 1);
      } else {
        const name = propertyName(property);
        if (name === undefined) continue;
        bound = this.ofProperty(property, name, timeout, depth);
      }
      if (bound === 'bounded') return 'bounded';
      if (bound === 'unknown') result = 'unknown';
    }
    return result;
  }

  private ofProperty(property: ts.ObjectLiteralElementLike, name: string, timeout: TimeoutModel, depth: number): Bound {
    const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
    // A connection string is read like an options value: a literal, or a same-file constant holding one.
    if (name === timeout.connectionString?.property) return value ? this.ofValue(value, timeout, depth + 1) : 'unknown';
    if (timeout.instanceOptions?.includes(name)) {
      if (!value || isNullish(skipOuter(value))) return 'unbounded';
      const library = this.libraryOfInstance(value);
      return library ? this.ofInstance(value, library, depth + 1).bound : 'unknown';
    }
    // `maxRetriesPerRequest: null`: the client waits on purpose (BullMQ's blocking commands, which a timeout would break).
    if (timeout.blocking?.nullOptions.includes(name)) return value && skipOuter(value).kind === ts.SyntaxKind.NullKeyword ? 'bounded' : 'unbounded';
    if (!timeout.options.includes(name)) return 'unbounded';
    // A getter or method named like the option: whatever it returns is set.
    if (!value) return 'bounded';
    if (name === 'signal') return this.signalBounds(value, depth) ? 'bounded' : 'unbounded';
    return isUnset(skipOuter(value)) ? 'unbounded' : 'bounded';
  }

  /** The library whose instance a `dispatcher` value is: the one declaring its type. */
  private libraryOfInstance(value: ts.Expression): LibraryModel | undefined {
    const type = this.checker.getTypeAtLocation(value);
    const declaration = (type.aliasSymbol ?? type.getSymbol())?.declarations?.[0];
    return declaration && this.io.classifier.libraryOf(declaration)?.libraries.find((library) => library.timeout?.instances);
  }

  /** The declared type of an options value: bounded when an option is required, unbounded when the type has none. */
  private ofType(type: ts.Type, timeout: TimeoutModel): Bound {
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'unknown';
    const keys = keysOf(timeout);
    const parts = type.isUnion() ? type.types : [type];
    const bounds = parts.map((part): Bound => {
      const properties = keys.map((key) => part.getProperty(key)).filter((property) => property !== undefined);
      if (properties.length === 0) return 'unbounded';
      return properties.some((property) => !(property.flags & ts.SymbolFlags.Optional) && timeout.options.includes(property.name)) ? 'bounded' : 'unknown';
    });
    if (bounds.every((bound) => bound === 'bounded')) return 'bounded';
    return bounds.every((bound) => bound === 'unbounded') ? 'unbounded' : 'unknown';
  }

  /**
   * False only for a signal that provably never fires on a timer: none at all, or the signal of a
   * local `new AbortController()` that no `setTimeout` in its function aborts. A signal passed in,
   * `AbortSignal.timeout(ms)` and anything unresolved count as bounds.
   */
  signalBounds(value: ts.Expression, depth = 0): boolean {
    const expression = skipOuter(value);
    if (depth > MAX_DEPTH) return true;
    if (isNullish(expression)) return false;
    if (ts.isCallExpression(expression) && this.isGlobalMember(expression.expression, 'AbortSignal', 'any')) {
      const list = expression.arguments[0] && skipOuter(expression.arguments[0]);
      return !list || !ts.isArrayLiteralExpression(list) || list.elements.some((element) => this.signalBounds(element, depth + 1));
    }
    if (ts.isPropertyAccessExpression(expression) && expression.name.text === 'signal') return this.controllerBounds(expression.expression);
    const initializer = sameFileInitializer(expression, this.checker);
    return initializer ? this.signalBounds(initializer, depth + 1) : true;
  }

  /** `controller.signal`: bounded unless the controller is a local `new AbortController()` no timer aborts. */
  private controllerBounds(controller: ts.Expression): boolean {
    const expression = skipOuter(controller);
    if (ts.isNewExpression(expression)) return !this.isGlobal(expression.expression, 'AbortController');
    if (!ts.isIdentifier(expression)) return true;
    const symbol = this.checker.getSymbolAtLocation(expression);
    const declaration = symbol?.valueDeclaration;
    if (!symbol || !declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return true;
    const initializer = skipOuter(declaration.initializer);
    if (!ts.isNewExpression(initializer) || !this.isGlobal(initializer.expression, 'AbortController')) return true;
    return this.abortedByTimer(symbol, enclosingScope(declaration));
  }

  /** A `setTimeout(() => controller.abort(), ms)` (or `.abort.bind(controller)`) in the controller's scope. */
  private abortedByTimer(controller: ts.Symbol, scope: ts.Node): boolean {
    const isAbort = (node: ts.Node): boolean =>
      ts.isPropertyAccessExpression(node) && node.name.text === 'abort' && ts.isIdentifier(node.expression) && this.checker.getSymbolAtLocation(node.expression) === controller;
    return someNode(scope, (node) => ts.isCallExpression(node) && this.io.classifier.isSleepCall(node) && node.arguments.some((argument) => someNode(argument, isAbort)));
  }

  /** `AbortSignal.any`, resolved to the standard declaration rather than a project look-alike. */
  private isGlobalMember(callee: ts.Expression, owner: string, member: string): boolean {
    return ts.isPropertyAccessExpression(callee) && callee.name.text === member && this.isGlobal(callee.expression, owner);
  }

  private isGlobal(expression: ts.Expression, name: string): boolean {
    if (!ts.isIdentifier(expression) || expression.text !== name) return false;
    const declarations = this.checker.getSymbolAtLocation(expression)?.declarations ?? [];
    return declarations.length > 0 && declarations.every((declaration) => declaration.getSourceFile().isDeclarationFile);
  }
}

/** Every option name that can carry a bound, including instance-valued ones and the connection string. */
export function keysOf(timeout: TimeoutModel): string[] {
  return [...timeout.options, ...(timeout.instanceOptions ?? []), ...(timeout.connectionString ? [timeout.connectionString.property] : [])];
}

/**
 * The arguments that are options: those whose parameter declares one of `keys` (for a union
 * parameter, in any member). `fetch(url, init)` → `init`; `new Pool(config)` → `config`. When every
 * signature of the callee agrees on which positions take options, their declarations answer;
 * otherwise the overload the checker resolves does (resolution checks every argument: it was a
 * tenth of the analysis time, and the callee's signatures nearly always agree).
 */
export function optionsArguments(call: ts.CallExpression | ts.NewExpression, keys: readonly string[], checker: ts.TypeChecker): ts.Expression[] {
  const args = call.arguments ?? [];
  if (args.length === 0) return [];
  const agreed = agreedOptionPositions(signaturesOf(call, checker), args.length, keys, checker);
  if (agreed) return args.filter((_, index) => agreed[index]);
  const signature = checker.getResolvedSignature(call);
  return signature ? optionsArgumentsOf(signature, call, keys, checker) : [];
}

/** The arguments of `call` that `signature` takes as options. */
export function optionsArgumentsOf(signature: ts.Signature, call: ts.CallExpression | ts.NewExpression, keys: readonly string[], checker: ts.TypeChecker): ts.Expression[] {
  return (call.arguments ?? []).filter((_, index) => {
    const type = parameterType(signature, index, checker);
    return type !== undefined && declaresAny(type, keys);
  });
}

/**
 * Per argument position, whether it takes options, when all signatures say the same; undefined
 * when they differ or a position's type is a bare type parameter (resolution instantiates it to
 * the argument's own type, which may not declare what the constraint does).
 */
function agreedOptionPositions(signatures: readonly ts.Signature[], count: number, keys: readonly string[], checker: ts.TypeChecker): boolean[] | undefined {
  if (signatures.length === 0) return undefined;
  const positions: boolean[] = [];
  for (let index = 0; index < count; index++) {
    let agreed: boolean | undefined;
    for (const signature of signatures) {
      const type = parameterType(signature, index, checker);
      if (type && type.flags & ts.TypeFlags.TypeParameter) return undefined;
      const takesOptions = type !== undefined && declaresAny(type, keys);
      if (agreed !== undefined && agreed !== takesOptions) return undefined;
      agreed = takesOptions;
    }
    positions.push(agreed!);
  }
  return positions;
}

/** The index at which an options argument can be appended: some overload takes one right after the given arguments. */
export function appendableOptionsIndex(call: ts.CallExpression | ts.NewExpression, keys: readonly string[], checker: ts.TypeChecker): number | undefined {
  const count = call.arguments?.length ?? 0;
  const takesOptions = signaturesOf(call, checker).some((signature) => {
    const type = parameterType(signature, count, checker);
    return type !== undefined && declaresAny(type, keys);
  });
  return takesOptions ? count : undefined;
}

/** Which of `keys` some overload of the callee accepts in an options parameter: where a bound can be set on this call. */
export function acceptedOptions(call: ts.CallExpression | ts.NewExpression, keys: readonly string[], checker: ts.TypeChecker): string[] {
  const signatures = signaturesOf(call, checker);
  return keys.filter((key) =>
    signatures.some((signature) => signature.parameters.some((_, index) => declaresAny(parameterType(signature, index, checker) ?? checker.getNeverType(), [key]))),
  );
}

function signaturesOf(call: ts.CallExpression | ts.NewExpression, checker: ts.TypeChecker): readonly ts.Signature[] {
  const kind = ts.isNewExpression(call) ? ts.SignatureKind.Construct : ts.SignatureKind.Call;
  return checker.getSignaturesOfType(checker.getTypeAtLocation(call.expression), kind);
}

/** The type an argument at `index` is checked against; for a rest parameter, its element type (`got.extend(...options)`). */
function parameterType(signature: ts.Signature, index: number, checker: ts.TypeChecker): ts.Type | undefined {
  const parameters = signature.parameters;
  const last = parameters[parameters.length - 1];
  const declaration = last?.valueDeclaration;
  if (last && declaration && ts.isParameter(declaration) && declaration.dotDotDotToken && index >= parameters.length - 1) {
    // A generic rest parameter is instantiated to the arguments' own types: use what it is declared to accept.
    const declared = declaration.type ? checker.getTypeFromTypeNode(declaration.type) : checker.getTypeOfSymbol(last);
    const accepted = declared.flags & ts.TypeFlags.TypeParameter ? (checker.getBaseConstraintOfType(declared) ?? declared) : declared;
    return checker.getIndexTypeOfType(accepted, ts.IndexKind.Number);
  }
  const parameter = parameters[index];
  return parameter && checker.getTypeOfSymbol(parameter);
}

export function declaresAny(type: ts.Type, keys: readonly string[]): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((part) => keys.some((key) => part.getProperty(key) !== undefined));
}

function combineAny(bounds: readonly Bound[]): Bound {
  if (bounds.includes('bounded')) return 'bounded';
  return bounds.includes('unknown') ? 'unknown' : 'unbounded';
}

/** `timeout: 0`, `false`, `undefined`, `null`: the option is present but sets no limit. */
function isUnset(value: ts.Expression): boolean {
  if (isNullish(value) || value.kind === ts.SyntaxKind.FalseKeyword) return true;
  return ts.isNumericLiteral(value) && Number(value.text.replace(/_/g, '')) === 0;
}

function isNullish(value: ts.Expression): boolean {
  return value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined') || ts.isVoidExpression(value);
}

function carriesConnectionOption(value: ts.Expression, timeout: TimeoutModel): boolean {
  const options = timeout.connectionString?.options ?? [];
  const text = ts.isStringLiteralLike(value) ? value.text : ts.isTemplateExpression(value) ? value.getText() : undefined;
  return text !== undefined && options.some((option) => text.includes(option));
}

/** Parentheses, `as`, `satisfies` and `!` change nothing about the value. */
export function skipOuter(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isNonNullExpression(current) || ts.isTypeAssertionExpression(current)) {
    current = current.expression;
  }
  return current;
}

/** The initializer of a `const` declared in the same file that an identifier refers to (`fetch(url, init)` → `init`'s object). */
function sameFileInitializer(expression: ts.Expression, checker: ts.TypeChecker): ts.Expression | undefined {
  if (!ts.isIdentifier(expression)) return undefined;
  const declaration = checker.getSymbolAtLocation(expression)?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  if (declaration.getSourceFile() !== expression.getSourceFile() || !(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return undefined;
  return declaration.initializer;
}

/** The symbol an expression names, through import aliases and re-exports: `api` → its `const api = axios.create(…)`. */
export function resolvedSymbol(expression: ts.Expression, checker: ts.TypeChecker): ts.Symbol | undefined {
  return symbolThroughAliases(ts.isPropertyAccessExpression(expression) ? expression.name : expression, checker);
}

/** `timeout` in `{ timeout: 1 }` or `{ 'timeout': 1 }`; undefined for computed names and spreads. */
export function propertyName(element: ts.ObjectLiteralElementLike): string | undefined {
  const name = element.name;
  return name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined;
}


interface DefaultAssignment {
  /** What the path is assigned on: `api` in `api.defaults.timeout = 5000`. */
  readonly base: ts.Expression;
  readonly path: readonly string[];
}

/**
 * Per file version, the assignments to a `defaults` path, found from the syntax alone: an editor's
 * new program per keystroke walks only the edited file again, not the whole project.
 */
const DEFAULT_ASSIGNMENTS = new WeakMap<ts.SourceFile, { readonly paths: string; readonly assignments: readonly DefaultAssignment[] }>();

function defaultAssignments(sourceFile: ts.SourceFile, paths: readonly (readonly string[])[]): readonly DefaultAssignment[] {
  // The paths come from the model, which a config may extend.
  const key = paths.map((path) => path.join('.')).join(' ');
  const known = DEFAULT_ASSIGNMENTS.get(sourceFile);
  if (known?.paths === key) return known.assignments;
  const assignments: DefaultAssignment[] = [];
  if (paths.some((path) => sourceFile.text.includes(path[0]!))) {
    walkTree(sourceFile, (node) => {
      if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.EqualsToken || isUnset(skipOuter(node.right))) return;
      for (const path of paths) {
        const base = assignedBase(node.left, path);
        if (base) assignments.push({ base, path });
      }
    });
  }
  DEFAULT_ASSIGNMENTS.set(sourceFile, { paths: key, assignments });
  return assignments;
}

/** `api` when `left` is `api.defaults.timeout` and `path` is `defaults.timeout`. */
function assignedBase(left: ts.Expression, path: readonly string[]): ts.Expression | undefined {
  let base = left;
  for (const name of [...path].reverse()) {
    if (!ts.isPropertyAccessExpression(base) || base.name.text !== name) return undefined;
    base = base.expression;
  }
  return base;
}

/** Finds, once per program, the bounds assigned after creation (`defaults` paths of the model): `api.defaults.timeout = 5000`. */
export function assignedDefaults(program: ts.Program, io: IoIndex, models: readonly LibraryModel[]): AssignedDefaults {
  const instances = new Set<ts.Symbol>();
  const libraries = new Set<string>();
  const paths = [...new Set(models.flatMap((model) => model.timeout?.defaults ?? []))].map((path) => path.split('.'));
  const record = (base: ts.Expression, path: readonly string[]): void => {
    const symbol = resolvedSymbol(base, io.checker);
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (!symbol || !declaration) return;
    if (!declaration.getSourceFile().isDeclarationFile) {
      instances.add(symbol);
      return;
    }
    for (const library of io.classifier.libraryOf(declaration)?.libraries ?? []) {
      if (library.timeout?.defaults?.includes(path.join('.'))) libraries.add(library.name);
    }
  };
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile)) continue;
    for (const { base, path } of defaultAssignments(sourceFile, paths)) record(base, path);
  }
  return { instances, libraries };
}
