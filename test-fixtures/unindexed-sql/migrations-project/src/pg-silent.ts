import { pool } from './db';

// primary key
export async function orderById(id: number) {
  return pool.query('SELECT * FROM orders WHERE id = $1', [id]);
}

// a UNIQUE column
export async function customerByEmail(email: string) {
  return pool.query('SELECT id FROM customers WHERE email = $1', [email]);
}

// both columns of a composite index
export async function ordersInStatusSince(status: string, since: Date) {
  return pool.query('SELECT id FROM orders WHERE status = $1 AND created_at > $2', [status, since]);
}

// the leading column of a composite index alone
export async function paidCount() {
  return pool.query("SELECT count(*) FROM orders WHERE status = 'paid'");
}

// the same expression as an expression index
export async function customerByLowerEmail(email: string) {
  return pool.query('SELECT id FROM customers WHERE lower(email) = lower($1)', [email]);
}

// the partial index's predicate is stated
export async function liveCustomersIn(country: string) {
  return pool.query('SELECT id FROM customers WHERE country = $1 AND deleted_at IS NULL', [country]);
}

// the partial index's boolean predicate is stated
export async function activeIn(category: string) {
  return pool.query('SELECT id FROM products WHERE category = $1 AND archived = false', [category]);
}

// a foreign key with its own index
export async function ordersOf(customerId: number) {
  return pool.query('SELECT id FROM orders WHERE customer_id = $1', [customerId]);
}

// a join to a primary key, driven by an indexed predicate
export async function ordersWithEmail(status: string) {
  return pool.query(
    `SELECT o.id, c.email
       FROM orders o
       JOIN customers c ON c.id = o.customer_id
      WHERE o.status = $1`,
    [status],
  );
}

// the leading column of a composite primary key
export async function itemsOf(orderId: number) {
  return pool.query('SELECT product_id, quantity FROM order_items WHERE order_id = $1', [orderId]);
}

// an OR whose branches are all indexed
export async function customerByEmailOrId(email: string, id: number) {
  return pool.query('SELECT id FROM customers WHERE email = $1 OR id = $2', [email, id]);
}

// ORDER BY the primary key with a LIMIT reads only the first rows
export async function firstProducts() {
  return pool.query('SELECT id FROM products ORDER BY id LIMIT 100');
}

// no WHERE at all: reading everything is the point
export async function allProducts() {
  return pool.query('SELECT id, name FROM products');
}

// = ANY($1) and IN lists on indexed columns
export async function someOrders(ids: number[]) {
  await pool.query('SELECT id FROM orders WHERE id = ANY($1)', [ids]);
  return pool.query("SELECT id FROM products WHERE sku IN ('A-1', 'B-2')");
}

// a LIKE with a fixed prefix on an indexed column
export async function skuPrefix() {
  return pool.query("SELECT id FROM products WHERE sku LIKE 'ABC%'");
}

// a renamed column keeps its index
export async function paymentByReference(reference: string) {
  return pool.query('SELECT id FROM payments WHERE external_ref = $1', [reference]);
}

// the index created after a statement that does not parse still counts
export async function customerByPhone(phone: string) {
  return pool.query('SELECT id FROM customers WHERE phone = $1', [phone]);
}

// one indexed predicate is enough
export async function bigOrdersOf(customerId: number) {
  return pool.query('SELECT id FROM orders WHERE customer_id = $1 AND total_cents > 100', [customerId]);
}

// ORDER BY … LIMIT after the index's equality column
export async function latestInStatus(status: string) {
  return pool.query('SELECT id FROM orders WHERE status = $1 ORDER BY created_at DESC LIMIT 10', [status]);
}

// a CTE read by the outer query
export async function recentTotals(customerId: number) {
  return pool.query('WITH mine AS (SELECT * FROM orders WHERE customer_id = $1) SELECT id FROM mine WHERE total_cents > 5', [customerId]);
}

// text the code does not spell out
export async function dynamic(build: () => string) {
  return pool.query(build());
}

// an interpolated table name is an SQL fragment, not a value
export async function countRows(table: 'orders' | 'products') {
  return pool.query(`SELECT count(*) FROM ${table} WHERE id > 0`);
}

// inserts and whole-table aggregates read no rows by a predicate
export async function record(customerId: number) {
  await pool.query('INSERT INTO orders (customer_id, status, total_cents) VALUES ($1, $2, $3)', [customerId, 'new', 0]);
  return pool.query('SELECT status, count(*) FROM orders GROUP BY status');
}

// a sort led by a boolean column: only an index on every sort key would serve it, not one on `active`
export async function couponsActiveFirst() {
  return pool.query('SELECT id FROM coupons ORDER BY active DESC, created_at DESC LIMIT 20');
}

// a true/false column alone: only a partial index for a rare value would help, and the data decides that
export async function inactiveCoupons() {
  return pool.query('SELECT id FROM coupons WHERE active = false');
}

// rows deleted in batches by their physical address: `ctid` exists on every table and `ctid IN (…)` is a TID scan
export async function purgeShipmentsOf(orderId: number) {
  return pool.query('DELETE FROM shipments WHERE ctid IN (SELECT ctid FROM shipments WHERE order_id = $1 LIMIT 1000)', [orderId]);
}

// PostgreSQL's other system columns are not missing columns either
export async function paymentVersion(id: number) {
  return pool.query('SELECT xmin, xmax, tableoid FROM payments WHERE id = $1', [id]);
}
