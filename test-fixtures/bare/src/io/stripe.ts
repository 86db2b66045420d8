import Stripe from 'stripe';

const stripe = new Stripe('sk_test');

export async function load(id: string) {
  await stripe.customers.retrieve(id); // io: Stripe read
  await stripe.refunds.create({ charge: id }); // io: Stripe write
}
