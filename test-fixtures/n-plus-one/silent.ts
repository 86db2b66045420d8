import { PrismaClient, type Order, type PrismaPromise, type User } from '../generated/prisma';
import axios from 'axios';
import got from 'got';
import { Redis } from 'ioredis';
import knexFactory from 'knex';
import { Schema, model } from 'mongoose';
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import { setTimeout } from 'node:timers/promises';
import { Pool } from 'pg';
import { request } from 'undici';

const prisma = new PrismaClient();
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const cache = new Redis();
const knex = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL });
const CouponModel = model('Coupon', new Schema({ code: String, percentOff: Number, active: Boolean }));

interface Shipment {
  id: number;
  trackingNumber: string;
  carrier: string;
}

// --- pagination -------------------------------------------------------------

// ioredis SCAN: each call needs the cursor returned by the previous one: silent
export async function sessionKeys(): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await cache.scan(cursor, 'MATCH', 'session:*', 'COUNT', 500);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

// got following the `next` link of the previous page: silent
export async function allWarehouseEvents(): Promise<unknown[]> {
  const events: unknown[] = [];
  let url: string | null = 'https://warehouse.example.com/events?limit=200';
  while (url !== null) {
    const page: { events: unknown[]; next: string | null } = await got(url).json();
    events.push(...page.events);
    url = page.next;
  }
  return events;
}

// Prisma cursor pagination over users with findMany({ cursor, skip: 1 }): silent
export async function forEachUserEmail(visit: (email: string) => void): Promise<void> {
  let cursor: string | undefined;
  while (true) {
    const batch: User[] = await prisma.user.findMany({ take: 200, ...(cursor === undefined ? {} : { cursor: { id: cursor }, skip: 1 }), orderBy: { id: 'asc' } });
    if (batch.length === 0) break;
    batch.forEach((user) => visit(user.email));
    cursor = batch[batch.length - 1].id;
  }
}

// Keyset pages through an options object built each round, going on while a page is full: silent
export async function forEachOrderPage(visit: (orders: Order[]) => Promise<void>): Promise<void> {
  let after = 0;
  let page: Order[];
  do {
    const options = { take: 100, where: { id: { gt: after } }, orderBy: { id: 'asc' as const } };
    page = await prisma.order.findMany(options);
    await visit(page);
    if (page.length > 0) after = page[page.length - 1].id;
  } while (page.length >= 100);
}

// --- retry and polling --------------------------------------------------------

// axios retry with an attempt counter, returning on success: silent
export async function chargeWithRetry(paymentId: string): Promise<unknown> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const { data } = await axios.post(`https://payments.example.com/charges/${paymentId}/capture`);
      return data;
    } catch (error) {
      if (attempt === 2) throw error;
      await setTimeout(200 * (attempt + 1));
    }
  }
  return undefined;
}

// undici retry while the upstream answers 503: silent
export async function fetchCatalogWithRetry(): Promise<unknown> {
  let attempts = 0;
  while (attempts < 5) {
    const { statusCode, body } = await request('https://catalog.example.com/export');
    if (statusCode !== 503) return body.json();
    attempts++;
    await setTimeout(1000);
  }
  throw new Error('catalog unavailable');
}

// pg polling a job row until it leaves the queued state: silent
export async function waitForReport(reportId: number): Promise<string> {
  let status = 'queued';
  while (status === 'queued' || status === 'running') {
    await setTimeout(1500);
    const { rows } = await pool.query<{ status: string }>('SELECT status FROM reports WHERE id = $1', [reportId]);
    status = rows[0]?.status ?? 'missing';
  }
  return status;
}

// --- first hit ----------------------------------------------------------------

// knex: break after the first active coupon code: silent
export async function firstActiveCoupon(codes: string[]): Promise<{ code: string } | undefined> {
  let found: { code: string } | undefined;
  for (const code of codes) {
    const row = await knex('coupons').where({ code, active: true }).first();
    if (row !== undefined) {
      found = { code };
      break;
    }
  }
  return found;
}

// mongoose: return the first active coupon in order of preference: silent
export async function bestCoupon(codesByPreference: string[]): Promise<number> {
  for (const code of codesByPreference) {
    const coupon = await CouponModel.findOne({ code, active: true }).lean();
    if (coupon !== null) return coupon.percentOff ?? 0;
  }
  return 0;
}

// --- streams ------------------------------------------------------------------

// for await over lines of a file, each line written to Redis: silent
export async function importBlocklist(path: string): Promise<void> {
  const lines = createInterface({ input: createReadStream(path) });
  for await (const line of lines) {
    await cache.sadd('blocklist', line.trim());
  }
}

// for await over a mongoose cursor, pure aggregation in the body: silent
export async function averageDiscount(): Promise<number> {
  let sum = 0;
  let count = 0;
  for await (const coupon of CouponModel.find({ active: true }).cursor()) {
    sum += coupon.percentOff ?? 0;
    count++;
  }
  return count === 0 ? 0 : sum / count;
}

