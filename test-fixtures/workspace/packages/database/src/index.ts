import { PrismaClient } from './generated/prisma';

export * from './generated/prisma';

/** The workspace's one client, as its packages import it. */
export const prisma = new PrismaClient();
