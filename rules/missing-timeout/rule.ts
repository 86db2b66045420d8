import ts from 'typescript';
import { enclosingScope, someNode } from '../../core/dataflow';
import { IO_MODEL, type IoKind, type LibraryModel, type TimeoutModel } from '../../core/io-model';
import { GLOBAL_MODULE } from '../../core/origin';
import { calleeLabel, type IoIndex, type IoSite, type IoTrace } from '../../core/io-sites';
import { defineRule, optionValidators } from '../../core/rule';
import { describeTrace, shortLabel } from '../messages';
import { acceptedOptions, assignedDefaults, BoundResolver, skipOuter } from './bounds';
import { buildTimeoutFix, formatMilliseconds } from './fix';

/** What a call waits on and what bounds it, as the I/O model describes its library. */
interface Unbounded {
  readonly library: string;
  readonly kind: IoKind;
  readonly timeout: TimeoutModel;
  /** The call or constructor a fix adds the bound to: the request, or the factory that made its instance. */
  readonly fixAt: ts.CallExpression | ts.NewExpression;
  /** The library's bounding options that `fixAt` accepts (an undici `Pool` takes `headersTimeout`, not `signal`). */
  readonly accepted: readonly string[];
  readonly timeoutMs: number;
}

export type MissingTimeoutState =
  /** A request with no bound of its own, made on the default client or on `instance`, created without one. */
  | (Unbounded & { readonly variant: 'request'; readonly label: string; readonly instance?: { readonly name: string; readonly factory: string } })
  /** A database or cache client created without a bound. */
  | (Unbounded & { readonly variant: 'client'; readonly label: string })
  /** A call to another service inside a database transaction's callback. */
  | { readonly variant: 'transaction'; readonly label: string; readonly trace: IoTrace; readonly transaction: { readonly library: string; readonly timeout?: TimeoutModel } };

/** Kinds of I/O that talk to another service: waiting on them inside a transaction holds its connection. */
const OTHER_SERVICE_KINDS: ReadonlySet<IoKind> = new Set(['http', 'queue']);
const MODELS_BY_NAME = new Map(IO_MODEL.map((model) => [model.name, model]));

/**
 * An outbound call or client that can wait for minutes, or forever, because nothing bounds it:
 * no timeout or timer-driven signal on the request, on its instance, or in the client's config;
 * and calls to other services made while a database transaction holds its connection.
 */
export const missingTimeout = defineRule<MissingTimeoutState>({
  meta: {
    id: 'missing-timeout',
    summary: 'An outbound call or client has no timeout and can wait as long as the slowest dependency.',
    defaultSeverity: 'warning',
    serverOnly: true,
    fixable: 'safe',
    options: {
      timeoutMs: {
        default: 10_000,
        description: 'The timeout, in milliseconds, that quick fixes add.',
        validate: optionValidators.positiveInteger,
      },
    },
  },

  create(context) {
    const timeoutMs = context.options['timeoutMs'] as number;
    const bounds = context.shared('bounds', () => new BoundResolver(context.io, assignedDefaults(context.program, context.io, IO_MODEL)));

    const checkClient = (node: ts.Node): void => {
      const creation = node as ts.CallExpression | ts.NewExpression;
      const library = clientLibraryOf(creation, context.io);
      const timeout = library?.timeout;
      if (!library || !timeout || timeout.safeDefault) return;
      if (bounds.ofArguments(creation, timeout) !== 'unbounded' || handedToBlockingConsumer(creation, timeout, context.io)) return;
      context.report({
        node: creation,
        state: {
          variant: 'client',
          label: creationLabel(creation),
          library: library.name,
          kind: library.kind,
          timeout,
          fixAt: creation,
          accepted: acceptedOptions(creation, timeout.options, context.checker),
          timeoutMs,
        },
      });
    };

    return {
      ioSite(site) {
        const node = site.node;
        if (!ts.isCallExpression(node)) return;
        const transaction = context.io.transactionCallbackOf(node);
        const outbound = site.traces.find((trace) => OTHER_SERVICE_KINDS.has(trace.io.kind));
        if (transaction && outbound) {
          context.report({ node, state: { variant: 'transaction', label: site.label, trace: outbound, transaction: transactionLibraryOf(transaction, context.io) } });
          return;
        }
        const library = requestLibraryOf(site);
        const timeout = library?.timeout;
        if (!library || !timeout || timeout.safeDefault) return;
        if (bounds.ofArguments(node, timeout) !== 'unbounded' || boundedByReturnedRequest(node, timeout, context.checker) || racedAgainstTimer(node, context.io)) return;
        const receiver = ts.isPropertyAccessExpression(node.expression) ? node.expression.expression : node.expression;
        const instance = bounds.ofInstance(receiver, library);
        if (instance.bound !== 'unbounded') return;
        const creation = instance.creation && !instance.creation.getSourceFile().isDeclarationFile ? instance.creation : undefined;
        const fixAt = creation ?? node;
        context.report({
          node,
          state: {
            variant: 'request',
            label: site.label,
            library: library.name,
            kind: library.kind,
            timeout,
            fixAt,
            accepted: acceptedOptions(fixAt, timeout.options, context.checker),
            timeoutMs,
            ...(creation ? { instance: { name: calleeLabel(receiver), factory: creationLabel(creation) } } : {}),
          },
          related: creation ? [{ node: creation, message: `\`${calleeLabel(receiver)}\` is created here without a timeout` }] : undefined,
        });
      },
      nodes: {
        [ts.SyntaxKind.NewExpression]: checkClient,
        [ts.SyntaxKind.CallExpression]: checkClient,
      },
    };
  },

  describe(state) {
    if (state.variant === 'transaction') return describeTransaction(state);
    const { timeout } = state;
    const waits = timeout.defaultSeconds === undefined ? `${state.library} waits with no limit` : `${state.library} waits up to ${timeout.defaultSeconds} s`;
    const remedy = remedyOf(state);
    if (state.variant === 'client') return `\`${shortLabel(state.label)}\` is created without a timeout (${waits} ${timeout.waitsFor}): set ${remedy} in its config.`;
    if (state.instance) {
      const { name, factory } = state.instance;
      return `\`${shortLabel(state.label)}\` has no timeout (\`${name}\` comes from \`${factory}\` without one; ${waits}): set ${remedy} on \`${factory}\` or on this request.`;
    }
    return `\`${shortLabel(state.label)}\` has no timeout (${waits} ${timeout.waitsFor}): set ${remedy}.`;
  },

  fix(state, context) {
    if (state.variant === 'transaction') return undefined;
    return buildTimeoutFix(state.fixAt, state.timeout, context.options['timeoutMs'] as number, context);
  },
});

