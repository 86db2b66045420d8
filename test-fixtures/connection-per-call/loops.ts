import { Pool } from 'pg';
import mysql from 'mysql2/promise';

export interface Tenant {
  readonly url: string;
}

// A pool per element: every tenant pays a connection, and none is reused.
export async function countAll(tenants: Tenant[]): Promise<number> {
  let total = 0;
  for (const tenant of tenants) {
    const perTenant = new Pool({ connectionString: tenant.url }); // expect: connection-per-call
    const { rows } = await perTenant.query<{ n: number }>('SELECT count(*) AS n FROM users');
    total += rows[0]?.n ?? 0;
    await perTenant.end();
  }
  return total;
}

export async function pingAll(hosts: string[]): Promise<void> {
  await Promise.all(
    hosts.map(async (host) => {
      const connection = await mysql.createConnection({ host }); // expect: connection-per-call
      await connection.ping();
      await connection.end();
    }),
  );
}

// Start-up: one pool per configured shard, made once.
async function connectShards(urls: string[]): Promise<Pool[]> {
  return urls.map((url) => new Pool({ connectionString: url }));
}
export const shards = connectShards((process.env['SHARDS'] ?? '').split(','));
