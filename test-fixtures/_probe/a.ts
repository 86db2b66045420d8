import { PrismaClient } from '../generated/prisma';
import { Pool, Client } from 'pg';
import axios from 'axios';
import got from 'got';
import ky from 'ky';
import { request, fetch as ufetch } from 'undici';
import https from 'node:https';
import http from 'node:http';
import Redis from 'ioredis';
import { createClient } from 'redis';
import mysql from 'mysql2/promise';
import knexFactory from 'knex';
import { Kysely, PostgresDialect } from 'kysely';
import { drizzle } from 'drizzle-orm/node-postgres';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { eq } from 'drizzle-orm';
import mongoose, { Schema, model } from 'mongoose';
import { Model, Sequelize, DataTypes } from 'sequelize';
import { DataSource, Repository, Entity, PrimaryColumn } from 'typeorm';
import { setTimeout as sleep } from 'node:timers/promises';

const prisma = new PrismaClient();
const pool = new Pool();
const api = axios.create({ baseURL: 'x' });
const redis = new Redis();
const nredis = createClient();
const knex = knexFactory({ client: 'pg' });
interface DB { users: { id: string; name: string } }
const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
const users = pgTable('users', { id: text('id').primaryKey() });
const db = drizzle(pool);
const Cat = model('Cat', new Schema({ name: String }));
class U extends Model {}
@Entity() class E { @PrimaryColumn() id!: string }
const ds = new DataSource({ type: 'postgres' });
export async function f(repo: Repository<E>, client: Client) {
  await prisma.user.findUnique({ where: { id: 'a' } });
  await prisma.$queryRaw`SELECT 1`;
  await prisma.$transaction(async (tx) => tx.user.findMany());
  await pool.query('select 1');
  await client.query('select 1');
  const pc = await pool.connect(); await pc.query('x');
  await axios.get('x'); await axios('x'); await api.post('x', {}); await api({ url: 'x' });
  await got('x'); await got.get('x').json(); await ky.get('x').json();
  await request('x'); await ufetch('x'); await fetch('x');
  https.get('x', () => {}); http.request('x');
  await redis.get('k'); await redis.set('k', 'v'); await nredis.get('k'); await nredis.set('k', 'v'); await nredis.hGetAll('k');
  const conn = await mysql.createPool({}); await conn.query('select 1'); await conn.execute('select 1');
  await knex('users').where({ id: 1 }); await knex('users').insert({ id: 1 }); await knex.raw('select 1'); await knex.transaction(async (trx) => trx('users'));
  await kysely.selectFrom('users').selectAll().where('id', '=', 'x').execute();
  await kysely.insertInto('users').values({ id: 'x', name: 'y' }).executeTakeFirst();
  await db.select().from(users).where(eq(users.id, 'x'));
  await db.insert(users).values({ id: 'x' });
  await Cat.findById('x'); await Cat.find({ name: 'x' }).lean(); await Cat.create({ name: 'x' });
  await U.findAll(); await U.findByPk(1); await U.create({});
  await repo.findOneBy({ id: 'x' }); await repo.save({ id: 'x' }); await ds.manager.find(E); await ds.getRepository(E).createQueryBuilder('e').getMany();
  await ds.transaction(async (m) => m.find(E));
  await sleep(10); setTimeout(() => {}, 10);
}
