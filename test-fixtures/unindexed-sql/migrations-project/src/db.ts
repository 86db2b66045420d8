import knexFactory, { type Knex } from 'knex';
import { Pool } from 'pg';

export const pool = new Pool({ connectionString: process.env.DATABASE_URL, statement_timeout: 5_000 });
export const knex: Knex = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL });
