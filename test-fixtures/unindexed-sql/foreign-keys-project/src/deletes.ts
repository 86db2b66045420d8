import express from 'express';
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

// A purge run by a job, not per request: its lookups cost the job's time. Silent.
export async function purgeAccounts(ids: number[]) {
  await pool.query('DELETE FROM accounts WHERE id = ANY($1)', [ids]);
}

// Reading the referenced table deletes nothing.
export async function account(id: number) {
  return pool.query('SELECT * FROM accounts WHERE id = $1', [id]);
}

// Deletes are frequent where a request makes them: these handlers reach the deletes above.
export const router = express.Router();
router.delete('/accounts/:id', async (req, res) => {
  await deleteAccount(Number(req.params.id));
  res.sendStatus(204);
});
router.delete('/folders/:id', async (req, res) => {
  await deleteFolder(Number(req.params.id));
  await deleteNote(Number(req.params.id));
  await deleteSession(Number(req.params.id));
  res.sendStatus(204);
});
