import { prisma } from './db';

// a relation's foreign key: Prisma on PostgreSQL creates no index for it
export async function postsBy(authorId: string) {
  return prisma.post.findMany({ where: { authorId } }); // expect: unindexed-sql
}

// equality on a column with no index
export async function usersNamed(name: string) {
  return prisma.user.findMany({ where: { name } }); // expect: unindexed-sql
}

// @map: the finding names the column, the key stays where it is written
export async function firstOfTeam(teamId: string) {
  return prisma.user.findFirst({ where: { teamId } }); // expect: unindexed-sql
}

// a range filter on a column with no index
export async function bigOrders(min: number) {
  return prisma.order.findMany({ where: { total: { gt: min } } }); // expect: unindexed-sql
}

// the second column of a composite index does not serve a query alone
export async function ordersSince(since: Date) {
  return prisma.order.count({ where: { createdAt: { gte: since } } }); // expect: unindexed-sql
}

// an OR with one branch on a column with no index
export async function contact(email: string, name: string) {
  return prisma.user.findMany({ where: { OR: [{ email }, { name }] } }); // expect: unindexed-sql
}

// orderBy + take on a column with no index sorts every row
export async function firstTitles() {
  return prisma.post.findMany({ orderBy: { title: 'asc' }, take: 10 }); // expect: unindexed-sql
}

// a relation filter reads posts by their unindexed foreign key
export async function postsOfEmail(email: string) {
  return prisma.post.findMany({
    where: {
      author: { email }, // expect: unindexed-sql
    },
  });
}

// updateMany and deleteMany find their rows the same way (a cleanup no request runs: the deleted
// users' lookups in posts are the job's time, not reported)
export async function cleanUp(before: Date) {
  await prisma.order.updateMany({ where: { total: 0 }, data: { status: 'void' } }); // expect: unindexed-sql
  await prisma.user.deleteMany({ where: { createdAt: { lt: before } } }); // expect: unindexed-sql
}

// raw SQL: interpolations are parameters
export async function postsTitled(title: string) {
  return prisma.$queryRaw`SELECT id FROM posts WHERE title = ${title}`; // expect: unindexed-sql
}

// raw SQL as a string
export async function teamMembers(teamId: string) {
  return prisma.$queryRawUnsafe('SELECT id FROM users WHERE team_id = $1', teamId); // expect: unindexed-sql
}

// a raw write
export async function dropSmall(min: number) {
  return prisma.$executeRaw`DELETE FROM orders WHERE total < ${min}`; // expect: unindexed-sql
}

// a column schema.prisma does not have
export async function byNickname(nickname: string) {
  return prisma.$queryRaw`SELECT id FROM users WHERE nickname = ${nickname}`; // expect: unindexed-sql
}

// the model name, not the table name: Prisma maps User to "users"
export async function wrongTable(id: string) {
  return prisma.$queryRaw`SELECT id FROM "User" WHERE id = ${id}`; // expect: unindexed-sql
}

// a filter on a column with no index, then a sort: the filter column is the one named
export async function usersNamedNewestFirst(name: string) {
  const where = { name }; // expect: unindexed-sql
  return prisma.user.findMany({ where, orderBy: { createdAt: 'desc' }, take: 10 });
}

// a relation filter alone: the customers are found by their unindexed name first
export async function ordersOfCustomersNamed(name: string) {
  return prisma.order.findMany({ where: { customer: { name } } }); // expect: unindexed-sql
}

// a key whose value may be undefined filters only sometimes (Prisma drops it): the indexed id does not serve the query
export async function ordersOfTotal(total: number, id?: number) {
  return prisma.order.findMany({ where: { id, total } }); // expect: unindexed-sql
}

// one filter object for a page and its count: one finding, where the filter is written
export async function usersNamedPage(name: string) {
  const where = { name }; // expect: unindexed-sql
  return Promise.all([prisma.user.findMany({ where, take: 10 }), prisma.user.count({ where })]);
}
