import express from 'express';
import { Pool } from 'pg';
import Redis from 'ioredis';
import { MongoClient } from 'mongodb';
import axios from 'axios';
import https from 'node:https';
import { Agent } from 'undici';
import knex from 'knex';
import { createClient } from 'redis';
import { PrismaClient } from '../generated/prisma';

const app = express();

// Module scope: one pool for the process.
const pool = new Pool({ max: 10 });

app.get('/orders', async (_req, res) => {
  const perRequest = new Pool({ connectionString: process.env['DATABASE_URL'] }); // expect: connection-per-call
  const { rows } = await perRequest.query('SELECT id FROM orders');
  await perRequest.end();
  res.json(rows);
});

app.get('/orders/count', async (_req, res) => {
  const { rows } = await pool.query('SELECT count(*) FROM orders');
  res.json(rows);
});

// A factory a handler calls: a new Knex (and pool) per request.
function reportsDatabase() {
  return knex({ client: 'pg', connection: process.env['REPORTS_URL'] }); // expect: connection-per-call
}
app.get('/reports', async (_req, res) => {
  res.json(await reportsDatabase()('reports').select('id'));
});

app.get('/profile', async (_req, res) => {
  const api = axios.create({ baseURL: 'https://profiles.example.com', timeout: 2_000 }); // expect: connection-per-call
  const dispatcher = new Agent({ connections: 4 }); // expect: connection-per-call
  const redis = createClient({ url: process.env['REDIS_URL'] }); // expect: connection-per-call
  res.json({ profile: (await api.get('/me')).data, dispatcher: dispatcher.closed, redis: redis.isOpen });
});

// Singletons made on first use and kept: not findings.
let cache: Redis | undefined;
function cacheClient(): Redis {
  return (cache ??= new Redis({ commandTimeout: 1_000 }));
}

let mongo: MongoClient | undefined;
function mongoClient(): MongoClient {
  if (!mongo) mongo = new MongoClient('mongodb://localhost:27017');
  return mongo;
}

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
function prismaClient(): PrismaClient {
  return globalForPrisma.prisma ?? (globalForPrisma.prisma = new PrismaClient());
}

const tenantPools = new Map<string, Pool>();
function tenantPool(tenant: string): Pool {
  let found = tenantPools.get(tenant);
  if (!found) tenantPools.set(tenant, (found = new Pool({ database: tenant, statement_timeout: 5_000 })));
  return found;
}

app.get('/cached', async (req, res) => {
  const value = await cacheClient().get('key');
  const users = await prismaClient().user.count();
  const tenant = await tenantPool(String(req.query['tenant'])).query('SELECT 1');
  res.json({ value, users, tenant: tenant.rowCount, mongo: mongoClient().options.appName });
});

// A factory the handler calls once per process: its result is kept.
let reports: ReturnType<typeof knex> | undefined;
function createReports() {
  return knex({ client: 'pg' });
}
app.get('/reports/latest', async (_req, res) => {
  reports ??= createReports();
  res.json(await reports('reports').first());
});

// An agent that never keeps a connection open, wherever it is made.
export const agent = new https.Agent({ keepAlive: false }); // expect: connection-per-call
export const keptAlive = new https.Agent({ keepAlive: true, maxSockets: 50 });
