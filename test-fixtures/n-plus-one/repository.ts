import type { Order, User } from '../generated/prisma';
import { pool, prisma } from './db';
import { selectOpenOrders } from './queries';

export interface LineItemRow {
  sku: string;
  quantity: number;
}

export class UserRepository {
  async findById(id: string): Promise<User | null> {
    return prisma.user.findUnique({ where: { id } });
  }

  async findByIds(ids: string[]): Promise<User[]> {
    return prisma.user.findMany({ where: { id: { in: ids } } });
  }

  async countAll(): Promise<number> {
    return prisma.user.count();
  }

  toSummary(user: User): { id: string; email: string } {
    return { id: user.id, email: user.email.toLowerCase() };
  }
}

export class OrderRepository {
  // delegates to another module's helper, which calls Prisma
  async openOrdersFor(customerId: string): Promise<Order[]> {
    return selectOpenOrders(customerId);
  }
}

export async function findUserById(id: string): Promise<User | null> {
  return prisma.user.findUnique({ where: { id } });
}

export async function loadLineItems(orderId: number): Promise<LineItemRow[]> {
  const { rows } = await pool.query<LineItemRow>('SELECT sku, quantity FROM line_items WHERE order_id = $1', [orderId]);
  return rows;
}

export function lineItemsTotal(items: LineItemRow[], priceBySku: ReadonlyMap<string, number>): number {
  return items.reduce((sum, item) => sum + (priceBySku.get(item.sku) ?? 0) * item.quantity, 0);
}
