import { drizzle } from 'drizzle-orm/node-postgres';

const db = drizzle('postgres://localhost/shop');

export async function load(users: unknown, id: string) {
  await db.select().from(users as any).where(id as any); // io: Drizzle read
  await db.insert(users as any).values({ id }); // io: Drizzle write
}
