import { PrismaClient } from '../../../../generated/prisma';

const prisma = new PrismaClient();

export async function GET(): Promise<Response> {
  const users = await prisma.user.findMany({ orderBy: { email: 'asc' } }); // expect: unbounded-read
  return Response.json(users);
}

// Capped, filtered, or options hotpath cannot see: not findings.
export async function POST(request: Request): Promise<Response> {
  const { email, query } = (await request.json()) as { email: string; query: { take: number } };
  const page = await prisma.user.findMany({ take: 50, orderBy: { email: 'asc' } });
  const matching = await prisma.post.findMany({ where: { author: { email } } });
  const asked = await prisma.post.findMany(query);
  const count = await prisma.user.count();
  return Response.json({ page, matching, asked, count });
}