/** `signal: AbortSignal.timeout(10_000)` where the fix's option fits, else the options that do (`headersTimeout` or `bodyTimeout`). */
function remedyOf(state: Unbounded): string {
  const { fix } = state.timeout;
  if (fix && state.accepted.includes(fix.slice(0, fix.indexOf(':')).trim())) return `\`${fix.replace('{ms}', formatMilliseconds(state.timeoutMs))}\``;
  const options = state.accepted.length ? state.accepted : state.timeout.options;
  return options.map((option) => `\`${option}\``).join(' or ');
}

function describeTransaction(state: Extract<MissingTimeoutState, { variant: 'transaction' }>): string {
  const waitsOn = state.trace.io.kind === 'queue' ? 'the queue' : 'the network';
  return `${describeTrace(state.label, state.trace)} inside a ${state.transaction.library} transaction, which holds a connection and its locks while it waits on ${waitsOn}: call it before the transaction or after it commits.`;
}

/** The library of a direct request call (not one through project code) whose timeouts the model describes per request. */
function requestLibraryOf(site: IoSite): LibraryModel | undefined {
  const trace = site.traces[0];
  if (!trace || site.traces.length !== 1 || trace.path.length !== 1) return undefined;
  const library = MODELS_BY_NAME.get(trace.io.library);
  return library?.timeout?.scope === 'request' ? library : undefined;
}

/** What creates a client in the model (`Pool.new` → `Pool`, `createPool`): other calls are not worth resolving. */
const CLIENT_NAMES = new Set(IO_MODEL.flatMap((library) => library.timeout?.clients ?? []).map((path) => {
  const segments = path.split('.');
  return segments[segments.length - 1] === 'new' ? segments[segments.length - 2]! : segments[segments.length - 1]!;
}));

/** The library when this call or `new` creates one of its clients (`new Pool(…)`, `new Redis(…)`). */
function clientLibraryOf(creation: ts.CallExpression | ts.NewExpression, io: IoIndex): LibraryModel | undefined {
  const name = io.classifier.declaredCalleeName(creation);
  if (name !== undefined && !CLIENT_NAMES.has(name)) return undefined;
  const declaration = io.classifier.resolvedDeclaration(creation);
  const found = declaration && io.classifier.libraryOf(declaration);
  return found?.libraries.find((library) => library.timeout?.scope === 'client' && library.timeout.clients?.includes(found.path));
}

