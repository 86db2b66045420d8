'use server';

import { PrismaClient } from '../generated/prisma';

const prisma = new PrismaClient();

// Every function a 'use server' file exports is a server action: a client can call it.
export async function listUsers() {
  return prisma.user.findMany(); // expect: unbounded-read
}

export const listPosts = async () => {
  return prisma.post.findMany({ take: 50 });
};
