import { Injectable } from '@nestjs/common';
import { Prisma, PrismaClient } from '../generated/prisma';

// The client as real apps obtain it, each queried once per element: every loop is flagged.

// NestJS: a service class that is the client
@Injectable()
export class PrismaService extends PrismaClient {}

@Injectable()
export class TeamsService {
  constructor(private readonly prisma: PrismaService) {}

  async members(userIds: string[]) {
    const users = [];
    for (const id of userIds) users.push(await this.prisma.user.findUnique({ where: { id } })); // expect: n-plus-one
    return users;
  }
}

// Next.js: the singleton of Prisma's own guide, kept on globalThis across hot reloads
const globalForPrisma = globalThis as unknown as { prisma: PrismaClient | undefined };
export const db = globalForPrisma.prisma ?? new PrismaClient();
if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = db;

export async function authors(postIds: number[]) {
  return Promise.all(postIds.map((id) => db.post.findUnique({ where: { id }, include: { author: true } }))); // expect: n-plus-one
}

// a local memo helper (Remix's `remember`)
function remember<T>(name: string, create: () => T): T {
  const store = globalThis as unknown as Record<string, T | undefined>;
  return (store[name] ??= create());
}
const remembered = remember('prisma', () => new PrismaClient());

export async function ordersOf(customerIds: string[]) {
  const orders = [];
  for (const customerId of customerIds) orders.push(await remembered.order.findMany({ where: { customerId } })); // expect: n-plus-one, unindexed-sql
  return orders;
}

// an extended client: the delegates keep their methods, typed by the runtime's extension types
const extended = new PrismaClient().$extends({
  result: { user: { label: { needs: { email: true }, compute: (user) => user.email.toLowerCase() } } },
});

export async function labels(ids: string[]) {
  const users = [];
  for (const id of ids) users.push(await extended.user.findUnique({ where: { id } })); // expect: n-plus-one
  return users;
}

// an extended client's delegate reads its model's schema too: no index on Order.status
export async function ordersWithStatus(status: string) {
  return extended.order.findMany({ where: { status } }); // expect: unindexed-sql
}

export async function rawLabels(ids: string[]) {
  const rows = [];
  for (const id of ids) rows.push(await extended.$queryRaw`SELECT email FROM "User" WHERE id = ${id}`); // expect: n-plus-one
  return rows;
}

// ordered writes in a loop inside the extended client's interactive transaction: silent
export async function renameAll(names: Map<string, string>) {
  await extended.$transaction(async (tx) => {
    for (const [id, name] of names) await tx.user.update({ where: { id }, data: { name } });
  });
}

// a helper typed with the transaction's client, called once per element by a caller that holds one: flagged
async function archive(tx: Prisma.TransactionClient, orderId: number) {
  await tx.order.update({ where: { id: orderId }, data: { status: 'archived' } });
}

export async function archiveAll(tx: Prisma.TransactionClient, orderIds: number[]) {
  for (const orderId of orderIds) await archive(tx, orderId); // expect: n-plus-one
}
