import axios from 'axios';
import got from 'got';
import ky from 'ky';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';

interface Customer {
  id: string;
  email: string;
  avatarUrl: string;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const billing = axios.create({ baseURL: 'https://billing.internal', timeout: 5000 });

// global fetch per customer: flagged
export async function enrichFromCrm(customers: Customer[]): Promise<unknown[]> {
  const profiles: unknown[] = [];
  for (const customer of customers) {
    const response = await fetch(`https://crm.example.com/contacts/${encodeURIComponent(customer.email)}`); // expect: n-plus-one
    profiles.push(await response.json());
  }
  return profiles;
}

// axios default instance get per id inside Promise.all(map): a fan-out of HTTP, unbounded-concurrency's finding
export async function loadShippingQuotes(orderIds: string[]): Promise<unknown[]> {
  const responses = await Promise.all(orderIds.map((orderId) => axios.get(`https://shipping.example.com/quotes/${orderId}`))); // expect: unbounded-concurrency
  return responses.map((response) => response.data);
}

// the instance a call returns, called itself, per customer: flagged
export async function refreshAvatars(customers: Customer[]): Promise<void> {
  for (const customer of customers) {
    await axios.create({ timeout: 2000 })(`https://avatars.example.com/${customer.id}`); // expect: n-plus-one
  }
}

// axios.create instance post per customer, payload derived in the loop body: flagged
export async function syncBillingAccounts(customers: Customer[]): Promise<void> {
  for (const customer of customers) {
    const payload = { externalId: customer.id, email: customer.email };
    await billing.post('/accounts', payload); // expect: n-plus-one
  }
}

// got json per customer id: flagged
export async function loadLoyaltyPoints(customerIds: string[]): Promise<number[]> {
  const points: number[] = [];
  for (const customerId of customerIds) {
    const body = await got(`https://loyalty.example.com/members/${customerId}`).json<{ points: number }>(); // expect: n-plus-one
    points.push(body.points);
  }
  return points;
}

// undici request per avatar url: flagged
export async function avatarSizes(customers: Customer[]): Promise<number[]> {
  const sizes: number[] = [];
  for (const customer of customers) {
    const { headers } = await request(customer.avatarUrl, { method: 'HEAD' }); // expect: n-plus-one
    sizes.push(Number(headers['content-length'] ?? 0));
  }
  return sizes;
}

// ky post per email inside Promise.all(map(async)): a fan-out of HTTP, unbounded-concurrency's finding
export async function sendReceipts(customers: Customer[]): Promise<void> {
  await Promise.all( // expect: unbounded-concurrency
    customers.map(async (customer) => {
      await ky.post('https://mail.example.com/send', { json: { to: customer.email, template: 'receipt' } });
    }),
  );
}

// node:https get per webhook url (callback style): flagged
export function pingWebhooks(urls: string[]): void {
  for (const url of urls) {
    https.get(url, (response) => response.resume()); // expect: n-plus-one
  }
}

// failure per customer is caught and the walk continues: flagged
export async function notifyAll(customers: Customer[]): Promise<string[]> {
  const failed: string[] = [];
  for (const customer of customers) {
    try {
      await fetch('https://push.example.com/notify', { method: 'POST', body: JSON.stringify({ customerId: customer.id }) }); // expect: n-plus-one
    } catch {
      failed.push(customer.id);
    }
  }
  return failed;
}

// an error report per failing customer, only in `catch`: silent (it runs once per failure)
export async function reportFailures(customers: Customer[]): Promise<void> {
  for (const customer of customers) {
    try {
      JSON.parse(customer.id);
    } catch (error) {
      await fetch('https://errors.example.com/report', { method: 'POST', body: JSON.stringify({ customerId: customer.id, error: String(error) }), signal: AbortSignal.timeout(2_000) });
    }
  }
}

// a loop inside an error handler: flagged (each failure sends one request per customer)
export async function notifyOnFailure(customers: Customer[], task: () => Promise<void>): Promise<void> {
  try {
    await task();
  } catch {
    for (const customer of customers) {
      await fetch('https://push.example.com/failed', { method: 'POST', body: JSON.stringify({ customerId: customer.id }), signal: AbortSignal.timeout(2_000) }); // expect: n-plus-one
    }
  }
}

// cursor pagination: each request needs the previous response's cursor: silent
export async function listAllInvoices(): Promise<unknown[]> {
  const invoices: unknown[] = [];
  let cursor: string | null = null;
  do {
    const response: { data: Page<unknown> } = await billing.get<Page<unknown>>('/invoices', { params: { cursor, limit: 100 } });
    invoices.push(...response.data.items);
    cursor = response.data.nextCursor;
  } while (cursor !== null);
  return invoices;
}

// retry with an attempt counter and backoff, returning on success: silent
export async function fetchRatesWithRetry(): Promise<unknown> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await got('https://rates.example.com/latest', { timeout: { request: 2000 * (attempt + 1) } }).json();
    } catch {
      await sleep(250 * 2 ** attempt);
    }
  }
  throw new Error('rates unavailable');
}

// returns the first healthy mirror: silent
export async function firstHealthyMirror(hosts: string[]): Promise<Response> {
  for (const host of hosts) {
    const response = await fetch(`https://${host}/health`);
    if (response.ok) return response;
  }
  throw new Error('no healthy mirror');
}

// polling an export job until it finishes, sleeping between checks: silent
export async function waitForExport(exportId: string): Promise<string> {
  for (;;) {
    const job = await ky.get(`https://reports.example.com/exports/${exportId}`).json<{ state: string; url: string }>();
    if (job.state === 'ready') return job.url;
    await sleep(2000);
  }
}

// rate-limited emails with a deliberate sleep between requests: silent
export async function sendNewsletter(customers: Customer[]): Promise<void> {
  for (const customer of customers) {
    await axios.post('https://mail.example.com/send', { to: customer.email, template: 'newsletter' });
    await sleep(100);
  }
}

// loop over a short literal array of status endpoints: silent
export async function dependencyStatus(): Promise<boolean[]> {
  const healthy: boolean[] = [];
  for (const service of ['billing', 'shipping', 'crm']) {
    const { statusCode } = await request(`https://${service}.internal/health`);
    healthy.push(statusCode === 200);
  }
  return healthy;
}

// request that does not depend on the loop element: silent
export async function pricesInCurrency(amounts: number[]): Promise<number[]> {
  const converted: number[] = [];
  for (const amount of amounts) {
    const { rate } = await ky.get('https://fx.example.com/eur-usd').json<{ rate: number }>();
    converted.push(amount * rate);
  }
  return converted;
}

// one batched request with every id: silent
export async function batchQuotes(orderIds: string[]): Promise<unknown> {
  const { data } = await axios.post('https://shipping.example.com/quotes/batch', { orderIds: orderIds.map((id) => id.trim()) });
  return data;
}
