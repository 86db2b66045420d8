import { prisma } from './db';
import type { Prisma } from './generated/prisma/client';

// @id
export async function userById(id: string) {
  return prisma.user.findUnique({ where: { id } });
}

// @unique
export async function userByEmail(email: string) {
  return prisma.user.findUnique({ where: { email } });
}

// a foreign key with its @@index
export async function ordersOf(customerId: string) {
  return prisma.order.findMany({ where: { customerId } });
}

// the composite index: equality on its first column, order by its second
export async function latestInStatus(status: string) {
  return prisma.order.findMany({ where: { status }, orderBy: { createdAt: 'desc' }, take: 20 });
}

// the same on posts
export async function latestPublished() {
  return prisma.post.findMany({ where: { published: true }, orderBy: { createdAt: 'desc' }, take: 10 });
}

// an OR whose branches are all indexed
export async function orderOrCustomer(id: number, customerId: string) {
  return prisma.order.findMany({ where: { OR: [{ id }, { customerId }] } });
}

// a to-many relation filter reads orders by their indexed foreign key and status
export async function payingUsers() {
  return prisma.user.findMany({ where: { orders: { some: { status: 'paid' } } } });
}

// `in` on the primary key
export async function someOrders(ids: number[]) {
  return prisma.order.findMany({ where: { id: { in: ids } } });
}

// no where: reading everything is the point
export async function allPosts() {
  await prisma.user.count();
  return prisma.post.findMany();
}

// findFirst is LIMIT 1: the composite index serves the order after its first column
export async function latestOrderInStatus(status: string) {
  return prisma.order.findFirst({ where: { status }, orderBy: { createdAt: 'desc' } });
}

// raw SQL on an indexed column
export async function rawOrdersOf(customerId: string) {
  return prisma.$queryRaw`SELECT id FROM orders WHERE customer_id = ${customerId}`;
}

// startsWith on a unique column
export async function emailsStartingWith(prefix: string) {
  return prisma.user.findMany({ where: { email: { startsWith: prefix } } });
}

// one indexed predicate is enough
export async function paidAndBig() {
  return prisma.order.findMany({ where: { status: 'paid', total: { gt: 5 } } });
}

// the filter is a constant built before the call (keys added under an `if` included): the indexed customerId serves it, the sort runs over one customer's orders
export async function ordersOfByTotal(customerId: string, status?: string) {
  const where: Prisma.OrderWhereInput = { customerId };
  if (status) where.status = status;
  return prisma.order.findMany({ where, orderBy: { total: 'desc' }, take: 20 });
}

// a filter built by a function is not read: what it filters is unknown, so the sort is not judged
export async function latestPostsMatching(filter: Prisma.PostWhereInput) {
  return prisma.post.findMany({ where: withAuthor(filter), orderBy: { title: 'asc' }, take: 10 });
}

function withAuthor(filter: Prisma.PostWhereInput): Prisma.PostWhereInput {
  return { ...filter, published: true };
}

// a relation filter beside an indexed filter: each order found by status fetches its customer by primary key; the customer's unindexed name is no scan of users
export async function paidOrdersOfCustomersNamed(name: string) {
  return prisma.order.findMany({ where: { status: 'paid', customer: { name } } });
}

// a relation filter built by a function: what it filters is unknown and may be what finds the rows, so the unindexed total is not judged
export async function bigOrdersOfCustomers(filter: Prisma.UserWhereInput) {
  return prisma.order.findMany({ where: { customer: customersMatching(filter), total: { gt: 5 } } });
}

function customersMatching(filter: Prisma.UserWhereInput): Prisma.UserWhereInput {
  return { ...filter, email: { endsWith: '@example.com' } };
}
