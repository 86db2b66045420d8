import { Pool } from 'pg';
import { PrismaClient, type Order, type Post, type User } from '../generated/prisma';

const prisma = new PrismaClient();
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

// read: one Prisma findUnique
export async function findUserById(id: string): Promise<User | null> {
  return prisma.user.findUnique({ where: { id } });
}

// read: one Prisma findUniqueOrThrow
export async function findUserByEmail(email: string): Promise<User> {
  const user = await prisma.user.findUniqueOrThrow({ where: { email } });
  return user;
}

// read: one Prisma findMany
export async function listOrdersForCustomer(customerId: string): Promise<Order[]> {
  return prisma.order.findMany({ where: { customerId }, orderBy: { createdAt: 'desc' } });
}

// read: one pg SELECT
export async function countOpenOrders(): Promise<number> {
  const { rows } = await pool.query<{ n: string }>("SELECT count(*) AS n FROM orders WHERE status = 'open'");
  return Number(rows[0].n);
}

// write: one Prisma update
export async function updateUserName(userId: string, name: string): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { name } });
}

// write: one Prisma create
export async function createPost(authorId: string, title: string): Promise<Post> {
  return prisma.post.create({ data: { authorId, title, published: false } });
}

export class PostRepository {
  constructor(private readonly db: PrismaClient) {}

  // read: one Prisma findMany
  async listPublished(take: number): Promise<Post[]> {
    return this.db.post.findMany({ where: { published: true }, take });
  }

  // read: one Prisma count
  async countByAuthor(authorId: string): Promise<number> {
    return this.db.post.count({ where: { authorId } });
  }
}

export const postRepository = new PostRepository(prisma);
