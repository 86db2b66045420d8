import { pool } from '../pool';

export async function ordersOf(customerId: string): Promise<{ id: number; total: number }[]> {
  const { rows } = await pool.query('SELECT id, total FROM orders WHERE customer_id = $1', [customerId]);
  return rows;
}
