import { PrismaClient, type Order, type Post, type Prisma, type User } from '../generated/prisma';

const prisma = new PrismaClient();

class NotFoundError extends Error {}

// two independent Prisma reads: flagged
export async function getDashboard(userId: string) {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  const orders = await prisma.order.findMany({ where: { customerId: userId }, take: 20 }); // expect: sequential-await
  return { user, orders };
}

// three independent reads in a row: one finding, on the second
export async function getProfilePage(userId: string) {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  const posts = await prisma.post.findMany({ where: { authorId: userId, published: true } }); // expect: sequential-await
  const orderCount = await prisma.order.count({ where: { customerId: userId } });
  return { name: user?.name, posts, orderCount };
}

// reads with type annotations: flagged
export async function getAuthorCard(userId: string) {
  const author: User | null = await prisma.user.findUnique({ where: { id: userId } });
  const latest: Post | null = await prisma.post.findFirst({ where: { authorId: userId }, orderBy: { createdAt: 'desc' } }); // expect: sequential-await
  return { author, latest };
}

// two independent reads declared with let: flagged
export async function getAdminCounters() {
  let users = await prisma.user.count();
  let pending = await prisma.order.count({ where: { status: 'pending' } }); // expect: sequential-await
  if (users < 0) users = 0;
  if (pending < 0) pending = 0;
  return { users, pending };
}

// reads assigned to previously declared variables: flagged
export async function getReport(customerId: string) {
  let recent: Order[];
  let drafts: Post[];
  recent = await prisma.order.findMany({ where: { customerId }, orderBy: { createdAt: 'desc' }, take: 5 });
  drafts = await prisma.post.findMany({ where: { authorId: customerId, published: false } }); // expect: sequential-await
  return { recent, drafts };
}

// an existence check that throws when the user is missing guards the read after it: silent
export async function listPublishedPosts(authorId: string) {
  await prisma.user.findUniqueOrThrow({ where: { id: authorId } });
  const posts = await prisma.post.findMany({ where: { authorId, published: true } });
  return posts;
}

// a read that throws when nothing matches may come last: flagged
export async function getAuthorPage(authorId: string) {
  const posts = await prisma.post.findMany({ where: { authorId, published: true } });
  const author = await prisma.user.findUniqueOrThrow({ where: { id: authorId } }); // expect: sequential-await
  return { author, posts };
}

// destructured reads: flagged
export async function getStats() {
  const { _count } = await prisma.user.aggregate({ _count: true });
  const [newest] = await prisma.order.findMany({ orderBy: { createdAt: 'desc' }, take: 1 }); // expect: sequential-await
  return { users: _count, newestOrder: newest };
}

// third read needs the first, second does not: the group is the first two
export async function getUserActivity(email: string) {
  const user = await prisma.user.findUnique({ where: { email } });
  const openOrders = await prisma.order.count({ where: { status: 'open' } }); // expect: sequential-await
  const posts = await prisma.post.findMany({ where: { authorId: user?.id } });
  return { user, openOrders, posts };
}

// second read needs the user's id: silent
export async function getUserOrders(email: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { email } });
  const orders = await prisma.order.findMany({ where: { customerId: user.id } });
  return orders;
}

// second read uses a variable derived from the first result: silent
export async function getAuthorPosts(email: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { email } });
  const authorId = user.id;
  const posts = await prisma.post.findMany({ where: { authorId } });
  return posts;
}

// second read uses a field destructured from the first result: silent
export async function getOrdersByEmail(email: string) {
  const { id } = await prisma.user.findUniqueOrThrow({ where: { email } });
  const orders = await prisma.order.findMany({ where: { customerId: id } });
  return orders;
}

// a guard on the first result sits between the reads: silent
export async function getFeed(userId: string) {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw new NotFoundError('user');
  const posts = await prisma.post.findMany({ where: { published: true }, take: 10 });
  return { user, posts };
}

