import { pool } from './db';

// notes.author_id references accounts with no index: each deleted account scans notes
// (sessions.account_id has its own index, memberships.account_id leads the primary key,
// shares.account_id leads a composite index).
export async function deleteAccount(id: number) {
  await pool.query('DELETE FROM accounts WHERE id = $1', [id]); // expect: unindexed-sql
}

// documents.folder_id (a constraint added by ALTER TABLE) and shares.folder_id (second in its
// composite index) reference folders: two lookups without an index. The dropped constraint of
// archives checks nothing.
export async function deleteFolder(id: number) {
  await pool.query('DELETE FROM folders WHERE id = $1', [id]); // expect: unindexed-sql, unindexed-sql
}

// Only tables nothing references are deleted from: nothing is looked up.
export async function deleteNote(id: number) {
  await pool.query('DELETE FROM notes WHERE id = $1', [id]);
}

export async function deleteSession(id: number) {
  await pool.query('DELETE FROM sessions WHERE id = $1', [id]);
}

// Reading the referenced table deletes nothing.
export async function account(id: number) {
  return pool.query('SELECT * FROM accounts WHERE id = $1', [id]);
}
