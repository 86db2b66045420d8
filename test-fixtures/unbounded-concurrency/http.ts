import ky from 'ky';
import Stripe from 'stripe';
import { crm, loyalty, shipping, type Customer, type Request } from './clients';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

// fetch per customer inside Promise.all(map(async)) over a parameter: flagged
export async function loadProfiles(customers: Customer[]): Promise<unknown[]> {
  return Promise.all( // expect: unbounded-concurrency
    customers.map(async (customer) => {
      const response = await fetch(`https://profiles.example.com/${customer.id}`, { signal: AbortSignal.timeout(5000) });
      return response.json();
    }),
  );
}

// axios instance post per email, arrow with an expression body: flagged
export async function sendWelcomes(emails: string[]): Promise<void> {
  await Promise.all(emails.map((email) => crm.post('/welcome', { email }))); // expect: unbounded-concurrency
}

// got json per id under Promise.allSettled: flagged
export async function loyaltyBalances(customerIds: string[]): Promise<PromiseSettledResult<{ points: number }>[]> {
  return Promise.allSettled(customerIds.map((id) => loyalty(`members/${id}`).json<{ points: number }>())); // expect: unbounded-concurrency
}

// undici pool request per order under Promise.race: every request still starts: flagged
export async function fastestQuote(orderIds: number[]): Promise<number> {
  const { statusCode } = await Promise.race(orderIds.map((orderId) => shipping.request({ path: `/quotes/${orderId}`, method: 'GET' }))); // expect: unbounded-concurrency
  return statusCode;
}

// ky post per customer from forEach(async): fire-and-forget: flagged
export function sendReceipts(customers: Customer[]): void {
  customers.forEach(async (customer) => { // expect: unbounded-concurrency
    await ky.post('https://mail.example.com/send', { json: { to: customer.email, template: 'receipt' } });
  });
}

// recipients from the request body, a project helper passed by reference: flagged
export async function importContacts(request: Request<{ contacts: Customer[] }>): Promise<void> {
  await Promise.all(request.body.contacts.map(upsertContact)); // expect: unbounded-concurrency
}

async function upsertContact(customer: Customer): Promise<void> {
  await crm.put(`/contacts/${customer.id}`, { email: customer.email });
}

// promises pushed in a loop and awaited together: flagged where they are awaited
export async function warmAvatars(customers: Customer[]): Promise<void> {
  const pending: Promise<Response>[] = [];
  for (const customer of customers) {
    pending.push(fetch(customer.avatarUrl, { method: 'HEAD', signal: AbortSignal.timeout(2000) }));
  }
  await Promise.all(pending); // expect: unbounded-concurrency
}

// promises mapped into a variable first: flagged where they are awaited
export async function notifyAll(customers: Customer[]): Promise<void> {
  const deliveries = customers.map((customer) => ky.post('https://push.example.com/notify', { json: { id: customer.id } }));
  await Promise.all(deliveries); // expect: unbounded-concurrency
}

// a mapped array spread into a literal next to one more call: flagged
export async function refreshAll(customerIds: string[]): Promise<void> {
  await Promise.all([...customerIds.map((id) => crm.post(`/contacts/${id}/refresh`)), crm.post('/contacts/refresh-index')]); // expect: unbounded-concurrency
}

// forEach with a plain callback that starts a request and drops the promise: flagged
export function trackViews(pageIds: Set<string>): void {
  pageIds.forEach((pageId) => { // expect: unbounded-concurrency
    void fetch(`https://stats.example.com/views/${pageId}`, { method: 'POST', signal: AbortSignal.timeout(1000) });
  });
}

// forEach(async) over a filtered list, inside an async function: flagged
export async function remindInactive(customers: Customer[]): Promise<void> {
  customers.filter((customer) => customer.email.endsWith('.test')).forEach(async (customer) => { // expect: unbounded-concurrency
    await crm.post('/remind', { id: customer.id });
  });
}

// the callback reads the index too: flagged
export async function rankAll(customerIds: string[]): Promise<void> {
  await Promise.all(customerIds.map((id, rank) => crm.put(`/contacts/${id}/rank`, { rank }))); // expect: unbounded-concurrency
}

// results kept in an annotated variable: flagged
export async function quoteAll(orderIds: number[]): Promise<number> {
  const quotes: { data: unknown }[] = await Promise.all(orderIds.map((orderId) => crm.get(`/quotes/${orderId}`))); // expect: unbounded-concurrency
  return quotes.length;
}

// forEach(async) collecting awaited responses: still every request at once: flagged
export function collectStatuses(urls: string[], statuses: number[]): void {
  urls.forEach(async (url) => { // expect: unbounded-concurrency
    statuses.push((await fetch(url, { signal: AbortSignal.timeout(1000) })).status);
  });
}

// a literal array of two different requests: silent
export async function dashboard(): Promise<unknown[]> {
  return Promise.all([crm.get('/stats'), loyalty('stats').json()]);
}

// map over a short literal list of regions: silent
export async function regionHealth(): Promise<number[]> {
  const responses = await Promise.all(['eu', 'us', 'ap'].map((region) => fetch(`https://${region}.example.com/health`, { signal: AbortSignal.timeout(1000) })));
  return responses.map((response) => response.status);
}

// map over a tuple: silent
export async function pairPrices(pair: [string, string]): Promise<unknown[]> {
  return Promise.all(pair.map((symbol) => ky.get(`https://fx.example.com/${symbol}`).json()));
}

// a callback that does no I/O: silent
export async function checksums(payloads: string[]): Promise<number[]> {
  return Promise.all(payloads.map(async (payload) => payload.length * 31));
}

// one request with every id (a batch endpoint): silent
export async function batchQuotes(orderIds: number[]): Promise<unknown> {
  const { data } = await crm.post('/quotes/batch', { orderIds: orderIds.map((id) => id + 1) });
  return data;
}

// one Stripe request per id, all at once: flagged (Stripe's rate limit is per account)
export async function stripeCustomers(ids: string[]): Promise<unknown[]> {
  return Promise.all(ids.map((id) => stripe.customers.retrieve(id))); // expect: unbounded-concurrency
}
