import { Kysely, PostgresDialect, type Generated, type Transaction } from 'kysely';
import { Pool } from 'pg';

interface Database {
  users: { id: Generated<number>; email: string; team_id: number | null };
  orders: { id: Generated<number>; customer_id: number; status: string; total: number };
  teams: { id: Generated<number>; name: string };
}

const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new Pool() }) });

// two independent Kysely reads: flagged
export async function getDashboard(userId: number) {
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  const orders = await db.selectFrom('orders').selectAll().where('customer_id', '=', userId).execute(); // expect: sequential-await
  return { user, orders };
}

// destructured and let-declared reads: flagged
export async function getTeamDirectory() {
  let teams = await db.selectFrom('teams').select(['id', 'name']).orderBy('name').execute();
  const { total } = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(); // expect: sequential-await
  teams = teams.slice(0, 50);
  return { teams, total };
}

// second read needs the user's team id: silent
export async function getUserTeam(userId: number) {
  const user = await db.selectFrom('users').select(['id', 'team_id']).where('id', '=', userId).executeTakeFirstOrThrow();
  const team = await db.selectFrom('teams').selectAll().where('id', '=', user.team_id ?? 0).executeTakeFirst();
  return team;
}

// second await is a write (insert): silent
export async function createTeam(ownerId: number, name: string) {
  const owner = await db.selectFrom('users').selectAll().where('id', '=', ownerId).executeTakeFirst();
  const inserted = await db.insertInto('teams').values({ name }).returning('id').executeTakeFirstOrThrow();
  return { owner, inserted };
}

// a helper given a transaction: one connection, one statement at a time: silent
export async function accountInTransaction(trx: Transaction<Database>, userId: number) {
  const user = await trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  const orders = await trx.selectFrom('orders').selectAll().where('customer_id', '=', userId).execute();
  return { user, orders };
}
