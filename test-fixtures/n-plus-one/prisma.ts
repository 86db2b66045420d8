import { PrismaClient, type Order, type Post, type Prisma, type User } from '../generated/prisma';
import { setTimeout as sleep } from 'node:timers/promises';

const prisma = new PrismaClient();

// Prisma findUnique per id in for...of: flagged
export async function loadUsers(userIds: string[]): Promise<Array<User | null>> {
  const users: Array<User | null> = [];
  for (const id of userIds) {
    users.push(await prisma.user.findUnique({ where: { id } })); // expect: n-plus-one
  }
  return users;
}

// Prisma findUnique through a variable derived from the element: flagged
export async function loadOrderCustomers(orders: Order[]): Promise<Map<number, User | null>> {
  const customers = new Map<number, User | null>();
  for (const order of orders) {
    const customerId = order.customerId;
    const customer = await prisma.user.findUnique({ where: { id: customerId } }); // expect: n-plus-one
    customers.set(order.id, customer);
  }
  return customers;
}

// Prisma findMany per author inside Promise.all(map(async)): flagged
export async function loadPostsPerAuthor(authors: User[]): Promise<Post[][]> {
  return Promise.all(
    authors.map(async (author) => {
      const posts = await prisma.post.findMany({ where: { authorId: author.id, published: true } }); // expect: n-plus-one
      return posts;
    }),
  );
}

// Prisma count per user returned from a non-async map callback, awaited later: flagged
export async function countPostsPerUser(users: User[]): Promise<number[]> {
  const pending = users.map((user) => prisma.post.count({ where: { authorId: user.id } })); // expect: n-plus-one
  return Promise.all(pending);
}

// Prisma update per element inside forEach: flagged
export function markUsersRenamed(users: User[]): void {
  users.forEach(async (user) => {
    await prisma.user.update({ where: { id: user.id }, data: { name: user.name?.trim() ?? null } }); // expect: n-plus-one
  });
}

// Prisma update per element with an indexed for loop over the array: flagged
export async function shipOrders(orders: Order[]): Promise<void> {
  for (let i = 0; i < orders.length; i++) {
    await prisma.order.update({ where: { id: orders[i].id }, data: { status: 'shipped' } }); // expect: n-plus-one
  }
}

// Prisma update per key of a for...in walk over a team assignment record: flagged
export async function resetTeams(teamByUser: Record<string, string>): Promise<void> {
  for (const userId in teamByUser) {
    await prisma.user.update({ where: { id: userId }, data: { teamId: teamByUser[userId] } }); // expect: n-plus-one
  }
}

// Prisma findFirst per destructured element of a Map's entries: flagged
export async function latestOrderPerCustomer(totals: Map<string, number>): Promise<Array<Order | null>> {
  const latest: Array<Order | null> = [];
  for (const [customerId, minimumTotal] of totals) {
    const order = await prisma.order.findFirst({ where: { customerId, total: { gte: minimumTotal } }, orderBy: { createdAt: 'desc' } }); // expect: n-plus-one
    latest.push(order);
  }
  return latest;
}

// Prisma create per element inside flatMap, only for some elements: flagged
export async function createWelcomePosts(users: User[]): Promise<Post[]> {
  return Promise.all(
    users.flatMap((user) =>
      user.name === null ? [] : [prisma.post.create({ data: { authorId: user.id, title: `Welcome ${user.name}`, published: false } })], // expect: n-plus-one
    ),
  );
}

// Prisma findUnique inside a sequential async reduce: flagged
export async function sumOrderTotals(orderIds: number[]): Promise<number> {
  return orderIds.reduce(async (accumulator, orderId) => {
    const sum = await accumulator;
    const order = await prisma.order.findUnique({ where: { id: orderId } }); // expect: n-plus-one
    return sum + (order?.total ?? 0);
  }, Promise.resolve(0));
}

// Prisma raw query per element: flagged
export async function orderCountsByStatus(statuses: string[]): Promise<unknown[]> {
  const result: unknown[] = [];
  for (const status of statuses) {
    result.push(await prisma.$queryRawUnsafe('SELECT count(*) FROM "Order" WHERE status = $1', status)); // expect: n-plus-one
  }
  return result;
}

// Prisma update per member in a nested loop over teams and their members: flagged
export async function moveMembers(teams: Array<{ id: string; memberIds: string[] }>): Promise<void> {
  for (const team of teams) {
    for (const memberId of team.memberIds) {
      await prisma.user.update({ where: { id: memberId }, data: { teamId: team.id } }); // expect: n-plus-one
    }
  }
}

// helper: one Prisma lookup (not in a loop itself)
async function loadAuthor(authorId: string): Promise<User | null> {
  return prisma.user.findUnique({ where: { id: authorId } });
}

// I/O function passed by reference as the map callback: flagged
export async function loadAuthors(authorIds: string[]): Promise<Array<User | null>> {
  return Promise.all(authorIds.map(loadAuthor)); // expect: n-plus-one
}

// Prisma client held on a service instance, findMany per customer: flagged
export class OrderHistoryService {
  constructor(private readonly db: PrismaClient) {}

