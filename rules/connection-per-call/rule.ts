import ts from 'typescript';
import { compilePattern } from '../../core/classify';
import { guardedToRunOnce, keptForLaterCalls } from '../../core/dataflow';
import { CLIENT_FACTORIES, type ClientFactoryModel } from '../../core/io-model';
import { calleeLabel, type IoIndex } from '../../core/io-sites';
import { enclosingIterations } from '../../core/iteration';
import { normaliseModule } from '../../core/origin';
import { defineRule } from '../../core/rule';
import { article, requestPathReport, shortLabel, shortText, type RequestPathState } from '../messages';

export type ConnectionPerCallState = {
  /** `new PrismaClient`, `mysql.createPool`: the creation as written. */
  readonly label: string;
  readonly library: string;
  readonly cost: string;
} & (
  | ({ readonly variant: 'request' } & RequestPathState)
  | { readonly variant: 'loop'; readonly collection?: string }
  /** An agent told not to keep connections: every request it sends connects anew. */
  | { readonly variant: 'no-keep-alive'; readonly option: string }
);

const BY_MODULE = new Map<string, { model: ClientFactoryModel; creates: RegExp[] }[]>();
for (const model of CLIENT_FACTORIES) {
  const compiled = { model, creates: model.creates.map(compilePattern) };
  for (const module of model.modules) BY_MODULE.set(normaliseModule(module), [...(BY_MODULE.get(normaliseModule(module)) ?? []), compiled]);
}
/** What creates a client, by name (`Pool.new` → `Pool`): other calls are never resolved. */
const NAMES = new Set(CLIENT_FACTORIES.flatMap((model) => model.creates).map((path) => {
  const segments = path.split('.');
  return segments[segments.length - 1] === 'new' ? segments[segments.length - 2]! : segments[segments.length - 1]!;
}));

/**
 * A database, cache or HTTP client (or pool, or agent) created where code runs per request or per
 * element: in a request handler or what one calls, or in a loop over a collection. Such clients are
 * made once per process. Not reported: module scope, start-up code, class constructors (services a
 * container makes once), values kept for later calls (`client ??= new Pool()`), tests and scripts.
 */
export const connectionPerCall = defineRule<ConnectionPerCallState>({
  meta: {
    id: 'connection-per-call',
    summary: 'A database, cache or HTTP client is created per request or per element instead of once per process.',
    defaultSeverity: 'warning',
    serverOnly: true,
    options: {},
  },

  create(context) {
    const check = (node: ts.Node): void => {
      const creation = node as ts.NewExpression | ts.CallExpression;
      const name = context.io.classifier.declaredCalleeName(creation);
      if (name !== undefined && !NAMES.has(name)) return;
      const model = factoryOf(creation, context.io);
      if (!model) return;
      const label = ts.isNewExpression(creation) ? `new ${calleeLabel(creation.expression)}` : calleeLabel(creation.expression);
      const base = { label, library: model.name, cost: model.cost };
      const option = model.connectsPerCallWhen;
      if (option && turnedOff(creation, option)) {
        context.report({ node: creation, state: { ...base, variant: 'no-keep-alive', option } });
        return;
      }
      if (context.io.startup.contains(creation) || keptForLaterCalls(creation, context.checker) || guardedToRunOnce(creation, context.checker)) return;
      // A constructor runs once per instance: services are made once by their container, and a per-request instance's cost is its creator's finding.
      const fn = ts.findAncestor(creation.parent, (current) => ts.isFunctionLike(current) || ts.isClassLike(current));
      if (!fn || ts.isClassLike(fn) || ts.isConstructorDeclaration(fn)) return;
      const loop = enclosingIterations(creation, context.io).find((iteration) => iteration.walksCollection);
      if (loop) {
        context.report({ node: creation, state: { ...base, variant: 'loop', ...(loop.collection ? { collection: shortText(loop.collection) } : {}) }, related: [{ node: loop.header, message: 'the loop' }] });
        return;
      }
      const entry = context.io.requestPath.entryOf(creation);
      if (!entry) return;
      const { state, related } = requestPathReport(entry, 'creation');
      context.report({ node: creation, state: { ...base, variant: 'request', ...state }, related });
    };
    return { nodes: { [ts.SyntaxKind.NewExpression]: check, [ts.SyntaxKind.CallExpression]: check } };
  },

  describe(state) {
    const what = `\`${shortLabel(state.label)}(…)\``;
    if (state.variant === 'no-keep-alive') return `${what} is told \`${state.option}: false\`: it closes each connection after one request, so every request it sends pays a new TCP and TLS handshake. Leave \`${state.option}\` on.`;
    const where = state.variant === 'loop' ? `for every element${state.collection ? ` of \`${state.collection}\`` : ''}` : `on every ${state.per ?? 'request'} (reached from ${state.handler ? `${state.handler}, ` : ''}${article(state.framework)} ${state.framework} handler)`;
    return `${what} creates ${article(state.library)} ${state.library} client ${where}: each one ${state.cost}. Create it once per process (at module scope, or cached) and reuse it.`;
  },
});

/** The table's entry when the call or `new` resolves to a client factory it lists. */
function factoryOf(creation: ts.NewExpression | ts.CallExpression, io: IoIndex): ClientFactoryModel | undefined {
  const declaration = io.classifier.resolvedDeclaration(creation);
  const origin = declaration && io.classifier.origins.originOf(declaration);
  if (!origin) return undefined;
  const path = origin.path.join('.');
  return BY_MODULE.get(normaliseModule(origin.module))?.find((entry) => entry.creates.some((pattern) => pattern.test(path)))?.model;
}

/** `{ keepAlive: false }` written in the creation's arguments. */
function turnedOff(creation: ts.NewExpression | ts.CallExpression, option: string): boolean {
  return (creation.arguments ?? []).some(
    (argument) =>
      ts.isObjectLiteralExpression(argument) &&
      argument.properties.some((property) => ts.isPropertyAssignment(property) && property.name.getText() === option && property.initializer.kind === ts.SyntaxKind.FalseKeyword),
  );
}
