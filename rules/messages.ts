import ts from 'typescript';
import type { IoTrace } from '../core/io-sites';
import type { RequestEntry } from '../core/request-path';

/** `3 files`, `1 file`. */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/** A callee as written, on one line and at most `max` characters: messages stay one readable line. */
export function shortLabel(label: string, max = 60): string {
  const text = oneLine(label);
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * "`prisma.user.findUnique` runs" for a library call; "`repo.findById` runs `prisma.user.findUnique`"
 * when the I/O happens inside project code (the whole path is in the related locations).
 */
export function describeTrace(label: string, trace: IoTrace): string {
  if (trace.path.length <= 1) return `\`${shortLabel(label)}\` runs`;
  return `\`${shortLabel(label)}\` runs \`${shortLabel(trace.path[trace.path.length - 1]!, 40)}\``;
}

/** Source text on one line, cut to a readable length for messages. */
export function shortText(node: ts.Node, max = 40): string {
  const text = oneLine(node.getText());
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** `a` or `an` before a word (a library's or framework's name): `an Express handler`, `a Koa handler`. */
export function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** `loadTemplate`, `UsersController.list`; undefined for an anonymous function. */
export function functionNameOf(fn: ts.FunctionLikeDeclaration): string | undefined {
  const name = fn.name ?? ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && (ts.isVariableDeclaration(fn.parent) || ts.isPropertyDeclaration(fn.parent) || ts.isPropertyAssignment(fn.parent)) ? fn.parent.name : undefined);
  if (!name) return undefined;
  const owner = ts.isClassLike(fn.parent) ? fn.parent.name : ts.isPropertyDeclaration(fn.parent) && ts.isClassLike(fn.parent.parent) ? fn.parent.parent.name : undefined;
  return `\`${owner ? `${owner.text}.` : ''}${name.getText()}\``;
}

/** Whitespace collapsed, and none left inside brackets where a line break was: `map( (group) =>` reads `map((group) =>`. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/([([]) /g, '$1').replace(/ ([)\]])/g, '$1');
}

/** What a finding on the request path says of it: the handler that reaches `what` (named when it has a name), where that handler is, and `per: 'job'` for a queue's worker. */
export function requestPathReport(entry: RequestEntry, what: string): { readonly state: RequestPathState; readonly related: { node: ts.Node; message: string }[] } {
  const handler = functionNameOf(entry.handler) ?? (entry.registeredAs && `\`${entry.registeredAs}\``);
  return {
    state: { framework: entry.framework, ...(handler ? { handler } : {}), ...(entry.per === 'job' ? { per: entry.per } : {}) },
    related: [{ node: entry.handler.name ?? entry.handler, message: `a ${entry.framework} ${entry.per} handler, which reaches the ${what}` }],
  };
}

export interface RequestPathState {
  readonly framework: string;
  readonly handler?: string;
  /** Set for a handler run per job (a queue's worker); a request's otherwise. */
  readonly per?: 'job';
}
