import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function load(id: string) {
  await prisma.user.findUnique({ where: { id } }); // io: Prisma read
  await prisma.user.update({ where: { id }, data: {} }); // io: Prisma write
  await prisma.$queryRaw`SELECT 1`; // io: Prisma read
}
