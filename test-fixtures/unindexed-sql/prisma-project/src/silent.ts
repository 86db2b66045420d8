import { prisma } from './db';

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
