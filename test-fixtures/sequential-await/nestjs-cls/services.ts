import { InjectTransaction, Transactional, TransactionHost, type Transaction } from '@nestjs-cls/transactional';
import type { TransactionalAdapterPrisma } from '@nestjs-cls/transactional-adapter-prisma';
import type { PrismaClient } from '../../generated/prisma';

type PrismaAdapter = TransactionalAdapterPrisma<PrismaClient>;

export class AccountService {
  constructor(
    private readonly txHost: TransactionHost<PrismaAdapter>,
    private readonly prisma: PrismaClient,
  ) {}

  // both reads go through the transaction host: in the caller's transaction when it opened one: silent
  async overview(userId: string) {
    const user = await this.txHost.tx.user.findUnique({ where: { id: userId } });
    const orders = await this.txHost.tx.order.findMany({ where: { customerId: userId }, take: 20 });
    return { user, orders };
  }

  // the client itself, outside any transaction: flagged
  async publicOverview(userId: string) {
    const user = await this.prisma.user.findUnique({ where: { id: userId } });
    const orders = await this.prisma.order.findMany({ where: { customerId: userId }, take: 20 }); // expect: sequential-await
    return { user, orders };
  }

  // the decorator opens a transaction for `txHost.tx` only: the client itself still takes two pooled connections: flagged
  @Transactional()
  async auditedOverview(userId: string) {
    const user = await this.prisma.user.findUnique({ where: { id: userId } });
    const orders = await this.prisma.order.findMany({ where: { customerId: userId }, take: 20 }); // expect: sequential-await
    return { user, orders };
  }
}

export class StatementService {
  // the injected transaction is the host's `tx`: the caller's transaction when it opened one: silent
  constructor(@InjectTransaction() private readonly tx: Transaction<PrismaAdapter>) {}

  async statement(userId: string) {
    const user = await this.tx.user.findUnique({ where: { id: userId } });
    const orders = await this.tx.order.findMany({ where: { customerId: userId }, take: 20 });
    return { user, orders };
  }
}
