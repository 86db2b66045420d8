import express from 'express';
import { prisma } from './db';

// posts.author_id references users with no index: deleting a user scans posts for each deleted
// row (orders.customer_id has its @@index).
export async function removeUser(id: string) {
  await prisma.user.delete({ where: { id } }); // expect: unindexed-sql
}

// Nothing references orders: nothing is looked up.
export async function removeOrder(id: number) {
  await prisma.order.delete({ where: { id } });
}

// A purge run by a job, not per request: its lookups cost the job's time. Silent.
export async function purgeUsers(ids: string[]) {
  await prisma.user.deleteMany({ where: { id: { in: ids } } });
}

// One user's posts are read by their unindexed foreign key.
export async function userWithPosts(id: string) {
  return prisma.user.findUnique({
    where: { id },
    include: {
      posts: true, // expect: unindexed-sql
      orders: true,
    },
  });
}

// Every user's posts: all of them are read anyway.
export async function everyoneWithPosts() {
  return prisma.user.findMany({ include: { posts: true } });
}

// The owning side reads the author by its primary key.
export async function postWithAuthor(id: number) {
  return prisma.post.findUnique({ where: { id }, include: { author: true } });
}

// comments.post_id has no index, but nothing deletes posts or reads a post's comments.
export async function commentBodies(id: number) {
  return prisma.comment.findUnique({ where: { id }, select: { body: true } });
}

// Deletes are frequent where a request makes them.
export const router = express.Router();
router.delete('/users/:id', async (req, res) => {
  await removeUser(req.params.id);
  await removeOrder(Number(req.params.id));
  res.sendStatus(204);
});
