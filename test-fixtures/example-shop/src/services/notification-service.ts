import { setTimeout as sleep } from 'node:timers/promises';
import type { Customer, Order } from '../generated/prisma/client';
import { NOTIFICATIONS_TIMEOUT_MS, NOTIFICATIONS_URL } from '../http';
import { customerRepository } from '../repositories/customer-repository';

interface Message {
  to: string;
  template: string;
  data: Record<string, unknown>;
}

const headers = { 'content-type': 'application/json', authorization: `Bearer ${process.env.NOTIFICATIONS_TOKEN ?? ''}` };

/** Tells each customer that their parcel is on its way. */
export async function notifyShipped(orders: Order[]): Promise<void> {
  const customers = await customerRepository.findByIds(orders.map((order) => order.customerId));
  const byId = new Map(customers.map((customer) => [customer.id, customer]));
  for (const order of orders) {
    const customer = byId.get(order.customerId);
    if (!customer) continue;
    const message: Message = { to: customer.email, template: 'order-shipped', data: { orderId: order.id, name: customer.name } };
    await fetch(`${NOTIFICATIONS_URL}/messages`, { method: 'POST', headers, body: JSON.stringify(message), signal: AbortSignal.timeout(NOTIFICATIONS_TIMEOUT_MS) }); // expect: n-plus-one
  }
}

/** The weekly newsletter: the provider accepts the whole recipient list in one request. */
export async function sendNewsletter(customers: Customer[], issue: string): Promise<void> {
  const messages: Message[] = customers
    .filter((customer) => customer.marketingOptIn)
    .map((customer) => ({ to: customer.email, template: 'newsletter', data: { issue, name: customer.name } }));
  if (messages.length === 0) return;
  await fetch(`${NOTIFICATIONS_URL}/messages/batch`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ messages }),
    signal: AbortSignal.timeout(NOTIFICATIONS_TIMEOUT_MS * 5),
  });
}

/** SMS reminders go through a provider limited to ten messages a second, so they are paced. */
export async function remindUnpaid(orders: Array<Order & { phone: string }>): Promise<void> {
  for (const order of orders) {
    const message: Message = { to: order.phone, template: 'payment-reminder', data: { orderId: order.id } };
    await fetch(`${NOTIFICATIONS_URL}/sms`, { method: 'POST', headers, body: JSON.stringify(message), signal: AbortSignal.timeout(NOTIFICATIONS_TIMEOUT_MS) });
    await sleep(100);
  }
}

/** Partner webhooks for a product update: one POST per subscribed partner, all at once. */
export async function notifyPartners(endpoints: string[], productId: number): Promise<void> {
  const body = JSON.stringify({ event: 'product.updated', productId });
  await Promise.all(endpoints.map((url) => fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(NOTIFICATIONS_TIMEOUT_MS) }))); // expect: unbounded-concurrency
}

/** The carrier's tracking page, shown on the order page. */
export async function trackingStatus(trackingNumber: string): Promise<string> {
  const response = await fetch(`https://tracking.carrier.example/v1/parcels/${encodeURIComponent(trackingNumber)}`); // expect: missing-timeout
  const { status } = (await response.json()) as { status: string };
  return status;
}
