import { Kysely } from 'kysely';

const db = new Kysely<any>({} as any);

export async function load(id: string) {
  await db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst(); // io: Kysely read
  await db.deleteFrom('person').where('id', '=', id).execute(); // io: Kysely write
}
