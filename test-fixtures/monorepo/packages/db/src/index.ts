import { PrismaClient } from '@prisma/client';

/** The one Prisma client of the monorepo. */
export const prisma = new PrismaClient();

export async function findCustomer(id: string) {
  return prisma.customer.findUnique({ where: { id } });
}
