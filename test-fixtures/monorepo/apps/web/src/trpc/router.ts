import { prisma } from '~/server/db';

// A tRPC-style procedure: an object of resolvers.
export const ordersRouter = {
  byIds: {
    query: async ({ input }: { input: { ids: string[] } }) => {
      return Promise.all(input.ids.map((id) => prisma.order.findUnique({ where: { id } }))); // expect: n-plus-one
    },
  },
  batched: {
    query: async ({ input }: { input: { ids: string[] } }) => prisma.order.findMany({ where: { id: { in: input.ids } } }),
  },
};
