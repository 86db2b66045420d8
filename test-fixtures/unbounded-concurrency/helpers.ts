import pLimit from 'p-limit';
import { pushToCrm, syncCustomer, type Customer } from './clients';

const crmLimit = pLimit(4);

/** Wraps its HTTP call in a limiter: however many callers, at most 4 requests are in flight. */
async function pushToCrmLimited(customer: Customer): Promise<void> {
  await crmLimit(() => pushToCrm(customer));
}

// project helper from another file, called in the callback: flagged
export async function syncAll(customers: Customer[]): Promise<void> {
  await Promise.all(customers.map((customer) => pushToCrm(customer))); // expect: unbounded-concurrency
}

// helper reaching HTTP through another helper, passed by reference: flagged
export async function syncEveryone(customers: Customer[]): Promise<string[]> {
  const ids = await Promise.all(customers.map(syncCustomer)); // expect: unbounded-concurrency
  return ids;
}

// async IIFE pushed per element: flagged
export async function syncInBackground(customers: Customer[]): Promise<void> {
  const jobs: Promise<void>[] = [];
  customers.forEach((customer) => {
    jobs.push((async () => {
      await pushToCrm(customer);
    })());
  });
  await Promise.allSettled(jobs); // expect: unbounded-concurrency
}

// helper whose HTTP call runs under a p-limit limiter: silent
export async function syncAllLimited(customers: Customer[]): Promise<void> {
  await Promise.all(customers.map((customer) => pushToCrmLimited(customer)));
}

// promises pushed one by one outside any loop: silent
export async function syncPair(first: Customer, second: Customer): Promise<void> {
  const jobs: Promise<void>[] = [];
  jobs.push(pushToCrm(first));
  jobs.push(pushToCrm(second));
  await Promise.all(jobs);
}

// a new array per loop iteration holds two calls at a time: silent
export async function syncInPairs(pairs: [Customer, Customer][]): Promise<void> {
  for (const [first, second] of pairs) {
    const jobs: Promise<void>[] = [];
    jobs.push(pushToCrm(first), pushToCrm(second));
    await Promise.all(jobs);
  }
}
