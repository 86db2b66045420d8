import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';

// BullMQ's blocking commands need a connection that waits: `maxRetriesPerRequest: null`, no commandTimeout.

// Made for blocking commands: silent
export const jobsConnection = new Redis('redis://jobs.internal:6379', { maxRetriesPerRequest: null });

// The same, in options spread from elsewhere: silent
const shared = { host: 'jobs.internal', port: 6379 };
const blockingOptions = { ...shared, maxRetriesPerRequest: null };
export const spreadConnection = new Redis(blockingOptions);

// A retry limit is not a timeout: flagged
export const retried = new Redis({ host: 'cache.internal', maxRetriesPerRequest: 5 }); // expect: missing-timeout

// Handed to a BullMQ worker as its connection: silent
const workerConnection = new Redis('redis://jobs.internal:6379');
export const worker = new Worker('emails', async () => undefined, { connection: workerConnection });

export class JobRunner {
  private readonly connection: Redis;
  private readonly queue: Queue;

  constructor() {
    // Handed to a BullMQ queue through a property: silent
    this.connection = new Redis('redis://jobs.internal:6379');
    this.queue = new Queue('jobs', { connection: this.connection });
  }

  get name(): string {
    return this.queue.name;
  }
}

// Used elsewhere, not by BullMQ: flagged
const cacheConnection = new Redis('redis://cache.internal:6379'); // expect: missing-timeout
export const cached = (key: string): Promise<string | null> => cacheConnection.get(key);
