import { pool, prisma } from '../db';
import type { Order, OrderStatus } from '../generated/prisma/client';

export interface OrderLine {
  productId: number;
  sku: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
}

export async function findOrderById(id: number): Promise<Order | null> {
  return prisma.order.findUnique({ where: { id } });
}

export async function listOrdersForCustomer(customerId: string, take = 20): Promise<Order[]> {
  return prisma.order.findMany({ where: { customerId }, orderBy: { createdAt: 'desc' }, take });
}

export async function listOrdersByStatus(status: OrderStatus, take: number): Promise<Order[]> {
  return prisma.order.findMany({ where: { status }, orderBy: { createdAt: 'asc' }, take });
}

export async function countOrdersByStatus(status: OrderStatus): Promise<number> {
  return prisma.order.count({ where: { status } });
}

export async function listOrderLines(orderId: number): Promise<OrderLine[]> {
  const { rows } = await pool.query<OrderLine>(
    `SELECT i.product_id AS "productId", p.sku, p.name, i.quantity, i.unit_price_cents AS "unitPriceCents"
       FROM order_items i
       JOIN products p ON p.id = i.product_id
      WHERE i.order_id = $1
      ORDER BY i.id`,
    [orderId],
  );
  return rows;
}

export async function revenueSince(since: Date): Promise<number> {
  const { rows } = await pool.query<{ revenue: string }>(
    `SELECT coalesce(sum(total_cents), 0) AS revenue
       FROM orders
      WHERE status IN ('paid', 'shipped') AND created_at >= $1`,
    [since],
  );
  return Number(rows[0]?.revenue ?? 0);
}
