import knexFactory from 'knex';
import { z } from 'zod';
import { PrismaClient } from '../generated/prisma';
import { crm, type Customer, type Request } from './clients';

const prisma = new PrismaClient();
const knex = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL });
const BATCH_SIZE = 10;
const REGIONS = ['eu', 'us', 'ap'];

const ImportBody = z.object({ emails: z.array(z.string().email()).max(100) });
const LooseBody = z.object({ emails: z.array(z.string().email()) });

// the first ten only: silent
export async function firstTen(customers: Customer[]): Promise<void> {
  await Promise.all(customers.slice(0, 10).map((customer) => crm.post('/welcome', { email: customer.email })));
}

// the last page, a slice of constant width from the end: silent
export async function lastFew(customers: Customer[]): Promise<void> {
  await Promise.all(customers.slice(-BATCH_SIZE).map((customer) => crm.post('/welcome', { email: customer.email })));
}

// everything after the first ten: flagged
export async function allButFirstTen(customers: Customer[]): Promise<void> {
  await Promise.all(customers.slice(10).map((customer) => crm.post('/welcome', { email: customer.email }))); // expect: unbounded-concurrency
}

// a chunk loop awaiting each chunk: silent
export async function inChunks(customers: Customer[]): Promise<void> {
  for (let start = 0; start < customers.length; start += BATCH_SIZE) {
    await Promise.all(customers.slice(start, start + BATCH_SIZE).map((customer) => crm.post('/welcome', { email: customer.email })));
  }
}

// a chunk held in a variable first: silent
export async function inChunksNamed(customers: Customer[]): Promise<void> {
  for (let start = 0; start < customers.length; start += 25) {
    const chunk = customers.slice(start, start + 25);
    await Promise.all(chunk.map((customer) => crm.post('/welcome', { email: customer.email })));
  }
}

// a constant array held in a variable: silent
export async function regionPings(): Promise<void> {
  await Promise.all(REGIONS.map((region) => crm.get(`/regions/${region}/ping`)));
}

// a Prisma read capped with take: 20: silent
export async function recentSignups(): Promise<void> {
  const users = await prisma.user.findMany({ orderBy: { createdAt: 'desc' }, take: 20 });
  await Promise.all(users.map((user) => crm.post('/welcome', { email: user.email })));
}

// take bounded by Math.min(requested, 50), then filtered: silent
export async function recentSignupsUpTo(requested: number): Promise<void> {
  const users = await prisma.user.findMany({ take: Math.min(requested, 50) });
  await Promise.all(users.filter((user) => user.name !== null).map((user) => crm.post('/welcome', { email: user.email })));
}

// take from the caller: flagged
export async function signupsTaking(requested: number): Promise<void> {
  const users = await prisma.user.findMany({ take: requested });
  await Promise.all(users.map((user) => crm.post('/welcome', { email: user.email }))); // expect: unbounded-concurrency
}

// an uncapped Prisma read: flagged
export async function everySignup(): Promise<void> {
  const users = await prisma.user.findMany({ where: { teamId: null } });
  await Promise.all(users.map((user) => crm.post('/welcome', { email: user.email }))); // expect: unbounded-concurrency
}

// a Knex builder with .limit(20), destructured: silent
export async function latestOrders(): Promise<void> {
  const rows: { id: number }[] = await knex('orders').select('id').orderBy('id', 'desc').limit(20);
  await Promise.all(rows.map((row) => crm.post(`/orders/${row.id}/sync`)));
}

// a request body validated by zod with .max(100): silent
export async function importEmails(request: Request<unknown>): Promise<void> {
  const body = ImportBody.parse(request.body);
  await Promise.all(body.emails.map((email) => crm.post('/welcome', { email })));
}

// the same through safeParse and a destructured binding: silent
export async function importEmailsSafely(request: Request<unknown>): Promise<void> {
  const parsed = ImportBody.safeParse(request.body);
  if (!parsed.success) return;
  const { emails } = parsed.data;
  await Promise.all(emails.map((email) => crm.post('/welcome', { email })));
}

