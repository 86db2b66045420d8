import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';

interface Database {
  accounts: { id: number; email: string; plan: string | null; created_at: Date };
  invoices: { id: number; account_id: number; number: string; status: string | null; amount_cents: number; due_at: Date };
}

export const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new Pool({ statement_timeout: 5_000 }) }) });

// A unique column
export async function accountByEmail(email: string) {
  return db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst();
}

// The leading column of a composite index, in a list
export async function invoicesOf(accountIds: number[]) {
  return db.selectFrom('invoices').select(['id', 'number']).where('account_id', 'in', accountIds).execute();
}

// A column whose index a later migration dropped
export async function invoicesIn(status: string) {
  return db.selectFrom('invoices').selectAll().where('status', '=', status).execute(); // expect: unindexed-sql
}

// A range on a column with no index, in a delete
export async function forgetPaid(max: number) {
  return db.deleteFrom('invoices').where('amount_cents', '<=', max).execute(); // expect: unindexed-sql
}

// Newest first under a limit, on a column with no index
export async function newestAccounts() {
  return db.selectFrom('accounts').selectAll().orderBy('created_at', 'desc').limit(10).execute(); // expect: unindexed-sql
}

// A condition no btree index serves is left out; the order is then not judged alone
export async function otherPlans(plan: string) {
  return db.selectFrom('accounts').selectAll().where('plan', '!=', plan).orderBy('created_at', 'desc').limit(10).execute();
}

// A filter given as a callback is not read
export async function byEither(email: string, plan: string) {
  return db.selectFrom('accounts').selectAll().where((eb) => eb.or([eb('email', '=', email), eb('plan', '=', plan)])).execute();
}
