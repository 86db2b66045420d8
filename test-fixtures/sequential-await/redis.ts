import Redis from 'ioredis';
import { createClient } from 'redis';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379');
const nodeRedis = createClient({ url: process.env.REDIS_URL });

// two independent ioredis reads: flagged
export async function getSessionState(sessionId: string) {
  const session = await redis.hgetall(`session:${sessionId}`);
  const banner = await redis.get('site:banner'); // expect: sequential-await
  return { session, banner };
}

// three independent ioredis reads in a row: one finding, on the second
export async function getUserCacheState(userId: string) {
  const profile = await redis.get(`user:${userId}:profile`);
  const roles = await redis.smembers(`user:${userId}:roles`); // expect: sequential-await
  const ttl = await redis.ttl(`user:${userId}:profile`);
  return { profile: profile ? (JSON.parse(profile) as unknown) : null, roles, ttl };
}

// two independent node-redis reads: flagged
export async function getFlags(userId: string) {
  const beta = await nodeRedis.get(`flags:beta:${userId}`);
  const theme = await nodeRedis.get(`prefs:theme:${userId}`); // expect: sequential-await
  return { beta: beta === '1', theme: theme ?? 'light' };
}

// node-redis reads with type annotations: flagged
export async function getCounters(day: string) {
  const visits: string | null = await nodeRedis.get(`visits:${day}`);
  const signups: number = await nodeRedis.sCard(`signups:${day}`); // expect: sequential-await
  return { visits: Number(visits ?? 0), signups };
}

// second key is built from the first value: silent
export async function getSessionUser(sessionId: string) {
  const userId = await redis.get(`session:${sessionId}:user`);
  const profile = await redis.get(`user:${userId}:profile`);
  return profile;
}

// second await is a write (set): silent
export async function refreshBanner(text: string) {
  const previous = await redis.get('site:banner');
  const status = await redis.set('site:banner', text);
  return { previous, status };
}

// first await is a write (incr): silent
export async function countVisit(page: string) {
  const visits = await redis.incr(`visits:${page}`);
  const banner = await redis.get('site:banner');
  return { visits, banner };
}

// a non-awaited write (set) between two reads: silent
export async function touchAndRead(userId: string) {
  const profile = await redis.get(`user:${userId}:profile`);
  void redis.set(`user:${userId}:last-seen`, Date.now().toString());
  const roles = await redis.smembers(`user:${userId}:roles`);
  return { profile, roles };
}

// node-redis read then node-redis write (set): silent
export async function rotateTheme(userId: string, theme: string) {
  const current = await nodeRedis.get(`prefs:theme:${userId}`);
  const reply = await nodeRedis.set(`prefs:theme:${userId}`, theme);
  return { current, reply };
}
