import { initTRPC } from '@trpc/server';
import { PrismaClient } from '../generated/prisma';

const prisma = new PrismaClient();
const t = initTRPC.create();

function allUsers() {
  return prisma.user.findMany(); // expect: unbounded-read
}

export const appRouter = t.router({
  // A procedure's resolver runs per call of the procedure.
  posts: t.procedure.query(() => prisma.post.findMany()), // expect: unbounded-read
  users: t.procedure.query(async () => allUsers()),
  // Capped: not a finding.
  latest: t.procedure.mutation(async () => prisma.post.findMany({ take: 20 })),
});

// Reached by no procedure: not a finding.
export function everyOrder() {
  return prisma.order.findMany();
}
