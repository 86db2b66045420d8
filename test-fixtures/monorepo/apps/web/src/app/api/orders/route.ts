import { findCustomer, prisma } from '~/server/db';

// Next.js route handler: the customer and the orders are independent reads.
export async function GET(request: Request) {
  const customerId = new URL(request.url).searchParams.get('customer') ?? '';
  const customer = await findCustomer(customerId);
  const orders = await prisma.order.findMany({ where: { customerId } }); // expect: sequential-await
  return Response.json({ customer, orders });
}

// The order must exist before its items are read: dependent, silent.
export async function POST(request: Request) {
  const { orderId } = (await request.json()) as { orderId: string };
  const order = await prisma.order.findUnique({ where: { id: orderId } });
  if (!order) return new Response('not found', { status: 404 });
  const items = await prisma.orderItem.findMany({ where: { orderId: order.id } });
  return Response.json({ order, items });
}
