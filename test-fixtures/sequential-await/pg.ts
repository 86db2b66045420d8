import { Pool, type Client, type QueryResult } from 'pg';

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

// a transaction on a client from the pool: one connection runs one statement at a time: silent
export async function transferReport(userId: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    const { rows: users } = await client.query<UserRow>('SELECT * FROM users WHERE id = $1', [userId]);
    const { rows: orders } = await client.query<OrderRow>('SELECT * FROM orders WHERE customer_id = $1', [userId]);
    await client.query('COMMIT');
    return { user: users[0], orders };
  } finally {
    client.release();
  }
}

// session settings before a read, on one connection: silent
export async function explainOrders(client: Client) {
  await client.query('SET LOCAL statement_timeout = 5000');
  await client.query('SET LOCAL enable_seqscan = off');
  return client.query('EXPLAIN SELECT * FROM orders');
}

// a connection held by a repository: silent
export class ReportRepository {
  constructor(private readonly client: Client) {}

  async totals() {
    const users = await this.client.query<{ n: string }>('SELECT count(*) AS n FROM users');
    const orders = await this.client.query<{ n: string }>('SELECT count(*) AS n FROM orders');
    return { users: users.rows[0].n, orders: orders.rows[0].n };
  }
}

// two connections of the pool can run their reads together: flagged
export async function compareAccounts(leftId: number, rightId: number) {
  const left = await pool.connect();
  const right = await pool.connect();
  const { rows: a } = await left.query<UserRow>('SELECT * FROM users WHERE id = $1', [leftId]);
  const { rows: b } = await right.query<UserRow>('SELECT * FROM users WHERE id = $1', [rightId]); // expect: sequential-await
  left.release();
  right.release();
  return [a[0], b[0]];
}
