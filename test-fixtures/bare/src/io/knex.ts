import knex from 'knex';

const db = knex({ client: 'pg' });

export async function load(id: string) {
  await db('users').where({ id }).first(); // io: Knex read
  await db('users').where({ id }).update({ seen: true }); // io: Knex write
}
