import { cached } from '@acme/cache';
import { displayName, findCustomer, findCustomers } from '@acme/data';
import { ordersOf } from '@acme/data/orders';
import { sendMail } from '@acme/mailer';

// a query per id, through the unbuilt data package: flagged
export async function loadCustomers(ids: string[]) {
  const customers = [];
  for (const id of ids) {
    customers.push(await findCustomer(id)); // expect: n-plus-one
  }
  return customers;
}

// one query for all ids, and a pure helper in the loop: silent
export async function customerNames(ids: string[]) {
  const customers = await findCustomers(ids);
  return customers.map((customer) => displayName(customer));
}

// a subpath export of the same package, mapped from dist/ back to src/: flagged
export async function orderTotals(customerIds: string[]) {
  let total = 0;
  for (const customerId of customerIds) {
    for (const order of await ordersOf(customerId)) total += order.total; // expect: n-plus-one
  }
  return total;
}

// a Redis GET per key, through a package resolved by its `source` export condition: flagged
export async function cachedProfiles(keys: string[]) {
  return Promise.all(keys.map((key) => cached(key))); // expect: n-plus-one
}

// two independent reads, one after the other: flagged
export async function customerPage(id: string) {
  const customer = await findCustomer(id);
  const orders = await ordersOf(id); // expect: sequential-await
  return { customer, orders };
}

// a mail per customer, through a package only the root tsconfig's `paths` locate: flagged
export async function notifyAll(customers: { email: string }[]) {
  for (const customer of customers) {
    await sendMail(customer.email, 'News'); // expect: n-plus-one
  }
}
