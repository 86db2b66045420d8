import { sql as drizzleSql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Kysely, PostgresDialect, sql, type Generated } from 'kysely';
import { pool } from './db';

interface Database {
  orders: { id: Generated<number>; total_cents: number };
}

const db = drizzle(pool);
const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });

// drizzle's sql template handed to db.execute: interpolations are parameters
export async function drizzleTotals(total: number) {
  return db.execute(drizzleSql`SELECT id FROM orders WHERE total_cents = ${total}`); // expect: unindexed-sql
}

// drizzle on the primary key
export async function drizzleById(id: number) {
  return db.execute(drizzleSql`SELECT id FROM orders WHERE id = ${id}`);
}

// Kysely's sql template executed on the database
export async function kyselyTotals(total: number) {
  return sql<{ id: number }>`SELECT id FROM orders WHERE total_cents > ${total}`.execute(kysely); // expect: unindexed-sql
}

// Kysely on an indexed foreign key
export async function kyselyOrdersOf(customerId: number) {
  return sql<{ id: number }>`SELECT id FROM orders WHERE customer_id = ${customerId}`.execute(kysely);
}
