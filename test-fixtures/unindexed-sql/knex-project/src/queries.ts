import knexFactory from 'knex';

export const knex = knexFactory({ client: 'pg' });

// A unique column (`.unique()` on the column)
export async function accountByEmail(email: string) {
  return knex('accounts').where({ email }).first();
}

// An index added by a later migration
export async function accountsOnPlan(plan: string) {
  return knex('accounts').where('plan', plan);
}

// The primary key of `increments`
export async function accountById(id: number) {
  return knex('accounts').where('id', id).first();
}

// The leading column of a composite index
export async function invoicesOf(accountId: number) {
  return knex('invoices').where('account_id', accountId).orderBy('due_at');
}

// A table-level unique index
export async function invoiceByNumber(number: string) {
  return knex('invoices').where({ number }).first();
}

// An index a later migration dropped
export async function invoicesIn(status: string) {
  return knex('invoices').where({ status }); // expect: unindexed-sql
}

// The second column of a composite index, alone
export async function dueBefore(date: Date) {
  return knex('invoices').where('due_at', '<', date); // expect: unindexed-sql
}

// A renamed column with no index
export async function unpaid(min: number) {
  return knex('invoices').where('amount_cents', '>=', min); // expect: unindexed-sql
}

// `timestamps(true, true)` made created_at; no index on it
export async function newestAccount() {
  return knex('accounts').orderBy('created_at', 'desc').first(); // expect: unindexed-sql
}
