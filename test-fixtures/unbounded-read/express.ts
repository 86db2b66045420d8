import express from 'express';
import { PrismaClient } from '../generated/prisma';

const prisma = new PrismaClient();
const app = express();

function allPosts() {
  return prisma.post.findMany(); // expect: unbounded-read
}

app.get('/posts', async (_req, res) => {
  res.json(await allPosts());
});

// Not on the request path: read once when the process starts, or by a function no handler calls.
export const seedUsers = prisma.user.findMany();
export async function exportEverything() {
  return prisma.order.findMany();
}

// Filtered through an included relation, or read through a call that may filter: not findings.
app.get('/authors', async (req, res) => {
  const authors = await prisma.user.findMany({ include: { posts: { where: { title: String(req.query['title']) } } }, where: { posts: { some: {} } } });
  res.json(authors);
});

const clients = new Map<string, PrismaClient>();
app.get('/tenant-posts', async (req, res) => {
  const client = clients.get(String(req.query['tenant'])) ?? prisma;
  res.json(await clientOf(client).post.findMany());
});
function clientOf(client: PrismaClient): PrismaClient {
  return client;
}
