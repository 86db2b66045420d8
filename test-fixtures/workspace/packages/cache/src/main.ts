import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379', { commandTimeout: 1_000, connectTimeout: 2_000 });

export async function cached(key: string): Promise<string | null> {
  return redis.get(key);
}
