import { PrismaClient, type Order, type User } from '../generated/prisma';

const prisma = new PrismaClient();

interface RequestScope {
  readonly userId: number;
}

/** A get-or-compute cache of the project's own: the callback runs only when the key is missing. */
class ScopedCache {
  private readonly caches = new WeakMap<RequestScope, Map<string, unknown>>();

  get<T>(scope: RequestScope, key: string, compute: () => T): T {
    let cache = this.caches.get(scope);
    if (!cache) {
      cache = new Map();
      this.caches.set(scope, cache);
    }
    if (cache.has(key)) return cache.get(key) as T;
    const value = compute();
    cache.set(key, value);
    return value;
  }
}

/** Looks alike, but computes on every call: nothing is kept. */
class Timer {
  measure<T>(label: string, run: () => T): T {
    const value = run();
    console.log(label);
    return value;
  }
}

const cache = new ScopedCache();
const timer = new Timer();

function allStaff(scope: RequestScope): Promise<User[]> {
  return cache.get(scope, 'staff', () => prisma.user.findMany({ where: { teamId: 'staff' } }));
}

async function reviewerFor(scope: RequestScope, order: Order) {
  const staff = await allStaff(scope);
  return staff.find((member) => member.id !== order.customerId);
}

// One key for every call: the staff are read once per request scope, whichever order asks. Silent.
export async function reviewersOf(scope: RequestScope) {
  const orders = await prisma.order.findMany({ where: { status: 'PENDING' } });
  for (const order of orders) {
    const reviewer = await reviewerFor(scope, order);
    console.log(order.id, reviewer?.email);
  }
}

function customer(scope: RequestScope, id: string) {
  return cache.get(scope, `customer:${id}`, () => prisma.user.findUnique({ where: { id } }));
}

// The key is the element's own: one read per distinct customer, still one per item. Flagged.
export async function customersOf(scope: RequestScope) {
  const orders = await prisma.order.findMany();
  for (const order of orders) {
    const buyer = await customer(scope, order.customerId); // expect: n-plus-one
    console.log(buyer?.email);
  }
}

function timedCustomer(id: string) {
  return timer.measure('customer', () => prisma.user.findUnique({ where: { id } }));
}

// A wrapper that runs its callback every time is no cache, constant label or not. Flagged.
export async function timedReads() {
  const orders = await prisma.order.findMany();
  for (const order of orders) {
    await timedCustomer(order.customerId); // expect: n-plus-one
  }
}
