import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { setTimeout as sleep } from 'node:timers/promises';

interface Session {
  id: string;
  userId: string;
}

// deliberately neutral names: recognition must come from the types, not from `redis` in the name
const store = new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379');
const nodeRedis = createClient({ url: process.env.REDIS_URL });
const redis = new Map<string, string>();

// ioredis get per session: flagged
export async function cachedProfiles(sessions: Session[]): Promise<Array<string | null>> {
  const profiles: Array<string | null> = [];
  for (const session of sessions) {
    profiles.push(await store.get(`profile:${session.userId}`)); // expect: n-plus-one
  }
  return profiles;
}

// ioredis hgetall per cart id inside Promise.all(map): flagged
export async function loadCarts(cartIds: string[]): Promise<Array<Record<string, string>>> {
  return Promise.all(cartIds.map((cartId) => store.hgetall(`cart:${cartId}`))); // expect: n-plus-one
}

// ioredis set with expiry per element, key derived in the loop body: flagged
export async function cacheSessions(sessions: Session[]): Promise<void> {
  for (const session of sessions) {
    const key = `session:${session.id}`;
    await store.set(key, session.userId, 'EX', 3600); // expect: n-plus-one
  }
}

// node-redis get per user id: flagged
export async function featureFlags(userIds: string[]): Promise<Array<string | null>> {
  const flags: Array<string | null> = [];
  for (const userId of userIds) {
    flags.push(await nodeRedis.get(`flags:${userId}`)); // expect: n-plus-one
  }
  return flags;
}

// node-redis hSet per element inside forEach: flagged
export function trackLastSeen(sessions: Session[], now: number): void {
  sessions.forEach((session) => {
    void nodeRedis.hSet('last-seen', session.userId, String(now)); // expect: n-plus-one
  });
}

// one MGET for every key: silent
export async function cachedProfilesBatched(sessions: Session[]): Promise<Array<string | null>> {
  return store.mget(sessions.map((session) => `profile:${session.userId}`));
}

// commands queued on an ioredis pipeline in the loop, sent once by exec(): silent
export async function expireSessions(sessions: Session[]): Promise<void> {
  const pipeline = store.pipeline();
  for (const session of sessions) {
    pipeline.expire(`session:${session.id}`, 60);
  }
  await pipeline.exec();
}

// commands queued on a node-redis MULTI in the loop, sent once by exec(): silent
export async function resetCounters(userIds: string[]): Promise<void> {
  const multi = nodeRedis.multi();
  for (const userId of userIds) {
    multi.del(`counter:${userId}`);
  }
  await multi.exec();
}

// a Map named `redis` is not Redis: silent
export function localProfiles(sessions: Session[]): Array<string | undefined> {
  return sessions.map((session) => redis.get(`profile:${session.userId}`));
}

// returns the first cache hit among fallback keys: silent
export async function firstCachedValue(keys: string[]): Promise<string | null> {
  for (const key of keys) {
    const value = await store.get(key);
    if (value !== null) return value;
  }
  return null;
}

// polling a job status key with a sleep until it is done: silent
export async function waitForJob(jobId: string): Promise<string> {
  while (true) {
    const status = await nodeRedis.get(`job:${jobId}:status`);
    if (status === 'done' || status === 'failed') return status;
    await sleep(500);
  }
}

// worker loop draining a queue until stopped, not a collection walk: silent
export async function runWorker(shouldStop: () => boolean, handle: (payload: string) => void): Promise<void> {
  while (!shouldStop()) {
    const popped = await store.brpop('jobs', 5);
    if (popped !== null) handle(popped[1]);
  }
}

// loop over a short literal array of counters: silent
export async function dailyCounters(day: string): Promise<Array<string | null>> {
  const values: Array<string | null> = [];
  for (const counter of ['signups', 'orders', 'refunds']) {
    values.push(await store.get(`${counter}:${day}`));
  }
  return values;
}
