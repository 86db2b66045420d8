import mysql from 'mysql2/promise';

const pool = mysql.createPool({ uri: 'mysql://localhost/shop' });

export async function load(id: string) {
  await pool.query('SELECT * FROM users WHERE id = ?', [id]); // io: mysql2 read
  await pool.execute('UPDATE users SET seen = 1 WHERE id = ?', [id]); // io: mysql2 write
}
