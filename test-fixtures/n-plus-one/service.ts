import type { Order, User } from '../generated/prisma';
import { computeDiscount, displayName, parseMetadata } from './format';
import { orderLabel } from './queries';
import { OrderRepository, UserRepository, findUserById, lineItemsTotal, loadLineItems, type LineItemRow } from './repository';

const users = new UserRepository();
const orders = new OrderRepository();

// repository method (Prisma inside, other file) per order's customer: flagged
export async function customersForOrders(list: Order[]): Promise<Array<User | null>> {
  const customers: Array<User | null> = [];
  for (const order of list) {
    customers.push(await users.findById(order.customerId)); // expect: n-plus-one
  }
  return customers;
}

// repository function (pg inside, other file) per order inside Promise.all(map): flagged
export async function lineItemsForOrders(list: Order[]): Promise<LineItemRow[][]> {
  return Promise.all(list.map((order) => loadLineItems(order.id))); // expect: n-plus-one
}

// repository I/O function passed by reference as the map callback: flagged
export async function usersByIds(ids: string[]): Promise<Array<User | null>> {
  return Promise.all(ids.map(findUserById)); // expect: n-plus-one
}

// service -> repository -> queries.ts helper -> Prisma, per customer: flagged
export async function openOrdersPerCustomer(customers: User[]): Promise<Map<string, Order[]>> {
  const result = new Map<string, Order[]>();
  for (const customer of customers) {
    result.set(customer.id, await orders.openOrdersFor(customer.id)); // expect: n-plus-one
  }
  return result;
}

export class InvoiceService {
  constructor(
    private readonly userRepository: UserRepository,
    private readonly priceBySku: ReadonlyMap<string, number>,
  ) {}

  // repository injected into a service class, called per element through `this`: flagged
  async billingEmails(list: Order[]): Promise<string[]> {
    const emails: string[] = [];
    for (const order of list) {
      const customer = await this.userRepository.findById(order.customerId); // expect: n-plus-one
      if (customer !== null) emails.push(customer.email);
    }
    return emails;
  }

  // pure repository helper (no I/O) per order: silent
  invoiceTotals(list: Order[], itemsByOrder: ReadonlyMap<number, LineItemRow[]>): number[] {
    return list.map((order) => lineItemsTotal(itemsByOrder.get(order.id) ?? [], this.priceBySku));
  }
}

// one batched repository call, then pure repository and format helpers per user: silent
export async function customerSummaries(ids: string[]): Promise<Array<{ id: string; email: string; name: string }>> {
  const found = await users.findByIds(ids);
  return found.map((user) => ({ ...users.toSummary(user), name: displayName(user) }));
}

// async helper that does no I/O, awaited per order: silent
export async function discounts(list: Order[], rates: ReadonlyMap<string, number>): Promise<number[]> {
  const result: number[] = [];
  for (const order of list) {
    result.push(await computeDiscount(order, rates));
  }
  return result;
}

// pure helpers from another module (JSON.parse, string formatting) per order: silent
export function orderLabels(list: Order[], metadata: Map<number, string>): string[] {
  const labels: string[] = [];
  for (const order of list) {
    const meta = parseMetadata(metadata.get(order.id) ?? '{}');
    labels.push(`${orderLabel(order)} ${String(meta.channel ?? 'web')}`);
  }
  return labels;
}

// repository I/O that does not depend on the loop element: silent
export async function userShares(teams: Array<{ id: string; size: number }>): Promise<number[]> {
  const shares: number[] = [];
  for (const team of teams) {
    const total = await users.countAll();
    shares.push(team.size / total);
  }
  return shares;
}

// repository lookup with an argument from outside the loop: silent
export async function ownerContacts(list: Order[], ownerId: string): Promise<string[]> {
  const contacts: string[] = [];
  for (const order of list) {
    const owner = await users.findById(ownerId);
    contacts.push(`${order.id}:${owner?.email ?? 'none'}`);
  }
  return contacts;
}
