import { setTimeout as sleep } from 'node:timers/promises';
import { isAxiosError } from 'axios';
import { prisma } from '../db';
import { NotFoundError, OutOfStockError } from '../errors';
import type { Customer, Order } from '../generated/prisma/client';
import { paymentsApi, shippingApi } from '../http';
import { customerRepository } from '../repositories/customer-repository';
import { findOrderById, listOrderLines, listOrdersByStatus, type OrderLine } from '../repositories/order-repository';
import { findProductsByIds } from '../repositories/product-repository';
import { notifyShipped } from './notification-service';

export interface CartLine {
  productId: number;
  quantity: number;
}

export interface PackingSlip {
  orderId: number;
  recipient: string;
  email: string;
}

export interface OrderDetails extends Order {
  customer: Customer | null;
  lines: OrderLine[];
}

export async function getOrderDetails(orderId: number): Promise<OrderDetails> {
  const order = await findOrderById(orderId);
  if (!order) throw new NotFoundError('order', orderId);
  // Lines and customer only depend on the order, not on each other.
  const [lines, customer] = await Promise.all([listOrderLines(order.id), customerRepository.findById(order.customerId)]);
  return { ...order, customer, lines };
}

/** Admin order list: every order with its customer, loaded in one query. */
export async function withCustomers(orders: Order[]): Promise<Array<Order & { customer: Customer | null }>> {
  const customers = await customerRepository.findByIds(orders.map((order) => order.customerId));
  const byId = new Map(customers.map((customer) => [customer.id, customer]));
  return orders.map((order) => ({ ...order, customer: byId.get(order.customerId) ?? null }));
}

/** Packing slips for the warehouse's dispatch run. */
export async function buildPackingSlips(orders: Order[]): Promise<PackingSlip[]> {
  const slips: PackingSlip[] = [];
  for (const order of orders) {
    const customer = await customerRepository.findById(order.customerId); // expect: n-plus-one
    if (customer) slips.push({ orderId: order.id, recipient: customer.name ?? customer.email, email: customer.email });
  }
  return slips;
}

export async function placeOrder(customerId: string, cart: CartLine[]): Promise<Order> {
  const products = await findProductsByIds(cart.map((line) => line.productId));
  const byId = new Map(products.map((product) => [product.id, product]));
  const priced = cart.map((line) => {
    const product = byId.get(line.productId);
    if (!product || !product.active) throw new NotFoundError('product', line.productId);
    return { ...line, unitPriceCents: product.priceCents };
  });
  const totalCents = priced.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);

  // Stock is reserved line by line so a failed line rolls the whole order back.
  return prisma.$transaction(async (tx) => {
    for (const line of priced) {
      const product = await tx.product.update({ where: { id: line.productId }, data: { stock: { decrement: line.quantity } } });
      if (product.stock < 0) throw new OutOfStockError(line.productId);
    }
    const order = await tx.order.create({ data: { customerId, status: 'pending', totalCents } });
    await tx.orderItem.createMany({
      data: priced.map((line) => ({ orderId: order.id, productId: line.productId, quantity: line.quantity, unitPriceCents: line.unitPriceCents })),
    });
    return order;
  });
}

/** Captures the authorised payment; the idempotency key makes retries safe. */
export async function capturePayment(order: Order): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const { data } = await paymentsApi.post<{ captureId: string }>(
        `/payments/order-${order.id}/capture`,
        { amountCents: order.totalCents },
        { headers: { 'Idempotency-Key': `capture-order-${order.id}` } },
      );
      await prisma.order.update({ where: { id: order.id }, data: { status: 'paid' } });
      return data.captureId;
    } catch (error) {
      const retryable = isAxiosError(error) && (error.response === undefined || error.response.status >= 500);
      if (!retryable || attempt === 2) throw error;
      await sleep(200 * 2 ** attempt);
    }
  }
  throw new Error(`payment capture for order ${order.id} did not complete`);
}

/** Hands the oldest paid orders to the carrier and tells their customers. */
export async function dispatchPaidOrders(batchSize = 100): Promise<number> {
  const orders = await listOrdersByStatus('paid', batchSize);
  if (orders.length === 0) return 0;
  const slips = await buildPackingSlips(orders);
  await shippingApi.post('/shipments/batch', { shipments: slips });
  await prisma.order.updateMany({ where: { id: { in: orders.map((order) => order.id) } }, data: { status: 'shipped' } });
  await notifyShipped(orders);
  return orders.length;
}
