import Stripe from 'stripe';
import { Injectable } from '@/nest';

@Injectable()
export class StripeSync {
  private readonly stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? '');

  // One Stripe request per customer.
  async emails(customerIds: string[]) {
    const emails: Array<string | null> = [];
    for (const id of customerIds) {
      const customer = await this.stripe.customers.retrieve(id); // expect: n-plus-one
      emails.push(customer.deleted ? null : (customer.email ?? null));
    }
    return emails;
  }

  // Verifying a webhook signature is local: no request.
  verify(payloads: string[], signature: string) {
    return payloads.map((payload) => this.stripe.webhooks.constructEvent(payload, signature, process.env.STRIPE_WEBHOOK_SECRET ?? ''));
  }
}