// first await is a write (create): silent
export async function createAndList(email: string) {
  const created = await prisma.user.create({ data: { email, name: null, teamId: null } });
  const latest = await prisma.post.findMany({ where: { published: true }, take: 5 });
  return { created, latest };
}

// second await is a write (update): silent
export async function renameUser(userId: string, name: string) {
  const before = await prisma.user.findUnique({ where: { id: userId } });
  const after = await prisma.user.update({ where: { id: userId }, data: { name } });
  return { before, after };
}

// a write between two reads: silent
export async function closeStaleOrders(customerId: string) {
  const user = await prisma.user.findUnique({ where: { id: customerId } });
  await prisma.order.updateMany({ where: { status: 'stale' }, data: { status: 'closed' } });
  const open = await prisma.order.findMany({ where: { status: 'open' } });
  return { user, open };
}

// independent reads inside an interactive transaction: silent
export async function snapshot(userId: string) {
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    const orders = await tx.order.findMany({ where: { customerId: userId } });
    return { user, orders };
  });
}

// reads already run in parallel with Promise.all: silent
export async function getDashboardParallel(userId: string) {
  const [user, orders] = await Promise.all([
    prisma.user.findUnique({ where: { id: userId } }),
    prisma.order.findMany({ where: { customerId: userId } }),
  ]);
  return { user, orders };
}

// reads in different blocks (one inside an if): silent
export async function getUserMaybeWithPosts(userId: string, withPosts: boolean) {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (withPosts) {
    const posts = await prisma.post.findMany({ where: { published: true } });
    return { user, posts };
  }
  return { user, posts: [] };
}

// a single read: silent
export async function getUser(userId: string) {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  return user;
}

// a helper given the interactive transaction's client: its queries run on one connection, one at a time: silent
export async function profileInTransaction(tx: Prisma.TransactionClient, userId: string) {
  const user = await tx.user.findUnique({ where: { id: userId } });
  const posts = await tx.post.findMany({ where: { authorId: userId } });
  return { user, posts };
}

/** Hands out the interactive transaction's client the request runs in (kept in request-scoped storage). */
class TransactionScope {
  constructor(private readonly current: () => Prisma.TransactionClient) {}

  client(): Prisma.TransactionClient {
    return this.current();
  }
}

// reads through a method declared to return the transaction's client share its one connection: silent
export async function profileInScope(scope: TransactionScope, userId: string) {
  const user = await scope.client().user.findUnique({ where: { id: userId } });
  const posts = await scope.client().post.findMany({ where: { authorId: userId } });
  return { user, posts };
}

async function scopedUser(scope: TransactionScope, userId: string) {
  return scope.client().user.findUnique({ where: { id: userId } });
}

async function scopedPosts(scope: TransactionScope, userId: string) {
  return scope.client().post.findMany({ where: { authorId: userId } });
}

// helpers whose reads all go through that method: the same one connection: silent
export async function profileThroughHelpers(scope: TransactionScope, userId: string) {
  const user = await scopedUser(scope, userId);
  const posts = await scopedPosts(scope, userId);
  return { user, posts };
}

// $executeRaw runs statements that return no rows; built elsewhere, each is taken for a write, in order: silent
export async function refreshTotals(createSql: string, fillSql: string) {
  await prisma.$executeRawUnsafe(createSql);
  await prisma.$executeRawUnsafe(fillSql);
}

// $queryRaw built elsewhere reads: flagged
export async function twoReports(salesSql: string, stockSql: string) {
  const sales = await prisma.$queryRawUnsafe(salesSql);
  const stock = await prisma.$queryRawUnsafe(stockSql); // expect: sequential-await
  return { sales, stock };
}

// a helper given the client itself: flagged
export async function profileWithClient(client: PrismaClient, userId: string) {
  const user = await client.user.findUnique({ where: { id: userId } });
  const posts = await client.post.findMany({ where: { authorId: userId } }); // expect: sequential-await
  return { user, posts };
}
