import ts from 'typescript';
import { compilePattern } from '../../core/classify';
import { guardedToRunOnce, keptForLaterCalls } from '../../core/dataflow';
import { BLOCKING_CALLS, type BlockingCallModel } from '../../core/io-model';
import { calleeLabel, type IoIndex } from '../../core/io-sites';
import { normaliseModule } from '../../core/origin';
import { defineRule } from '../../core/rule';
import { article, functionNameOf, requestPathReport, shortLabel, type RequestPathState } from '../messages';
import { buildPromisesFix } from './fix';

export interface BlockingCallState {
  readonly call: ts.CallExpression;
  readonly label: string;
  /** The library's name for the member, as the table lists it (`readFileSync`). */
  readonly member: string;
  readonly library: string;
  /** The non-blocking form, for the message. */
  readonly instead: string;
  /** Why the call holds requests up: it runs inside an async function, or per request from a handler. */
  readonly where: { readonly kind: 'async'; readonly function: string } | ({ readonly kind: 'request' } & RequestPathState);
}

interface CompiledBlocking {
  readonly model: BlockingCallModel;
  readonly members: readonly RegExp[];
}

const BY_MODULE = new Map<string, CompiledBlocking[]>();
for (const model of BLOCKING_CALLS) {
  const compiled = { model, members: model.members.map(compilePattern) };
  for (const module of model.modules) BY_MODULE.set(normaliseModule(module), [...(BY_MODULE.get(normaliseModule(module)) ?? []), compiled]);
}
/** The members' names (their last segment): a call named otherwise is never resolved. */
const NAMES = [...new Set(BLOCKING_CALLS.flatMap((model) => model.members.map((member) => compilePattern(member.split('.').pop()!))))];

/**
 * A library call that does its work synchronously (`fs.readFileSync`, `execSync`, `pbkdf2Sync`,
 * bcrypt's `hashSync`) where the process is serving requests: inside an async function, or in a
 * function a request handler reaches. Start-up code, values read once and kept, scripts and tests
 * are not reported.
 */
export const blockingCall = defineRule<BlockingCallState>({
  meta: {
    id: 'blocking-call',
    summary: 'A synchronous library call blocks the event loop where requests are served.',
    defaultSeverity: 'warning',
    serverOnly: true,
    fixable: 'unsafe',
    options: {},
  },

  create(context) {
    return {
      nodes: {
        [ts.SyntaxKind.CallExpression](node) {
          const call = node as ts.CallExpression;
          const name = context.io.classifier.declaredCalleeName(call);
          if (name === undefined || !NAMES.some((pattern) => pattern.test(name))) return;
          const blocking = blockingOf(call, context.io);
          // Start-up code runs once; a value kept for later calls (`template ??= fs.readFileSync(…)`) is read once.
          if (!blocking || context.io.startup.contains(call) || keptForLaterCalls(call, context.checker) || guardedToRunOnce(call, context.checker)) return;
          const runnable = context.io.startup.enclosingRunnable(call);
          const label = calleeLabel(call.expression);
          const base = { call, label, member: blocking.member, library: blocking.model.name, instead: insteadOf(blocking.model, name) };
          if (runnable !== undefined && runnable !== 'module' && isAsync(runnable)) {
            context.report({ node: call, state: { ...base, where: { kind: 'async', function: functionNameOf(runnable) ?? 'a function' } } });
            return;
          }
          const entry = context.io.requestPath.entryOf(call);
          if (!entry) return;
          const { state, related } = requestPathReport(entry, 'call');
          context.report({ node: call, state: { ...base, where: { kind: 'request', ...state } }, related });
        },
      },
    };
  },

  describe(state) {
    const { where } = state;
    const per = where.kind === 'request' ? (where.per ?? 'request') : 'request';
    const place = where.kind === 'async' ? `inside async ${where.function}` : `on the ${per} path (reached from ${where.handler ? `${where.handler}, ` : ''}${article(where.framework)} ${where.framework} handler)`;
    return `\`${shortLabel(state.label)}\` blocks the event loop ${place}: every other ${per} waits until it returns. Use ${state.instead}.`;
  },

  fix(state, context) {
    return buildPromisesFix(state, context);
  },
});

/** The table's entry and member when the call resolves to a blocking member of a module it lists. */
function blockingOf(call: ts.CallExpression, io: IoIndex): { model: BlockingCallModel; member: string } | undefined {
  const declaration = io.classifier.resolvedDeclaration(call);
  const origin = declaration && io.classifier.origins.originOf(declaration);
  if (!origin) return undefined;
  const member = origin.path.join('.');
  const found = BY_MODULE.get(normaliseModule(origin.module))?.find((entry) => entry.members.some((pattern) => pattern.test(member)) && !entry.model.except?.includes(member));
  return found && { model: found.model, member };
}

/** The non-blocking form of a member, by the name it is called by. */
function insteadOf(model: BlockingCallModel, name: string): string {
  return model.insteadOf?.[name] ?? model.instead.replace('{async}', name.replace(/Sync$/, ''));
}

function isAsync(fn: ts.FunctionLikeDeclaration): boolean {
  return (ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Async) !== 0;
}
