import { PrismaClient } from '../generated/prisma';

const prisma = new PrismaClient();

// A function opening with 'use server' is an action wherever it is written.
export async function ordersAction() {
  'use server';
  return prisma.order.findMany(); // expect: unbounded-read
}

// No directive here: this file's exports are not actions.
export async function allPosts() {
  return prisma.post.findMany();
}

export async function quoted() {
  const note = 'use server';
  return { note, posts: await prisma.post.findMany() };
}
