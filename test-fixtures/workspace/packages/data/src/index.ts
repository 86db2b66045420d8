import { pool } from './pool';

export interface Customer {
  readonly id: string;
  readonly name: string;
}

export async function findCustomer(id: string): Promise<Customer | undefined> {
  const { rows } = await pool.query<Customer>('SELECT id, name FROM customers WHERE id = $1', [id]);
  return rows[0];
}

export async function findCustomers(ids: readonly string[]): Promise<Customer[]> {
  const { rows } = await pool.query<Customer>('SELECT id, name FROM customers WHERE id = ANY($1)', [ids]);
  return rows;
}

/** Pure: no I/O, callers may loop over it. */
export function displayName(customer: Customer): string {
  return customer.name.trim();
}
