import { Prisma, PrismaClient } from '@prisma/client';

// The Prisma client as real apps obtain it, with no node_modules: each loop is flagged.

// Next.js: the singleton of Prisma's own guide, kept on globalThis across hot reloads
const globalForPrisma = globalThis as unknown as { prisma: PrismaClient | undefined };
export const db = globalForPrisma.prisma ?? new PrismaClient();
if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = db;

export async function authors(postIds: number[]) {
  const posts = [];
  for (const id of postIds) posts.push(await db.post.findUnique({ where: { id } })); // expect: n-plus-one
  return posts;
}

// a local memo helper (Remix's `remember`): it returns what its callback creates
function remember<T>(name: string, create: () => T): T {
  const store = globalThis as unknown as Record<string, T | undefined>;
  return (store[name] ??= create());
}
const remembered = remember('prisma', () => new PrismaClient());

export async function ordersOf(customerIds: string[]) {
  const orders = [];
  for (const customerId of customerIds) orders.push(await remembered.order.findMany({ where: { customerId } })); // expect: n-plus-one
  return orders;
}

// a local factory
function createClient() {
  return new PrismaClient({ log: ['error'] });
}
const made = createClient();

export async function teams(ids: string[]) {
  const found = [];
  for (const id of ids) found.push(await made.team.findUnique({ where: { id } })); // expect: n-plus-one
  return found;
}

// an extended client
const extended = new PrismaClient().$extends({});

export async function labels(ids: string[]) {
  const users = [];
  for (const id of ids) users.push(await extended.user.findUnique({ where: { id } })); // expect: n-plus-one
  return users;
}

// a helper typed with the transaction's client, called once per element
async function archive(tx: Prisma.TransactionClient, orderId: number) {
  await tx.order.update({ where: { id: orderId }, data: { status: 'archived' } });
}

export async function archiveAll(tx: Prisma.TransactionClient, orderIds: number[]) {
  for (const orderId of orderIds) await archive(tx, orderId); // expect: n-plus-one
}

// ordered writes inside an interactive transaction: silent
export async function renameAll(names: Map<string, string>) {
  await db.$transaction(async (tx) => {
    for (const [id, name] of names) await tx.user.update({ where: { id }, data: { name } });
  });
}
