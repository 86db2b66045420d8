import type { ParameterizedContext } from 'koa';
import zlib from 'node:zlib';

// A project alias of Koa's context: still Koa's, through the intersection it stands for.
type AppContext = ParameterizedContext<{ userId: string }>;

export function exportCsv(ctx: AppContext): void {
  ctx.body = zlib.gzipSync(`user,${ctx.state.userId}`); // expect: blocking-call
}

// A plain object with a `body`: not a request.
export function archive(target: { body: Buffer }, text: string): void {
  target.body = zlib.gzipSync(text);
}
