import type { OrderStatus } from '../generated/prisma/client';
import { customerRepository } from '../repositories/customer-repository';
import { countOrdersByStatus, listOrdersByStatus, revenueSince } from '../repositories/order-repository';
import { bestSellersSince, salesHistory } from '../repositories/report-repository';
import { dispatchPaidOrders, withCustomers } from '../services/order-service';
import { ok, type Reply, type Request } from './http-types';

const STATUSES: readonly OrderStatus[] = ['pending', 'paid', 'shipped', 'cancelled'];

function startOfToday(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

// GET /admin/dashboard
export async function getDashboard(): Promise<Reply> {
  const since = startOfToday();
  const revenueCents = await revenueSince(since);
  const pendingOrders = await countOrdersByStatus('pending'); // expect: sequential-await
  const signups = await customerRepository.countSignupsSince(since);
  return ok({ revenueCents, pendingOrders, signups });
}

// GET /admin/orders/breakdown
export async function getStatusBreakdown(): Promise<Reply> {
  const breakdown: Partial<Record<OrderStatus, number>> = {};
  for (const status of ['pending', 'paid', 'shipped', 'cancelled'] as const) {
    breakdown[status] = await countOrdersByStatus(status);
  }
  return ok(breakdown);
}

// GET /admin/orders?status=paid
export async function getOrderQueue(req: Request): Promise<Reply> {
  const requested = req.query.status as OrderStatus | undefined;
  const status = requested !== undefined && STATUSES.includes(requested) ? requested : 'pending';
  const orders = await listOrdersByStatus(status, 50);
  return ok(await withCustomers(orders));
}

// POST /admin/dispatch
export async function postDispatch(): Promise<Reply> {
  return ok({ dispatched: await dispatchPaidOrders() });
}

// GET /admin/reports/best-sellers
export async function getBestSellers(): Promise<Reply> {
  return ok(await bestSellersSince(new Date(Date.now() - 30 * 24 * 3600 * 1000)));
}

// GET /admin/products/:id/sales
export async function getProductSales(req: Request<{ id: string }>): Promise<Reply> {
  return ok(await salesHistory(Number(req.params.id)));
}
