import { pool } from './db';

// a table a later migration dropped
export async function auditBy(actor: string) {
  return pool.query('SELECT action FROM audit_log WHERE actor = $1', [actor]); // expect: unindexed-sql
}

// a column a later migration dropped
export async function orderNote(id: number) {
  return pool.query('SELECT note FROM orders WHERE id = $1', [id]); // expect: unindexed-sql
}

// a typo in a qualified column
export async function customerOfOrder(id: number) {
  return pool.query('SELECT c.emial FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = $1', [id]); // expect: unindexed-sql
}

// SQL that does not parse
export async function broken(id: number) {
  return pool.query('SELEC id FROM orders WHERE id = $1', [id]); // expect: unindexed-sql
}
