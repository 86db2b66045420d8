import Redis from 'ioredis';

const redis = new Redis({ commandTimeout: 1000 });

export async function load(key: string) {
  await redis.get(key); // io: ioredis read
  await redis.set(key, '1'); // io: ioredis write
}
