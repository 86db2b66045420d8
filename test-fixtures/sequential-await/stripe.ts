import Stripe from 'stripe';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

// two independent Stripe reads: flagged
export async function billingOverview(customerId: string) {
  const customer = await stripe.customers.retrieve(customerId);
  const invoices = await stripe.invoices.list({ customer: customerId, limit: 10 }); // expect: sequential-await
  return { customer, invoices: invoices.data };
}

// the subscription's latest invoice needs the subscription: silent
export async function latestInvoice(subscriptionId: string) {
  const subscription = await stripe.subscriptions.retrieve(subscriptionId);
  const invoice = await stripe.invoices.retrieve(String(subscription.latest_invoice));
  return invoice;
}

// a write, then a read that may see it: silent
export async function updateAndReload(customerId: string) {
  await stripe.customers.update(customerId, { metadata: { synced: 'true' } });
  const customer = await stripe.customers.retrieve(customerId);
  return customer;
}
