import mysql from 'mysql2/promise';

const connection = mysql.createPool({ uri: process.env.MYSQL_URL, connectTimeout: 5_000 });

// MySQL syntax: backticks and `?` placeholders
export async function productsByName(name: string) {
  return connection.query('SELECT `id` FROM `products` WHERE `name` = ?', [name]); // expect: unindexed-sql
}

// MySQL-only grammar is not reported as a syntax error
export async function lockedRead(id: number) {
  return connection.execute('SELECT id FROM products WHERE id = ? LOCK IN SHARE MODE', [id]);
}

// the primary key
export async function productById(id: number) {
  return connection.execute('SELECT `name` FROM `products` WHERE `id` = ?', [id]);
}
