import { Pool, type QueryResult } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

type UserRow = { id: number; email: string; team_id: number | null };
type OrderRow = { id: number; customer_id: number; status: string; total: number };

class NotFoundError extends Error {}

// two independent SELECTs destructuring rows: flagged
export async function getDashboard(userId: number) {
  const { rows: users } = await pool.query<UserRow>('SELECT id, email, team_id FROM users WHERE id = $1', [userId]);
  const { rows: orders } = await pool.query<OrderRow>('SELECT * FROM orders WHERE customer_id = $1', [userId]); // expect: sequential-await
  return { user: users[0], orders };
}

// SELECTs with a type annotation on the result: flagged
export async function getOpenOrders(userId: number) {
  const user: QueryResult<UserRow> = await pool.query<UserRow>('SELECT * FROM users WHERE id = $1', [userId]);
  const open: QueryResult<OrderRow> = await pool.query<OrderRow>("SELECT * FROM orders WHERE status = 'open'"); // expect: sequential-await
  return { user: user.rows[0], open: open.rows };
}

// three independent SELECTs in a row: one finding, on the second
export async function getAdminStats() {
  const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM users');
  const totals = await pool.query<{ sum: string }>('SELECT sum(total) AS sum FROM orders'); // expect: sequential-await
  const latest = await pool.query<OrderRow>('SELECT * FROM orders ORDER BY id DESC LIMIT 10');
  return { users: Number(rows[0].n), revenue: Number(totals.rows[0].sum), latest: latest.rows };
}

// second SELECT needs the user's id: silent
export async function getOrdersByEmail(email: string) {
  const { rows } = await pool.query<UserRow>('SELECT * FROM users WHERE email = $1', [email]);
  const orders = await pool.query<OrderRow>('SELECT * FROM orders WHERE customer_id = $1', [rows[0].id]);
  return orders.rows;
}

// a guard on the first result sits between the SELECTs: silent
export async function getRecentOrders(userId: number) {
  const { rows } = await pool.query<UserRow>('SELECT * FROM users WHERE id = $1', [userId]);
  if (rows.length === 0) throw new NotFoundError('user');
  const recent = await pool.query<OrderRow>('SELECT * FROM orders ORDER BY id DESC LIMIT 20');
  return { user: rows[0], recent: recent.rows };
}

// a single SELECT: silent
export async function getUser(userId: number) {
  const { rows } = await pool.query<UserRow>('SELECT * FROM users WHERE id = $1', [userId]);
  return rows[0];
}
