import { Worker } from 'bullmq';
import { PrismaClient } from '../generated/prisma';

const prisma = new PrismaClient();

// A queue's job may read a whole table on purpose (an export): no client waits on it, not a finding.
export const exporter = new Worker(
  'export',
  async () => {
    const users = await prisma.user.findMany();
    return users.length;
  },
  { connection: { host: 'redis' } },
);
