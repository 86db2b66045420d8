import Redis from 'ioredis';

// ioredis sets no commandTimeout: a command sent to a stalled server waits until the socket dies.

// Redis with no options: flagged (the fix adds `{ commandTimeout }`)
export const sessions = new Redis(); // expect: missing-timeout

// Redis from a URL only: flagged (the fix appends the options)
export const rateLimits = new Redis('redis://limits.internal:6379'); // expect: missing-timeout

// Redis options without commandTimeout: flagged (the fix merges into them)
export const queueRedis = new Redis({ host: 'queue.internal', maxRetriesPerRequest: 3 }); // expect: missing-timeout

// Redis with commandTimeout: silent
export const cacheRedis = new Redis({ host: 'cache.internal', commandTimeout: 500 });

// Redis from a URL with commandTimeout: silent
export const lockRedis = new Redis('redis://locks.internal:6379', { commandTimeout: 200 });
