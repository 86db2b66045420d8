import mysql from 'mysql2/promise';

// mysql2 bounds connecting at 10 s by default (`connectTimeout`), a safe default: silent.

// createPool without connectTimeout: silent (the 10 s default applies)
export const shopPool = mysql.createPool({ host: 'shop-db.internal', connectionLimit: 10 });

// createConnection with connectTimeout: silent
export async function connectReporting(): Promise<mysql.Connection> {
  return mysql.createConnection({ host: 'reporting-db.internal', connectTimeout: 2_000 });
}
