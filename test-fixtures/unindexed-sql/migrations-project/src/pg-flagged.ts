import { pool } from './db';

// a range on a column with no index
export async function bigOrders(min: number) {
  return pool.query('SELECT id FROM orders WHERE total_cents > $1', [min]); // expect: unindexed-sql
}

// equality on a column with no index
export async function customersNamed(name: string) {
  return pool.query('SELECT id FROM customers WHERE name = $1', [name]); // expect: unindexed-sql
}

// a foreign key PostgreSQL did not index
export async function paymentsOf(orderId: number) {
  return pool.query('SELECT * FROM payments WHERE order_id = $1', [orderId]); // expect: unindexed-sql
}

// its index was dropped by a later migration
export async function capturedSince(since: Date) {
  return pool.query('SELECT id FROM payments WHERE captured_at >= $1', [since]); // expect: unindexed-sql
}

// an expression over a column: only an index on the same expression serves it
export async function customersByUpperEmail(email: string) {
  return pool.query('SELECT id FROM customers WHERE upper(email) = $1', [email]); // expect: unindexed-sql
}

// the second column of a composite index does not serve a query alone
export async function recentOrders(since: Date) {
  return pool.query(
    `SELECT id, status
       FROM orders
      WHERE created_at > $1 -- expect: unindexed-sql
      ORDER BY created_at
      LIMIT 20`,
    [since],
  );
}

// a partial index serves only queries that state its predicate
export async function customersIn(country: string) {
  return pool.query('SELECT id FROM customers WHERE country = $1', [country]); // expect: unindexed-sql
}

// the partial index is for archived = false
export async function archivedIn(category: string) {
  return pool.query('SELECT id FROM products WHERE category = $1 AND archived = true', [category]); // expect: unindexed-sql
}

// an OR uses indexes only when every branch has one
export async function findContact(email: string, name: string) {
  return pool.query('SELECT id FROM customers WHERE email = $1 OR name = $2', [email, name]); // expect: unindexed-sql
}

// the joined table has no index on its join column
export async function paidAmounts(customerId: number) {
  return pool.query(
    `SELECT o.id, p.amount_cents
       FROM orders o
       JOIN payments p ON p.order_id = o.id -- expect: unindexed-sql
      WHERE o.customer_id = $1`,
    [customerId],
  );
}

// the first rows in an order no index has: every row is read and sorted
export async function newestCustomers() {
  return pool.query('SELECT id, email FROM customers ORDER BY created_at DESC LIMIT 50'); // expect: unindexed-sql
}

// an interpolation becomes a parameter; the column is second in its composite index
export async function byTrackingCode(code: string) {
  return pool.query(`SELECT id FROM shipments WHERE tracking_code = '${code}'`); // expect: unindexed-sql
}

// text built from constants of the same file
const ORDERS = 'orders';
const ORDERS_BY_TOTAL = `SELECT id FROM ${ORDERS} WHERE total_cents = $1`; // expect: unindexed-sql
export async function ordersTotalling(total: number) {
  return pool.query(ORDERS_BY_TOTAL, [total]);
}

// a query config object
export async function shippedBefore(before: Date) {
  return pool.query({ text: 'SELECT id FROM shipments WHERE shipped_at < $1', values: [before] }); // expect: unindexed-sql
}

// updates and deletes find their rows the same way
export async function voidEmptyOrders() {
  await pool.query("UPDATE orders SET status = 'void' WHERE total_cents = 0"); // expect: unindexed-sql
  await pool.query('DELETE FROM payments WHERE amount_cents < 0'); // expect: unindexed-sql
}

// a subquery reads its own table
export async function bigSpenders(min: number) {
  return pool.query('SELECT id FROM customers WHERE id IN (SELECT customer_id FROM orders WHERE total_cents > $1)', [min]); // expect: unindexed-sql
}

// unindexed IS NULL
export async function undelivered() {
  return pool.query('SELECT id FROM shipments WHERE delivered_at IS NULL AND shipped_at IS NOT NULL'); // expect: unindexed-sql
}

// the selective column is reported, not the boolean, the enum or the soft-delete marker beside it
export async function couponByCode(code: string) {
  await pool.query("SELECT id FROM coupons WHERE active = true AND kind = 'fixed' AND code = $1", [code]); // expect: unindexed-sql
  return pool.query('SELECT id FROM coupons WHERE revoked_at IS NULL AND created_at > $1', [new Date(0)]); // expect: unindexed-sql
}

// a column of a few values alone is still reported: when the value asked for is rare (the few admins among users), an index on it pays
export async function fixedCoupons() {
  return pool.query("SELECT id FROM coupons WHERE kind = 'fixed'"); // expect: unindexed-sql
}

// a batched delete by `ctid` still reads every row when the batch's own filter has no index
export async function purgeOrdersAbove(min: number) {
  return pool.query('DELETE FROM orders WHERE ctid IN (SELECT ctid FROM orders WHERE total_cents > $1 LIMIT 1000)', [min]); // expect: unindexed-sql
}
