import { DataSource, type EntityTarget, type ObjectLiteral, type Repository } from 'typeorm';
import { RequestContext } from './request-context';

/** Hands out repositories bound to the transaction a context carries, or the pool's when none is given. */
export class TransactionalConnection {
  constructor(private readonly dataSource: DataSource) {}

  getRepository<T extends ObjectLiteral>(target: EntityTarget<T>): Repository<T>;
  getRepository<T extends ObjectLiteral>(ctx: RequestContext, target: EntityTarget<T>): Repository<T>;
  getRepository<T extends ObjectLiteral>(ctxOrTarget: RequestContext | EntityTarget<T>, target?: EntityTarget<T>): Repository<T> {
    if (ctxOrTarget instanceof RequestContext) return (ctxOrTarget.transactionManager ?? this.dataSource.manager).getRepository(target!);
    return this.dataSource.getRepository(ctxOrTarget);
  }
}
