import type { User } from '../generated/prisma';
import { pool, prisma } from './db';

// Three queries per user in one loop: one finding, on the first; the others are related locations.
export async function syncUsers(incoming: User[]): Promise<void> {
  for (const user of incoming) {
    const existing = await prisma.user.findUnique({ where: { id: user.id } }); // expect: n-plus-one
    if (existing) await prisma.user.update({ where: { id: user.id }, data: { name: user.name } });
    else await prisma.user.create({ data: { email: user.email, name: user.name, teamId: user.teamId } });
  }
}

// Two loops, two findings.
export async function touchTeams(users: User[], teamIds: string[]): Promise<void> {
  for (const user of users) await prisma.user.update({ where: { id: user.id }, data: { name: null } }); // expect: n-plus-one
  for (const teamId of teamIds) await prisma.user.updateMany({ where: { teamId }, data: { teamId: null } }); // expect: n-plus-one
}

// Statements that change the schema are each their own: nothing to batch, silent.
export async function dropTables(tables: string[]): Promise<void> {
  for (const table of tables) {
    await pool.query(`DROP TABLE IF EXISTS "${table}"`);
  }
}

export async function addColumns(columns: { table: string; name: string }[]): Promise<void> {
  for (const column of columns) {
    await pool.query(`ALTER TABLE "${column.table}" ADD COLUMN "${column.name}" text`);
  }
}
