import { createClient } from 'redis';

const client = createClient();

export async function load(key: string) {
  await client.get(key); // io: node-redis read
  await client.hSet(key, 'field', '1'); // io: node-redis write
}
