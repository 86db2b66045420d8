import { Pool } from 'pg';

const pool = new Pool({ statement_timeout: 5000 });

export async function load(id: string) {
  await pool.query('SELECT * FROM users WHERE id = $1', [id]); // io: pg read
  await pool.query('DELETE FROM users WHERE id = $1', [id]); // io: pg write
}
