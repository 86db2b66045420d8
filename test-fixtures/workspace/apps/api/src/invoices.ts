import { prisma, type Invoice } from '@acme/database';

// a Prisma query per customer, through the client a workspace package re-exports: flagged
export async function invoicesOf(customerIds: string[]) {
  const invoices: Invoice[][] = [];
  for (const customerId of customerIds) {
    invoices.push(await prisma.invoice.findMany({ where: { customerId } })); // expect: n-plus-one
  }
  return invoices;
}

// a filter on a column the other package's schema does not index: flagged
export async function byStatus(status: string) {
  return prisma.invoice.findMany({ where: { status } }); // expect: unindexed-sql
}
