import ts from 'typescript';
import type { IoKind } from '../core/io-model';
import type { IoTrace } from '../core/io-sites';

const KIND_NOUN: Readonly<Record<IoKind, string>> = {
  db: 'query',
  http: 'HTTP request',
  cache: 'cache command',
  queue: 'queue operation',
  fs: 'file operation',
};

/** `a Prisma query`, `an HTTP request (axios)`. */
export function ioNoun(trace: IoTrace): string {
  const noun = KIND_NOUN[trace.io.kind];
  if (trace.io.kind === 'db') return `a ${trace.io.library} ${noun}`;
  return `${/^[aeiouH]/.test(noun) ? 'an' : 'a'} ${noun} (${trace.io.library})`;
}

/**
 * "`prisma.user.findUnique` runs" for a library call; "`repo.findById` runs a Prisma query
 * (`prisma.user.findUnique` via `findById`)" when the I/O happens inside project code.
 */
export function describeTrace(label: string, trace: IoTrace): string {
  if (trace.path.length <= 1) return `\`${label}\` runs`;
  const library = trace.path[trace.path.length - 1];
  const via = trace.path.slice(1, -1);
  return `\`${label}\` runs ${ioNoun(trace)} (\`${library}\`${via.length ? ` via ${via.map((step) => `\`${step}\``).join(' → ')}` : ''})`;
}

/** Source text on one line, cut to a readable length for messages. */
export function shortText(node: ts.Node, max = 40): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
