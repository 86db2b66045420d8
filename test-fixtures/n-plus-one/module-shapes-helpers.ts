import type { User } from '../generated/prisma';
import { prisma } from './db';

async function loadUserRecord(id: string): Promise<User | null> {
  return prisma.user.findUnique({ where: { id } });
}

// Callers reach this function only by its exported alias.
export { loadUserRecord as fetchUserRecord };

// Callers reach it as a property of an object, under another name.
export const userRecords = { loadLater: loadUserRecord };
