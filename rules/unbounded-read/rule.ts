import ts from 'typescript';
import { someNode } from '../../core/dataflow';
import { RESULT_CAPS, WHOLE_TABLE_READS } from '../../core/io-model';
import { defineRule } from '../../core/rule';
import { article, requestPathReport, shortLabel, type RequestPathState } from '../messages';

export type UnboundedReadState = {
  readonly label: string;
  readonly library: string;
  /** The options that would cap it (`take`, `limit`). */
  readonly caps: readonly string[];
} & RequestPathState;

/**
 * A read of a whole table on the request path: a list read (`findMany`, `findAll`, `find`) given
 * neither a filter nor a cap, in a request handler or what one calls. The response, the memory and
 * the query time grow with the table. Reads with any filter, with options hotpath cannot see (a
 * variable, a spread), and start-up code are left alone.
 */
export const unboundedRead = defineRule<UnboundedReadState>({
  meta: {
    id: 'unbounded-read',
    summary: 'A request reads a whole table: no filter and no limit on a list query.',
    defaultSeverity: 'warning',
    serverOnly: true,
    options: {},
  },

  create(context) {
    return {
      ioSite(site) {
        const trace = site.traces[0];
        const call = site.node;
        if (!trace || site.traces.length !== 1 || trace.path.length !== 1 || !ts.isCallExpression(call)) return;
        const model = WHOLE_TABLE_READS.find((entry) => entry.library === trace.io.library && entry.members.includes(trace.io.member));
        const caps = RESULT_CAPS.find((entry) => entry.library === trace.io.library)?.options ?? [];
        if (!model || !readsEverything(call, [...model.filters, ...caps]) || context.io.startup.contains(call)) return;
        const entry = context.io.requestPath.entryOf(call);
        // A queue's job may read a whole table on purpose (an export, a nightly roll-up): no client waits on it.
        if (!entry || entry.per === 'job') return;
        const { state, related } = requestPathReport(entry, 'read');
        context.report({ node: call, state: { label: site.label, library: trace.io.library, caps, ...state }, related });
      },
    };
  },

  describe(state) {
    const from = `${state.handler ? `${state.handler}, ` : ''}${article(state.framework)} ${state.framework} handler`;
    const cap = state.caps.map((option) => `\`${option}\``).join(' or ');
    return `\`${shortLabel(state.label)}\` reads the whole table on the request path (reached from ${from}): the response, its memory and the query grow with the data. Filter it, or cap it with ${cap} and paginate.`;
  },
});

/**
 * Made on a receiver reached without calls (`prisma.user`, `this.repository`: a scope such as
 * `Group.filterByMember(id)` may filter), with no options at all or an options object written out
 * that holds none of these anywhere (a `where` in an included relation filters through the join) and
 * no spread (it may hold them).
 */
function readsEverything(call: ts.CallExpression, options: readonly string[]): boolean {
  if (someNode(call.expression, ts.isCallExpression)) return false;
  const argument = call.arguments[0];
  if (!argument) return true;
  if (call.arguments.length > 1 || !ts.isObjectLiteralExpression(argument)) return false;
  return !someNode(argument, (node) => ts.isSpreadAssignment(node) || ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && options.includes(node.name.getText())));
}
