import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterPrisma } from '@nestjs-cls/transactional-adapter-prisma';
import type { PrismaClient } from '../../generated/prisma';

export class AccountService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterPrisma<PrismaClient>>,
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
}
