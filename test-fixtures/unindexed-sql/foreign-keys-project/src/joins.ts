import { pool } from './db';

// A join through an unindexed foreign key from one known account: notes is scanned.
export async function notesOf(email: string) {
  return pool.query('SELECT n.body FROM accounts a JOIN notes n ON n.author_id = a.id WHERE a.email = $1', [email]); // expect: unindexed-sql
}

// Through an indexed one: sessions is reached by its index.
export async function sessionsOf(email: string) {
  return pool.query('SELECT s.expires_at FROM accounts a JOIN sessions s ON s.account_id = a.id WHERE a.email = $1', [email]);
}

// documents.label_id references labels, but nothing deletes labels or joins through it: no finding.
export async function documentTitled(id: number) {
  return pool.query('SELECT title FROM documents WHERE id = $1', [id]);
}
