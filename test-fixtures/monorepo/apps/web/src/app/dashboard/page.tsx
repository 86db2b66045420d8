import { prisma } from '~/server/db';

// A server component rendering each customer's last order, one query per customer.
export default async function Dashboard() {
  const customers = await prisma.customer.findMany({ take: 50 });
  const rows = [];
  for (const customer of customers) {
    rows.push(await prisma.order.findFirst({ where: { customerId: customer.id } })); // expect: n-plus-one
  }
  return rows.length;
}
