import mysql, { type FieldPacket, type RowDataPacket } from 'mysql2/promise';

const pool = mysql.createPool({ uri: process.env.DATABASE_URL });

interface UserRow extends RowDataPacket { id: number; email: string }
interface OrderRow extends RowDataPacket { id: number; customer_id: number; total: number }

// two independent SELECTs destructuring the [rows, fields] tuple: flagged
export async function getDashboard(userId: number) {
  const [users] = await pool.query<UserRow[]>('SELECT id, email FROM users WHERE id = ?', [userId]);
  const [orders] = await pool.query<OrderRow[]>('SELECT * FROM orders WHERE customer_id = ?', [userId]); // expect: sequential-await
  return { user: users[0], orders };
}

// two independent SELECTs with a type annotation: flagged
export async function getLeaderboard() {
  const [top]: [OrderRow[], FieldPacket[]] = await pool.query<OrderRow[]>('SELECT * FROM orders ORDER BY total DESC LIMIT 10');
  const [newest]: [UserRow[], FieldPacket[]] = await pool.query<UserRow[]>('SELECT * FROM users ORDER BY id DESC LIMIT 10'); // expect: sequential-await
  return { top, newest };
}

// second SELECT needs the user's id: silent
export async function getOrdersByEmail(email: string) {
  const [users] = await pool.query<UserRow[]>('SELECT id FROM users WHERE email = ?', [email]);
  const [orders] = await pool.query<OrderRow[]>('SELECT * FROM orders WHERE customer_id = ?', [users[0].id]);
  return orders;
}

// a session setting, then the read that needs it: ordered, silent
export async function slowReport() {
  const connection = await pool.getConnection();
  try {
    await connection.query('SET SESSION max_execution_time = 5000');
    const [rows] = await connection.query<OrderRow[]>('SELECT customer_id, sum(total) AS total FROM orders GROUP BY customer_id');
    return rows;
  } finally {
    connection.release();
  }
}

// two SELECTs on one pooled connection: it runs one statement at a time: silent
export async function getDashboardOnConnection(userId: number) {
  const connection = await pool.getConnection();
  try {
    const [users] = await connection.query<UserRow[]>('SELECT id, email FROM users WHERE id = ?', [userId]);
    const [orders] = await connection.query<OrderRow[]>('SELECT * FROM orders WHERE customer_id = ?', [userId]);
    return { user: users[0], orders };
  } finally {
    connection.release();
  }
}