// --- short literal arrays and tuples ----------------------------------------------

// tuple-typed parameter of two regions: silent
export async function regionalOrderCounts(regions: readonly [primary: string, replica: string]): Promise<number[]> {
  const counts: number[] = [];
  for (const region of regions) {
    const { rows } = await pool.query<{ count: number }>('SELECT count(*)::int AS count FROM orders WHERE region = $1', [region]);
    counts.push(rows[0]?.count ?? 0);
  }
  return counts;
}

// short literal array inside Promise.all(map): silent
export async function cacheWarmup(): Promise<void> {
  await Promise.all(['homepage', 'pricing', 'faq'].map((page) => cache.del(`page:${page}`)));
}

// --- independent of the element ---------------------------------------------------

// the same exchange rate is requested for every shipment (a hoisting hint at most): silent
export async function shippingCostsInEur(shipments: Shipment[], costs: Map<number, number>): Promise<number[]> {
  const result: number[] = [];
  for (const shipment of shipments) {
    const { data } = await axios.get<{ rate: number }>('https://fx.example.com/usd-eur');
    result.push((costs.get(shipment.id) ?? 0) * data.rate);
  }
  return result;
}

// --- not a collection walk ---------------------------------------------------------

// claim jobs until the queue is empty: silent
export async function drainEmailQueue(send: (to: string) => Promise<void>): Promise<number> {
  let done = false;
  let sent = 0;
  while (!done) {
    const { rows } = await pool.query<{ id: number; recipient: string }>("UPDATE email_jobs SET status = 'sending' WHERE id = (SELECT id FROM email_jobs WHERE status = 'queued' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id, recipient");
    if (rows.length === 0) {
      done = true;
    } else {
      await send(rows[0].recipient);
      sent++;
    }
  }
  return sent;
}

// --- rate limited ----------------------------------------------------------------

// one carrier request per shipment, deliberately spaced with setTimeout from node:timers/promises: silent
export async function refreshTracking(shipments: Shipment[]): Promise<unknown[]> {
  const statuses: unknown[] = [];
  for (const shipment of shipments) {
    statuses.push(await got(`https://track.example.com/${shipment.carrier}/${shipment.trackingNumber}`).json());
    await setTimeout(300);
  }
  return statuses;
}

// --- Prisma transactions -----------------------------------------------------------

// array $transaction built inline from a spread map plus an audit row: silent
export async function closeOrders(orders: Order[], closedBy: string): Promise<void> {
  await prisma.$transaction([
    ...orders.map((order) => prisma.order.update({ where: { id: order.id }, data: { status: 'closed' } })),
    prisma.post.create({ data: { authorId: closedBy, title: `Closed ${orders.length} orders`, published: false } }),
  ]);
}

// array $transaction fed by promises pushed in a for...of loop: silent
export async function renameUsers(renames: Array<{ userId: string; name: string }>): Promise<void> {
  const operations: Array<PrismaPromise<User>> = [];
  for (const rename of renames) {
    operations.push(prisma.user.update({ where: { id: rename.userId }, data: { name: rename.name } }));
  }
  await prisma.$transaction(operations);
}

// interactive transaction: ordered writes per merged account: silent
export async function mergeCustomers(sourceIds: string[], targetId: string): Promise<number> {
  return prisma.$transaction(async (tx) => {
    let moved = 0;
    for (const sourceId of sourceIds) {
      const { count } = await tx.order.updateMany({ where: { customerId: sourceId }, data: { customerId: targetId } });
      await tx.user.delete({ where: { id: sourceId } });
      moved += count;
    }
    return moved;
  });
}

// --- no I/O in the loop ---------------------------------------------------------------

// JSON.parse and Map lookups per webhook payload: silent
export function webhookSummaries(payloads: string[], labels: Map<string, string>): string[] {
  const summaries: string[] = [];
  for (const payload of payloads) {
    const event = JSON.parse(payload) as { type: string; id: string };
    summaries.push(`${labels.get(event.type) ?? event.type}:${event.id}`);
  }
  return summaries;
}

// pure computation per shipment inside reduce and filter: silent
export function heavyShipments(shipments: Shipment[], weights: Map<number, number>): { count: number; totalKg: number } {
  const heavy = shipments.filter((shipment) => (weights.get(shipment.id) ?? 0) > 30);
  return { count: heavy.length, totalKg: heavy.reduce((sum, shipment) => sum + (weights.get(shipment.id) ?? 0), 0) };
}

// I/O once after a loop that only collects ids: silent
export async function cancelShipments(shipments: Shipment[]): Promise<void> {
  const ids: number[] = [];
  for (const shipment of shipments) {
    if (shipment.carrier === 'legacy') ids.push(shipment.id);
  }
  await knex('shipments').whereIn('id', ids).update({ status: 'cancelled' });
}

// independent queries in a literal Promise.all, no loop at all: silent
export async function dashboardCounts(): Promise<[number, number]> {
  return Promise.all([prisma.user.count(), prisma.order.count({ where: { status: 'pending' } })]);
}
