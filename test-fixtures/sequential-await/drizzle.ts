import { count, eq } from 'drizzle-orm';
import { drizzle, type NodePgTransaction } from 'drizzle-orm/node-postgres';
import { boolean, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';

const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull(),
  teamId: integer('team_id'),
});

const orders = pgTable('orders', {
  id: serial('id').primaryKey(),
  customerId: integer('customer_id').notNull(),
  status: text('status').notNull(),
  total: integer('total').notNull(),
});

const flags = pgTable('feature_flags', {
  key: text('key').primaryKey(),
  enabled: boolean('enabled').notNull(),
});

const db = drizzle(process.env.DATABASE_URL!);

// two independent Drizzle selects: flagged
export async function getDashboard(userId: number) {
  const user = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  const recent = await db.select().from(orders).where(eq(orders.customerId, userId)); // expect: sequential-await
  return { user: user[0], recent };
}

// destructured selects, three in a row: one finding, on the second
export async function getAdminStats() {
  const [{ userCount }] = await db.select({ userCount: count() }).from(users);
  const [{ orderCount }] = await db.select({ orderCount: count() }).from(orders); // expect: sequential-await
  const enabled = await db.select().from(flags).where(eq(flags.enabled, true));
  return { userCount, orderCount, enabled };
}

// second select needs the user's id: silent
export async function getOrdersByEmail(email: string) {
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  const list = await db.select().from(orders).where(eq(orders.customerId, user.id));
  return list;
}

// first await is a write (insert): silent
export async function addOrder(customerId: number, total: number) {
  const inserted = await db.insert(orders).values({ customerId, status: 'open', total });
  const enabled = await db.select().from(flags).where(eq(flags.enabled, true));
  return { inserted, enabled };
}

// a helper given a transaction: one connection, one statement at a time: silent
export async function accountInTransaction(tx: NodePgTransaction<Record<string, never>, Record<string, never>>, userId: number) {
  const user = await tx.select().from(users).where(eq(users.id, userId)).limit(1);
  const recent = await tx.select().from(orders).where(eq(orders.customerId, userId));
  return { user: user[0], recent };
}
