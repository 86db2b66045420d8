import { Pool } from 'pg';

export const pool = new Pool({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 5_000, query_timeout: 10_000 });
