import axios from 'axios';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma';

const prisma = new PrismaClient();
const redis = new Redis();
const pool = new Pool();
const FLAGS_API = 'https://flags.example.com';

type Flags = Record<string, boolean>;

// a Prisma read and an independent axios GET: flagged
export async function getUserWithFlags(userId: string) {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  const { data: flags } = await axios.get<Flags>(`${FLAGS_API}/flags`, { params: { userId } }); // expect: sequential-await
  return { user, flags };
}

// dashboard: user, their orders and a feature flag, all independent: one finding, on the second
export async function getDashboard(userId: string) {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  const orders = await prisma.order.findMany({ where: { customerId: userId }, orderBy: { createdAt: 'desc' }, take: 10 }); // expect: sequential-await
  const newCheckout = await redis.get(`flags:new-checkout:${userId}`);
  return {
    greeting: `Hello ${user?.name ?? user?.email}`,
    orders: orders.map((o) => ({ id: o.id, total: o.total })),
    newCheckout: newCheckout === 'on',
  };
}

// a fetch GET and an independent pg SELECT: flagged
export async function getStatus() {
  const upstream = await fetch(`${FLAGS_API}/health`);
  const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM orders'); // expect: sequential-await
  return { upstreamOk: upstream.ok, orders: Number(rows[0].n) };
}

// the HTTP call needs the user's email: silent
export async function getGravatarProfile(userId: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  const { data } = await axios.get<{ displayName: string }>(`https://gravatar.example.com/${encodeURIComponent(user.email)}.json`);
  return data.displayName;
}

// HTTP read followed by a Prisma write: silent
export async function importProfile(email: string) {
  const { data } = await axios.get<{ name: string }>(`${FLAGS_API}/profiles`, { params: { email } });
  const user = await prisma.user.create({ data: { email, name: null, teamId: null } });
  return { user, remoteName: data.name };
}
