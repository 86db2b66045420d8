import axios from 'axios';
import Redis from 'ioredis';
import { PrismaClient } from '../generated/prisma';

const prisma = new PrismaClient();
const redis = new Redis();

// helper: a timer, no I/O
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// helper: project function that does no I/O
async function formatDisplayName(name: string | null, email: string): Promise<string> {
  return (name ?? email.split('@')[0]).trim();
}

// helper: project function that does no I/O
async function computeDiscount(total: number): Promise<number> {
  return total > 100 ? total * 0.1 : 0;
}

// two awaits of plain non-I/O promises: silent
export async function warmUp() {
  const ready = await Promise.resolve(true);
  await new Promise<void>((resolve) => setTimeout(resolve, 10));
  return ready;
}

// two awaits of project functions that do no I/O: silent
export async function describeCustomer(name: string | null, email: string, total: number) {
  const displayName = await formatDisplayName(name, email);
  const discount = await computeDiscount(total);
  return `${displayName}: ${discount}`;
}

// one I/O read followed by a non-I/O await (a delay): silent
export async function pollBanner() {
  const banner = await redis.get('site:banner');
  await sleep(50);
  return banner;
}

// a read outside and a read inside an if block: silent
export async function getUserAndMaybeFlags(userId: string, withFlags: boolean) {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  let flags: Record<string, boolean> = {};
  if (withFlags) {
    flags = (await axios.get<Record<string, boolean>>('https://flags.example.com/flags')).data;
  }
  return { user, flags };
}

// reads in the two branches of an if/else: silent
export async function getOwnerOrCount(userId: string | undefined) {
  if (userId) {
    const user = await prisma.user.findUnique({ where: { id: userId } });
    return user?.email ?? null;
  } else {
    const count = await prisma.user.count();
    return `${count} users`;
  }
}

// a read inside try and a read after the try/catch: silent
export async function getCachedOrFresh(userId: string) {
  let cached: string | null = null;
  try {
    cached = await redis.get(`user:${userId}:profile`);
  } catch {
    cached = null;
  }
  const fresh = await prisma.user.findUnique({ where: { id: userId } });
  return { cached, fresh };
}

// reads already run in parallel with Promise.all: silent
export async function getDashboardParallel(userId: string) {
  const [user, orders, banner] = await Promise.all([
    prisma.user.findUnique({ where: { id: userId } }),
    prisma.order.findMany({ where: { customerId: userId } }),
    redis.get('site:banner'),
  ]);
  return { user, orders, banner };
}

// reads already run in parallel with Promise.allSettled: silent
export async function getBestEffort(userId: string) {
  const [profile, flags] = await Promise.allSettled([
    axios.get<{ name: string }>(`https://api.example.com/users/${userId}`),
    axios.get<Record<string, boolean>>('https://flags.example.com/flags'),
  ]);
  return { profile: profile.status === 'fulfilled' ? profile.value.data : null, flags: flags.status === 'fulfilled' ? flags.value.data : {} };
}

// a single read: silent
export async function getBanner() {
  const banner = await redis.get('site:banner');
  return banner ?? '';
}
