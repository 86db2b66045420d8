import type { Post } from '../generated/prisma';
import { prisma } from './db';

interface Draft {
  authorEmail: string;
  title: string;
}

/** One business operation: looks the author up, writes the post, counts what it wrote. */
async function publish(draft: Draft): Promise<Post> {
  const author = await prisma.user.findFirstOrThrow({ where: { email: draft.authorEmail } });
  return prisma.post.create({ data: { authorId: author.id, title: draft.title, published: true } });
}

/** One insert. */
async function insertPost(authorId: string, title: string): Promise<Post> {
  return prisma.post.create({ data: { authorId, title, published: false } });
}

/** One read. */
async function findPost(id: number): Promise<Post | null> {
  return prisma.post.findUnique({ where: { id } });
}

// a helper that reads and writes per item has no one-query form to suggest: silent
export async function publishAll(drafts: Draft[]): Promise<Post[]> {
  const posts: Post[] = [];
  for (const draft of drafts) posts.push(await publish(draft));
  return posts;
}

// a helper that makes one insert per item: flagged (createMany)
export async function insertAll(authorId: string, titles: string[]): Promise<Post[]> {
  const posts: Post[] = [];
  for (const title of titles) posts.push(await insertPost(authorId, title)); // expect: n-plus-one
  return posts;
}

// a helper that makes one read per item: flagged (findMany)
export async function findAll(ids: number[]): Promise<Array<Post | null>> {
  const posts: Array<Post | null> = [];
  for (const id of ids) posts.push(await findPost(id)); // expect: n-plus-one
  return posts;
}

// the same read and write written in the loop itself: flagged, each is a query per item
export async function publishInline(drafts: Draft[]): Promise<void> {
  for (const draft of drafts) {
    const author = await prisma.user.findFirstOrThrow({ where: { email: draft.authorEmail } }); // expect: n-plus-one
    await prisma.post.create({ data: { authorId: author.id, title: draft.title, published: true } });
  }
}
