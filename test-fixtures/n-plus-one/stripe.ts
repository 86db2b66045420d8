import Stripe from 'stripe';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

// one Stripe request per customer id: flagged
export async function customerEmails(customerIds: string[]): Promise<string[]> {
  const emails: string[] = [];
  for (const id of customerIds) {
    const customer = await stripe.customers.retrieve(id); // expect: n-plus-one
    if (!customer.deleted && customer.email) emails.push(customer.email);
  }
  return emails;
}

// one invoice created per order: flagged
export async function invoiceOrders(orders: { customerId: string; total: number }[]): Promise<void> {
  for (const order of orders) {
    await stripe.invoiceItems.create({ customer: order.customerId, amount: order.total, currency: 'eur' }); // expect: n-plus-one
  }
}

// auto-pagination with for await: each page needs the previous one's cursor: silent
export async function allCustomerIds(): Promise<string[]> {
  const ids: string[] = [];
  for await (const customer of stripe.customers.list({ limit: 100 })) {
    ids.push(customer.id);
  }
  return ids;
}

// a single list request, no loop: silent
export async function customersCreatedSince(since: number): Promise<Stripe.Customer[]> {
  const page = await stripe.customers.list({ created: { gte: since }, limit: 100 });
  return page.data;
}
