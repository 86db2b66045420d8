import type { Order } from '../generated/prisma';
import { prisma } from './db';

// second-level helper: the Prisma call lives here, two calls away from the service loop
export function selectOpenOrders(customerId: string): Promise<Order[]> {
  return prisma.order.findMany({ where: { customerId, status: { in: ['pending', 'paid'] } }, orderBy: { createdAt: 'desc' } });
}

// pure helper next to the queries: no I/O
export function orderLabel(order: Order): string {
  return `#${order.id} (${order.status})`;
}
