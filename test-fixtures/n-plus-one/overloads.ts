import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

interface Account {
  id: number;
  email: string;
}

// Overloads of the project's own function: a call reaches the implementation, which queries.
export async function findAccount(id: number): Promise<Account | undefined>;
export async function findAccount(id: number, withDeleted: boolean): Promise<Account | undefined>;
export async function findAccount(id: number, withDeleted = false): Promise<Account | undefined> {
  const { rows } = await pool.query<Account>(`SELECT id, email FROM accounts WHERE id = $1${withDeleted ? '' : ' AND deleted_at IS NULL'}`, [id]);
  return rows[0];
}

export class Accounts {
  static async byId(id: number): Promise<Account | undefined>;
  static async byId(id: number, fields: readonly string[]): Promise<Account | undefined>;
  static async byId(id: number, fields: readonly string[] = ['id', 'email']): Promise<Account | undefined> {
    const { rows } = await pool.query<Account>(`SELECT ${fields.join(', ')} FROM accounts WHERE id = $1`, [id]);
    return rows[0];
  }
}

// An overloaded function per id: flagged
export async function accountsOf(ids: number[]): Promise<Array<Account | undefined>> {
  const found: Array<Account | undefined> = [];
  for (const id of ids) found.push(await findAccount(id)); // expect: n-plus-one
  return found;
}

// An overloaded static method per id: flagged
export async function emailsOf(ids: number[]): Promise<string[]> {
  const emails: string[] = [];
  for (const id of ids) {
    const account = await Accounts.byId(id, ['email']); // expect: n-plus-one
    if (account) emails.push(account.email);
  }
  return emails;
}

// Overloads whose implementation only formats: no I/O per id, not flagged
export function label(id: number): string;
export function label(id: number, prefix: string): string;
export function label(id: number, prefix = 'account'): string {
  return `${prefix}-${id}`;
}

export async function labelsOf(ids: number[]): Promise<string[]> {
  const labels: string[] = [];
  for (const id of ids) labels.push(label(id, 'user'));
  return labels;
}
