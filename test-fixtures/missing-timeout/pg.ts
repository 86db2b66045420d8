import pg, { Client, Pool, type PoolConfig } from 'pg';

// pg sets no statement, query or connection timeout: all three default to 0, no limit.

// a Pool with no config: flagged (the fix adds `{ statement_timeout }`)
export const reportingPool = new Pool(); // expect: missing-timeout

// a Pool config without any timeout: flagged (the fix merges into it)
export const ordersPool = new Pool({ host: 'orders-db.internal', max: 10 }); // expect: missing-timeout

// a Client with a connection string that carries no timeout: flagged (the fix merges into it)
export const auditClient = new Client({ connectionString: 'postgres://audit-db.internal/audit' }); // expect: missing-timeout

// a Pool through the namespace import, multi-line config: flagged (the fix adds a line)
export const analyticsPool = new pg.Pool({ // expect: missing-timeout
  host: 'analytics-db.internal',
  max: 5,
});

// statement_timeout set to 0 is no limit: flagged (no fix: the option is already written)
export const batchPool = new Pool({ host: 'batch-db.internal', statement_timeout: 0 }); // expect: missing-timeout

// a Pool with statement_timeout: silent
export const usersPool = new Pool({ host: 'users-db.internal', statement_timeout: 5_000 });

// a Client with connectionTimeoutMillis and query_timeout: silent
export const ledgerClient = new Client({ host: 'ledger-db.internal', connectionTimeoutMillis: 2_000, query_timeout: 5_000 });

// a connection string carrying `options=-c statement_timeout=…`: silent
export const searchPool = new Pool({ connectionString: 'postgres://search-db.internal/search?options=-c%20statement_timeout%3D5000' });

const REPORTS_URL = 'postgres://reports-db.internal/reports?options=-c%20statement_timeout%3D30000';

// a same-file constant connection string carrying the option: silent
export const reportsPool = new Pool({ connectionString: REPORTS_URL });

// a config handed in by the caller, typed PoolConfig: silent (it may carry a timeout)
export function createPool(config: PoolConfig): Pool {
  return new Pool(config);
}
