import { PrismaClient } from '../generated/prisma';
import { billingApi } from './clients';

const prisma = new PrismaClient();

// Calls to other services inside an interactive transaction hold its connection while they wait.

async function chargeCustomer(customerId: string, total: number): Promise<void> {
  await billingApi.post('/charges', { customerId, total });
}

async function recordAudit(orderId: number): Promise<void> {
  await prisma.order.update({ where: { id: orderId }, data: { status: 'audited' } });
}

// a fetch inside the transaction, even with a timeout: flagged
export async function placeOrder(customerId: string, total: number): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const order = await tx.order.create({ data: { customerId, status: 'pending', total } });
    await fetch('https://fraud.example.com/check', { method: 'POST', body: String(order.id), signal: AbortSignal.timeout(2_000) }); // expect: missing-timeout
    return order.id;
  });
}

// an HTTP call through a project function inside the transaction: flagged at that call
export async function payOrder(orderId: number, customerId: string, total: number): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.order.update({ where: { id: orderId }, data: { status: 'paid' } });
    await chargeCustomer(customerId, total); // expect: missing-timeout
  });
}

// a transaction with only database calls, direct and through a project function: silent
export async function closeOrder(orderId: number): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.order.update({ where: { id: orderId }, data: { status: 'closed' } });
    await recordAudit(orderId);
  });
}

// the HTTP call after the transaction commits: silent
export async function refundOrder(orderId: number, customerId: string, total: number): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.order.update({ where: { id: orderId }, data: { status: 'refunded' } });
  });
  await chargeCustomer(customerId, -total);
}
