import { Redis } from 'ioredis';
import { PrismaClient, type User } from '../generated/prisma';
import { crm } from './clients';

const prisma = new PrismaClient();
const cache = new Redis({ commandTimeout: 500 });

// Prisma reads fanned out: batchable, so n-plus-one's finding, not this rule's
export async function loadUsers(userIds: string[]): Promise<Array<User | null>> {
  return Promise.all(userIds.map((id) => prisma.user.findUnique({ where: { id } }))); // expect: n-plus-one
}

// Prisma updates from forEach(async): batchable, n-plus-one's
export function deactivate(users: User[]): void {
  users.forEach(async (user) => {
    await prisma.user.update({ where: { id: user.id }, data: { teamId: null } }); // expect: n-plus-one
  });
}

// redis GET per key: batchable (MGET), n-plus-one's
export async function cachedProfiles(keys: string[]): Promise<Array<string | null>> {
  return Promise.all(keys.map((key) => cache.get(`profile:${key}`))); // expect: n-plus-one
}

// a read and an HTTP call per user: the read is n-plus-one's, the HTTP fan-out this rule's
export async function enrich(userIds: string[]): Promise<void> {
  await Promise.all( // expect: unbounded-concurrency
    userIds.map(async (id) => {
      const user = await prisma.user.findUnique({ where: { id } }); // expect: n-plus-one
      if (user) await crm.post('/enrich', { email: user.email });
    }),
  );
}

// a query that does not depend on the element: neither rule
export async function countTwice(userIds: string[]): Promise<number[]> {
  return Promise.all(userIds.map(() => prisma.user.count()));
}
