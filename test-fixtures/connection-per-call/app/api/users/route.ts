import { PrismaClient } from '../../../../generated/prisma';

export async function GET(): Promise<Response> {
  const prisma = new PrismaClient(); // expect: connection-per-call
  const users = await prisma.user.findMany({ take: 20 });
  await prisma.$disconnect();
  return Response.json(users);
}
