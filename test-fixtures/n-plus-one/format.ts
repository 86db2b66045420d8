import type { Order, User } from '../generated/prisma';

// helpers that do no I/O

export function displayName(user: User): string {
  return user.name ?? user.email.split('@')[0];
}

export function parseMetadata(raw: string): Record<string, unknown> {
  return JSON.parse(raw) as Record<string, unknown>;
}

export async function computeDiscount(order: Order, rates: ReadonlyMap<string, number>): Promise<number> {
  await Promise.resolve();
  return Math.round(order.total * (rates.get(order.status) ?? 0));
}