// a zod array without a cap: flagged
export async function importEmailsLoosely(request: Request<unknown>): Promise<void> {
  const { emails } = LooseBody.parse(request.body);
  await Promise.all(emails.map((email) => crm.post('/welcome', { email }))); // expect: unbounded-concurrency
}

// an inline schema capping the array: silent
export async function importTags(request: Request<unknown>): Promise<void> {
  const tags = z.array(z.string()).max(20).parse(request.body);
  await Promise.all(tags.map((tag) => crm.put(`/tags/${tag}`)));
}

// batches taken off a queue with splice(0, 10): silent
export async function drainInBatches(queue: string[]): Promise<void> {
  while (queue.length > 0) {
    const batch = queue.splice(0, 10);
    await Promise.all(batch.map((email) => crm.post('/welcome', { email })));
  }
}

// a pool of eight workers sharing one queue: silent
export async function drainWithWorkers(urls: string[]): Promise<void> {
  const queue = [...urls];
  await Promise.all(
    Array.from({ length: 8 }).map(async () => {
      for (let url = queue.pop(); url !== undefined; url = queue.pop()) await crm.get(url);
    }),
  );
}

function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

// chunks made by a helper, each awaited before the next: silent
export async function welcomeInChunks(customers: Customer[]): Promise<void> {
  for (const part of chunksOf(customers, 25)) {
    await Promise.all(part.map((customer) => crm.post('/welcome', { email: customer.email })));
  }
}

// chunks made by a helper, all started before any is awaited: flagged where they are started together
export async function welcomeAllChunks(customers: Customer[]): Promise<void> {
  const pending: Array<Promise<unknown>> = [];
  for (const part of chunksOf(customers, 25)) {
    pending.push(Promise.all(part.map((customer) => crm.post('/welcome', { email: customer.email }))));
  }
  await Promise.all(pending); // expect: unbounded-concurrency
}

// one customer's tags per iteration, not a chunk: flagged
export async function syncTags(customers: Array<Customer & { tags: string[] }>): Promise<void> {
  for (const customer of customers) {
    await Promise.all(customer.tags.map((tag) => crm.post('/tags', { id: customer.id, tag }))); // expect: unbounded-concurrency
  }
}

const PARTNER_HOOKS = { billing: '/hooks/billing', audit: '/hooks/audit' };

// one request per entry of an object written out in the code: silent
export async function notifyPartners(event: string): Promise<void> {
  await Promise.all(Object.entries(PARTNER_HOOKS).map(([partner, hook]) => crm.post(hook, { event, partner })));
}

const MAX_UPLOADS = 20;

// a longer list refused before the fan-out: silent
export async function uploadAll(files: string[]): Promise<void> {
  if (files.length > MAX_UPLOADS) throw new Error(`at most ${MAX_UPLOADS} files`);
  await Promise.all(files.map((file) => crm.post('/files', { file })));
}

// refused against a configured quota, in a block, one branch of an `||`: silent
export async function importContacts(input: { emails: string[] }, quota: { maxContacts: number }): Promise<void> {
  if (input.emails.length === 0 || input.emails.length >= quota.maxContacts) {
    return;
  }
  await Promise.all(input.emails.map((email) => crm.post('/contacts', { email })));
}

// a length check that only logs: flagged
export async function uploadLogged(files: string[]): Promise<void> {
  if (files.length > MAX_UPLOADS) console.warn('many files');
  await Promise.all(files.map((file) => crm.post('/files', { file }))); // expect: unbounded-concurrency
}

// the check is on another list: flagged
export async function uploadOther(files: string[], names: string[]): Promise<void> {
  if (names.length > MAX_UPLOADS) throw new Error('too many names');
  await Promise.all(files.map((file) => crm.post('/files', { file }))); // expect: unbounded-concurrency
}

// the check comes after the fan-out: flagged
export async function uploadThenCheck(files: string[]): Promise<void> {
  await Promise.all(files.map((file) => crm.post('/files', { file }))); // expect: unbounded-concurrency
  if (files.length > MAX_UPLOADS) throw new Error('too late');
}
