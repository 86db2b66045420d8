import type { EntityManager } from 'typeorm';

/** The request's context: it carries the transaction a `@Transaction()` resolver started, if any. */
export class RequestContext {
  constructor(readonly channelId: string, readonly transactionManager?: EntityManager) {}
}