  async historyFor(customers: User[]): Promise<Order[][]> {
    const history: Order[][] = [];
    for (const customer of customers) {
      history.push(await this.db.order.findMany({ where: { customerId: customer.id } })); // expect: n-plus-one
    }
    return history;
  }
}

// One findMany with `in`, then Map lookups inside the loop: silent
export async function attachAuthors(posts: Post[]): Promise<Array<Post & { author: User | undefined }>> {
  const authors = await prisma.user.findMany({ where: { id: { in: posts.map((post) => post.authorId) } } });
  const byId = new Map(authors.map((author) => [author.id, author]));
  return posts.map((post) => ({ ...post, author: byId.get(post.authorId) }));
}

// createMany with rows built by a pure map: silent
export async function importUsers(rows: Array<{ email: string; name: string }>): Promise<number> {
  const { count } = await prisma.user.createMany({ data: rows.map((row) => ({ email: row.email.toLowerCase(), name: row.name, teamId: null })) });
  return count;
}

// offset pagination: each page is requested until an empty page: silent
export async function countAllUsersWithTeam(): Promise<number> {
  const take = 500;
  let skip = 0;
  let withTeam = 0;
  while (true) {
    const page = await prisma.user.findMany({ skip, take, orderBy: { id: 'asc' } });
    if (page.length === 0) break;
    withTeam += page.filter((user) => user.teamId !== null).length;
    skip += take;
  }
  return withTeam;
}

// cursor pagination: each request needs the previous page's last id: silent
export async function collectOrderIds(customerId: string): Promise<number[]> {
  const ids: number[] = [];
  let cursor: number | undefined;
  do {
    const page = await prisma.order.findMany({ where: { customerId }, take: 100, skip: cursor === undefined ? 0 : 1, cursor: cursor === undefined ? undefined : { id: cursor }, orderBy: { id: 'asc' } });
    ids.push(...page.map((order) => order.id));
    cursor = page.length === 100 ? page[page.length - 1].id : undefined;
  } while (cursor !== undefined);
  return ids;
}

// per-item updates handed to the array form of $transaction: silent
export async function cancelOrders(orderIds: number[]): Promise<void> {
  await prisma.$transaction(orderIds.map((id) => prisma.order.update({ where: { id }, data: { status: 'cancelled' } })));
}

// per-item updates collected in a variable, then handed to the array $transaction: silent
export async function applyRefunds(refunds: Array<{ orderId: number; remainingTotal: number }>): Promise<void> {
  const updates = refunds.map((refund) => prisma.order.update({ where: { id: refund.orderId }, data: { status: 'refunded', total: refund.remainingTotal } }));
  await prisma.$transaction(updates);
}

// ordered writes in a loop inside an interactive transaction: silent
export async function reassignPosts(posts: Post[], newAuthorId: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    for (const post of posts) {
      await tx.post.update({ where: { id: post.id }, data: { authorId: newAuthorId } });
    }
  });
}

/** Runs its callback in an interactive transaction, as services wrap Prisma's. */
async function inTransaction<R>(work: (tx: Prisma.TransactionClient) => Promise<R>): Promise<R> {
  return prisma.$transaction(async (tx) => work(tx));
}

/** Runs its callback, in no transaction. */
async function timed<R>(work: () => Promise<R>): Promise<R> {
  const started = Date.now();
  const result = await work();
  console.log(Date.now() - started);
  return result;
}

// ordered writes in a loop inside the transaction a project wrapper opens: silent
export async function reassignPostsWrapped(posts: Post[], newAuthorId: string): Promise<void> {
  await inTransaction(async (tx) => {
    for (const post of posts) {
      await tx.post.update({ where: { id: post.id }, data: { authorId: newAuthorId } });
    }
  });
}

// the same writes handed to a wrapper that opens no transaction: flagged
export async function reassignPostsTimed(posts: Post[], newAuthorId: string): Promise<void> {
  await timed(async () => {
    for (const post of posts) {
      await prisma.post.update({ where: { id: post.id }, data: { authorId: newAuthorId } }); // expect: n-plus-one
    }
  });
}

// loop over an `as const` tuple of statuses: silent
export async function statusBreakdown(): Promise<Record<string, number>> {
  const breakdown: Record<string, number> = {};
  for (const status of ['pending', 'paid', 'shipped'] as const) {
    breakdown[status] = await prisma.order.count({ where: { status } });
  }
  return breakdown;
}

// count that does not depend on the loop element (hoisting hint at most): silent
export async function shareOfUsers(teams: Array<{ id: string; size: number }>): Promise<number[]> {
  const shares: number[] = [];
  for (const team of teams) {
    const totalUsers = await prisma.user.count();
    shares.push(team.size / totalUsers);
  }
  return shares;
}

// returns on the first free email address: silent
export async function firstFreeEmail(candidates: string[]): Promise<string | undefined> {
  for (const email of candidates) {
    const taken = await prisma.user.findUnique({ where: { email } });
    if (taken === null) return email;
  }
  return undefined;
}

// rate-limited reminders with a deliberate sleep between updates: silent
export async function remindSlowly(orders: Order[]): Promise<void> {
  for (const order of orders) {
    await prisma.order.update({ where: { id: order.id }, data: { status: 'reminded' } });
    await sleep(250);
  }
}
