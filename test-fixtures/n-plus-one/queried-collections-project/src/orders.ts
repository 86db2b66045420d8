import { Pool } from 'pg';

const pool = new Pool({ connectionTimeoutMillis: 5_000, query_timeout: 10_000 });

interface Order {
  id: number;
  customer_id: number;
  lines: { product_id: number }[];
}

async function customerOf(id: number) {
  const { rows } = await pool.query('SELECT * FROM customers WHERE id = $1', [id]);
  return rows[0];
}

// The rows of a query, one lookup each: flagged
export async function invoicesOfDay(day: string) {
  const { rows: orders } = await pool.query<Order>('SELECT * FROM orders WHERE day = $1', [day]);
  const customers = [];
  for (const order of orders) {
    customers.push(await customerOf(order.customer_id)); // expect: n-plus-one
  }
  return customers;
}

// A list derived from the rows (filtered, mapped): flagged
export async function emailsOfLateOrders() {
  const result = await pool.query<Order>('SELECT * FROM orders WHERE shipped_at IS NULL');
  const ids = result.rows.filter((order) => order.lines.length > 0).map((order) => order.customer_id);
  return Promise.all(ids.map((id) => pool.query('SELECT email FROM customers WHERE id = $1', [id]))); // expect: n-plus-one
}

// The children of a row read here: flagged
export async function productsOfOrder(id: number) {
  const { rows } = await pool.query<Order>('SELECT * FROM orders WHERE id = $1', [id]);
  for (const line of rows[0]!.lines) {
    await pool.query('UPDATE products SET reserved = reserved + 1 WHERE id = $1', [line.product_id]); // expect: n-plus-one
  }
}

// A parameter whose caller passes rows: flagged, through the call
async function remind(orders: Order[]) {
  for (const order of orders) {
    await pool.query('INSERT INTO reminders (order_id) VALUES ($1)', [order.id]); // expect: n-plus-one
  }
}

export async function remindUnpaid() {
  const { rows } = await pool.query<Order>('SELECT * FROM orders WHERE paid = false');
  await remind(rows);
}

// A parameter no caller in the project shows (an exported entry point): silent by default
export async function customersOf(ids: number[]) {
  const customers = [];
  for (const id of ids) customers.push(await customerOf(id));
  return customers;
}

// A parameter whose callers pass a handful of literal values: silent
async function touch(tables: string[]) {
  for (const table of tables) await pool.query('SELECT 1 FROM customers WHERE name = $1', [table]);
}

export async function warmUp() {
  await touch(['orders', 'customers']);
}

// A list computed here from text (ids mentioned in a comment): silent by default
export async function mentioned(text: string) {
  const ids = text.match(/#\d+/g) ?? [];
  return Promise.all(ids.map((id) => customerOf(Number(id.slice(1)))));
}