/** The library of the transaction whose callback this is, and its own timeout knowledge. */
function transactionLibraryOf(callback: ts.Node, io: IoIndex): { library: string; timeout?: TimeoutModel } {
  let argument = callback;
  while (ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
  const call = argument.parent as ts.CallExpression;
  const declaration = io.classifier.resolvedDeclaration(call);
  const library = declaration && io.classifier.libraryOf(declaration)?.libraries.find((candidate) => candidate.transactions);
  if (!library) return { library: 'database' };
  return library.timeout?.scope === 'transaction' ? { library: library.name, timeout: library.timeout } : { library: library.name };
}

/**
 * `const connection = new Redis(url); new Worker(name, run, { connection })`: the client is used where
 * another library's declared type takes it over for blocking commands (BullMQ's `ConnectionOptions`).
 * Looked for where the client is stored: its variable's scope, or the class of the property it is assigned to.
 */
function handedToBlockingConsumer(creation: ts.CallExpression | ts.NewExpression, timeout: TimeoutModel, io: IoIndex): boolean {
  const consumers = timeout.blocking?.consumers;
  if (!consumers?.length) return false;
  const stored = storedIn(creation, io.checker);
  if (!stored) return false;
  const isConsumer = (type: ts.Type | undefined): boolean => {
    const declaration = (type?.aliasSymbol ?? type?.getSymbol())?.declarations?.[0];
    const origin = declaration && io.classifier.origins.originOf(declaration);
    return origin !== undefined && consumers.some((consumer) => consumer.module === origin.module && consumer.type === origin.path.join('.'));
  };
  return someNode(stored.scope, (node) => {
    if (!ts.isIdentifier(node) || node.text !== stored.name) return false;
    const symbol = ts.isShorthandPropertyAssignment(node.parent) ? io.checker.getShorthandAssignmentValueSymbol(node.parent) : io.checker.getSymbolAtLocation(node);
    if (symbol !== stored.symbol) return false;
    const use = ts.isPropertyAccessExpression(node.parent) && node.parent.name === node ? node.parent : node;
    return isConsumer(io.checker.getContextualType(use));
  });
}

/** The symbol a created client is stored in and where it is used: `const x = new Redis()` (its scope) or `this.x = new Redis()` (its class). */
function storedIn(creation: ts.Expression, checker: ts.TypeChecker): { symbol: ts.Symbol; name: string; scope: ts.Node } | undefined {
  let value: ts.Node = creation;
  while (ts.isParenthesizedExpression(value.parent) || ts.isAsExpression(value.parent)) value = value.parent;
  const parent = value.parent;
  let name: ts.Node | undefined;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.initializer === value) name = parent.name;
  else if (ts.isBinaryExpression(parent) && parent.right === value && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) name = ts.isPropertyAccessExpression(parent.left) ? parent.left.name : parent.left;
  if (!name || !ts.isIdentifier(name)) return undefined;
  const symbol = checker.getSymbolAtLocation(name);
  const declaration = symbol?.valueDeclaration;
  if (!symbol || !declaration) return undefined;
  const scope = ts.isClassElement(declaration) ? declaration.parent : ts.isVariableDeclaration(declaration) ? enclosingScope(declaration) : undefined;
  return scope && { symbol, name: name.text, scope };
}

/** `https.get(…).setTimeout(ms)`, or `const req = https.request(…); req.setTimeout(ms)` in the same function. */
function boundedByReturnedRequest(call: ts.CallExpression, timeout: TimeoutModel, checker: ts.TypeChecker): boolean {
  const methods = timeout.requestMethods;
  if (!methods?.length) return false;
  let node: ts.Node = call;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && methods.includes(parent.name.text) && ts.isCallExpression(parent.parent)) return true;
  if (!ts.isVariableDeclaration(parent) || !ts.isIdentifier(parent.name)) return false;
  const request = checker.getSymbolAtLocation(parent.name);
  return someNode(enclosingScope(parent), (current) => {
    if (!ts.isCallExpression(current) || !ts.isPropertyAccessExpression(current.expression) || !methods.includes(current.expression.name.text)) return false;
    const receiver = skipOuter(current.expression.expression);
    return ts.isIdentifier(receiver) && checker.getSymbolAtLocation(receiver) === request;
  });
}

/**
 * `Promise.race([fetch(url), rejectAfter(5_000)])`: the caller stops waiting when another entry,
 * which waits on a timer (directly or through a project helper), settles first.
 */
function racedAgainstTimer(call: ts.CallExpression, io: IoIndex): boolean {
  let entry: ts.Node = call;
  while (isChainedOn(entry)) entry = entry.parent;
  const list = entry.parent;
  if (!ts.isArrayLiteralExpression(list) || !ts.isCallExpression(list.parent) || list.parent.arguments[0] !== list) return false;
  const declaration = io.classifier.resolvedDeclaration(list.parent);
  const origin = declaration && io.classifier.origins.originOf(declaration);
  if (origin?.module !== GLOBAL_MODULE || origin.path.join('.') !== 'PromiseConstructor.race') return false;
  return list.elements.some((element) => element !== entry && someNode(element, (node) => ts.isCallExpression(node) && io.sleepsAt(node)));
}

/** `fetch(url)` inside `(await fetch(url)).json()` or `got(url).json()`: the same request, continued. */
function isChainedOn(node: ts.Node): boolean {
  const parent = node.parent;
  return (
    ts.isParenthesizedExpression(parent) ||
    ts.isAwaitExpression(parent) ||
    (ts.isPropertyAccessExpression(parent) && parent.expression === node) ||
    (ts.isCallExpression(parent) && parent.expression === node)
  );
}

/** `new Pool`, `mysql.createPool`, `axios.create`: the callee as written. */
function creationLabel(creation: ts.CallExpression | ts.NewExpression): string {
  return ts.isNewExpression(creation) ? `new ${calleeLabel(creation.expression)}` : calleeLabel(creation.expression);
}
