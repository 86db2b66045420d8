import { prisma, pool } from './db';
import type { User } from '../generated/prisma';

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

type NewUser = Omit<User, 'id' | 'createdAt'>;

// --- batches: one call per chunk of items is the batched form ---------------------------

// findMany with `in` per chunk of 500 ids: silent
export async function usersInChunks(ids: string[]): Promise<User[]> {
  const users: User[] = [];
  for (const part of chunk(ids, 500)) {
    users.push(...(await prisma.user.findMany({ where: { id: { in: part } } })));
  }
  return users;
}

// createMany per chunk: silent
export async function importUsers(rows: NewUser[]): Promise<void> {
  for (const part of chunk(rows, 1000)) {
    await prisma.user.createMany({ data: part });
  }
}

// ids mapped out of each chunk of users first: silent
export async function postsOfUsers(users: User[]): Promise<number> {
  let total = 0;
  for (const group of chunk(users, 200)) {
    const authorIds = group.map((user) => user.id);
    total += await prisma.post.count({ where: { authorId: { in: authorIds } } });
  }
  return total;
}

// pg `= ANY($1)` with each chunk as one array parameter: silent
export async function deactivate(ids: string[]): Promise<void> {
  for (const part of chunk(ids, 1000)) {
    await pool.query('UPDATE users SET active = false WHERE id = ANY($1)', [part]);
  }
}

// --- arrays that are one item each ------------------------------------------------------------

// each CSV row bound as one statement's values: flagged
export async function insertCsvRows(rows: string[][]): Promise<void> {
  for (const row of rows) {
    await pool.query('INSERT INTO users (email, name) VALUES ($1, $2)', row); // expect: n-plus-one
  }
}

// each row destructured into one create: flagged
export async function createFromRows(rows: string[][]): Promise<void> {
  for (const row of rows) {
    const [email, name] = row;
    await prisma.user.create({ data: { email: email!, name: name ?? null, teamId: null } }); // expect: n-plus-one
  }
}

// each row indexed: flagged
export async function findByFirstColumn(rows: string[][]): Promise<Array<User | null>> {
  const found: Array<User | null> = [];
  for (const row of rows) {
    found.push(await prisma.user.findUnique({ where: { id: row[0]! } })); // expect: n-plus-one
  }
  return found;
}

// the items of each chunk looked up one by one: flagged at the inner loop
export async function usersOneByOne(ids: string[]): Promise<Array<User | null>> {
  const users: Array<User | null> = [];
  for (const part of chunk(ids, 100)) {
    for (const id of part) {
      users.push(await prisma.user.findUnique({ where: { id } })); // expect: n-plus-one
    }
  }
  return users;
}

// a chunk query repeated per tenant: flagged at the tenant loop
export async function usersPerTenant(tenants: string[], ids: string[]): Promise<number> {
  let total = 0;
  for (const tenant of tenants) {
    for (const part of chunk(ids, 500)) {
      total += await prisma.user.count({ where: { teamId: tenant, id: { in: part } } }); // expect: n-plus-one
    }
  }
  return total;
}

// --- index loops that step over chunks ------------------------------------------------------

// deleteMany per slice of BATCH ids, the step a constant or an option: silent
export async function deleteInSlices(ids: string[], batchSize = 100): Promise<void> {
  const BATCH = 500;
  for (let start = 0; start < ids.length; start += BATCH) {
    const part = ids.slice(start, start + BATCH);
    await prisma.user.deleteMany({ where: { id: { in: part } } });
  }
  for (let offset = 0; offset < ids.length; offset += batchSize) {
    await prisma.post.deleteMany({ where: { authorId: { in: ids.slice(offset, offset + batchSize) } } });
  }
}

// a slice per round, a cap in the condition, the first round told apart by its counter: silent
export async function deleteCapped(ids: string[], batchSize: number, max: number): Promise<string[]> {
  const sample: string[] = [];
  let deleted = 0;
  for (let start = 0; start < ids.length && deleted < max; start += batchSize) {
    const part = ids.slice(start, start + batchSize);
    await prisma.user.deleteMany({ where: { id: { in: part } } });
    deleted += part.length;
    if (start === 0) sample.push(...part.slice(0, 10));
  }
  return sample;
}

// a step of two that reads each element on its own: flagged
export async function pairs(ids: string[]): Promise<Array<User | null>> {
  const users: Array<User | null> = [];
  for (let index = 0; index < ids.length; index += 2) {
    users.push(await prisma.user.findUnique({ where: { id: ids[index]! } })); // expect: n-plus-one
  }
  return users;
}

// --- the entries of an object written out in the code ----------------------------------------

const HEALTH_TABLES = { users: 'SELECT 1 FROM users LIMIT 1', posts: 'SELECT 1 FROM posts LIMIT 1' };

// one probe per table of a constant object: silent (its keys are fixed by its type)
export async function probeTables(): Promise<string[]> {
  const failing: string[] = [];
  for (const [table, probe] of Object.entries(HEALTH_TABLES)) {
    const { rowCount } = await pool.query(`${probe} -- ${table}`);
    if (!rowCount) failing.push(table);
  }
  return failing;
}

const TEAM_OWNERS: Record<string, string> = { core: 'u1', growth: 'u2' };

// the entries of an object typed as a record (it may grow): flagged
export async function ownersOfTeams(): Promise<Array<User | null>> {
  const owners: Array<User | null> = [];
  for (const ownerId of Object.values(TEAM_OWNERS)) {
    owners.push(await prisma.user.findUnique({ where: { id: ownerId } })); // expect: n-plus-one
  }
  return owners;
}

// the entries of an object passed in: flagged
export async function renameTeams(names: { [teamId: string]: string }): Promise<void> {
  for (const [teamId, name] of Object.entries(names)) {
    await pool.query('UPDATE teams SET name = $1 WHERE id = $2', [name, teamId]); // expect: n-plus-one
  }
}
