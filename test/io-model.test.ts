import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IoKind, IoOperation } from '../core/io-model';
import { IoIndex, type IoSite } from '../core/io-sites';

/**
 * The I/O model against the libraries' REAL published typings (node_modules), never against
 * variable names. Every case is one snippet with a `/*@*\/` marker in front of the expression
 * under test; all snippets go into ONE program, type-checked like the rule fixtures.
 */

const ROOT = path.resolve(__dirname, '..');
const MARKER = '/*@*/';

interface Expected {
  readonly library: string;
  readonly kind: IoKind;
  readonly operation: IoOperation;
}

interface Case {
  readonly name: string;
  /** Statements of an async function body (parameter `id: string`); one marker in `top` and `code` together. */
  readonly code: string;
  /** Module-scope declarations placed before the case's function (names unique within the group). */
  readonly top?: string;
  /** Module-scope functions whose summaries are computed first, on the same IoIndex (memoisation order). */
  readonly prime?: readonly string[];
  /** What `site.traces[0].io` must be; undefined: no I/O at all. */
  readonly expect: Expected | undefined;
  /** Default: `awaitedSite` when the marked expression is awaited, `siteOf` otherwise. */
  readonly query?: 'site' | 'awaited';
  /** Extra assertions on the site (summaries). */
  readonly check?: (site: IoSite | undefined) => void;
}

interface Group {
  readonly name: string;
  /** Imports and module-scope declarations of the group's file. */
  readonly preamble: string;
  readonly cases: readonly Case[];
}

const io = (library: string, kind: IoKind, operation: IoOperation): Expected => ({ library, kind, operation });
const dbRead = (library: string) => io(library, 'db', 'read');
const dbWrite = (library: string) => io(library, 'db', 'write');
const cacheRead = (library: string) => io(library, 'cache', 'read');
const cacheWrite = (library: string) => io(library, 'cache', 'write');
const httpRead = (library: string) => io(library, 'http', 'read');
const httpWrite = (library: string) => io(library, 'http', 'write');

/** A site reached through project functions: `through` set, and a path of `steps` entries. */
const through = (steps: number) => (site: IoSite | undefined) => {
  expect(site?.through).toBeDefined();
  expect(site!.traces[0]!.path).toHaveLength(steps);
};

const GROUPS: readonly Group[] = [
  {
    name: 'Prisma',
    preamble: `
import { PrismaClient } from '../generated/prisma';
const prisma = new PrismaClient();
export class PrismaService extends PrismaClient {
  async byId(id: string) {
    return this.user.findUnique({ where: { id } });
  }
}
const service = new PrismaService();
`,
    cases: [
      { name: 'findUnique reads', code: `await /*@*/prisma.user.findUnique({ where: { id } });`, expect: dbRead('Prisma') },
      { name: 'findMany reads', code: `await /*@*/prisma.post.findMany({ where: { authorId: id }, take: 10 });`, expect: dbRead('Prisma') },
      { name: 'count reads', code: `await /*@*/prisma.order.count({ where: { customerId: id } });`, expect: dbRead('Prisma') },
      { name: 'create writes', code: `await /*@*/prisma.user.create({ data: { email: 'a@b.c', name: null, teamId: null } });`, expect: dbWrite('Prisma') },
      { name: 'update writes', code: `await /*@*/prisma.user.update({ where: { id }, data: { name: 'x' } });`, expect: dbWrite('Prisma') },
      { name: 'upsert writes', code: `await /*@*/prisma.user.upsert({ where: { id }, create: { email: 'a@b.c', name: null, teamId: null }, update: {} });`, expect: dbWrite('Prisma') },
      { name: 'deleteMany writes', code: `await /*@*/prisma.user.deleteMany({ where: { teamId: id } });`, expect: dbWrite('Prisma') },
      { name: '$queryRaw tagged template reads', code: `await /*@*/prisma.$queryRaw\`SELECT * FROM "User" WHERE id = \${id}\`;`, expect: dbRead('Prisma') },
      { name: '$executeRaw tagged template writes', code: `await /*@*/prisma.$executeRaw\`UPDATE "User" SET name = NULL WHERE id = \${id}\`;`, expect: dbWrite('Prisma') },
      { name: 'findUnique on an interactive transaction client reads', code: `await prisma.$transaction(async (tx) => { await /*@*/tx.user.findUnique({ where: { id } }); });`, expect: dbRead('Prisma') },
      { name: 'create on an interactive transaction client writes', code: `await prisma.$transaction(async (tx) => { await /*@*/tx.post.create({ data: { authorId: id, title: 't', published: false } }); });`, expect: dbWrite('Prisma') },
      { name: '$queryRaw on an interactive transaction client reads', code: `await prisma.$transaction(async (tx) => { await /*@*/tx.$queryRaw\`SELECT 1\`; });`, expect: dbRead('Prisma') },
      { name: '$executeRaw on an interactive transaction client writes', code: `await prisma.$transaction(async (tx) => { await /*@*/tx.$executeRaw\`DELETE FROM "Post" WHERE id = 1\`; });`, expect: dbWrite('Prisma') },
      { name: 'a PrismaService extends PrismaClient instance (NestJS) reads', code: `await /*@*/service.user.findMany();`, expect: dbRead('Prisma') },
      { name: 'a PrismaService method using this.user.findUnique: through, path of 2', code: `await /*@*/service.byId(id);`, expect: dbRead('Prisma'), check: through(2) },
      { name: 'a PrismaService extends PrismaClient instance (NestJS) writes raw', code: `await /*@*/service.$executeRaw\`TRUNCATE "Order"\`;`, expect: dbWrite('Prisma') },
    ],
  },
  {
    name: 'TypeORM',
    preamble: `
import { Column, DataSource, Entity, EntityManager, PrimaryColumn, Repository } from 'typeorm';
@Entity('users')
export class UserEntity {
  @PrimaryColumn() id!: string;
  @Column() name!: string;
}
const dataSource = new DataSource({ type: 'postgres', entities: [UserEntity] });
const repo: Repository<UserEntity> = dataSource.getRepository(UserEntity);
const manager: EntityManager = dataSource.manager;
`,
    cases: [
      { name: 'Repository.find reads', code: `await /*@*/repo.find({ where: { name: 'x' } });`, expect: dbRead('TypeORM') },
      { name: 'Repository.findOneBy reads', code: `await /*@*/repo.findOneBy({ id });`, expect: dbRead('TypeORM') },
      { name: 'Repository.count reads', code: `await /*@*/repo.count();`, expect: dbRead('TypeORM') },
      { name: 'Repository.save writes', code: `await /*@*/repo.save({ id, name: 'x' });`, expect: dbWrite('TypeORM') },
      { name: 'Repository.insert writes', code: `await /*@*/repo.insert({ id, name: 'x' });`, expect: dbWrite('TypeORM') },
      { name: 'Repository.delete writes', code: `await /*@*/repo.delete({ id });`, expect: dbWrite('TypeORM') },
      { name: 'Repository.create only builds an entity: no I/O', code: `const entity = /*@*/repo.create({ id, name: 'x' }); void entity;`, expect: undefined },
      { name: 'Repository.merge: no I/O', code: `const entity = new UserEntity(); /*@*/repo.merge(entity, { name: 'y' });`, expect: undefined },
      { name: 'EntityManager.find reads', code: `await /*@*/manager.find(UserEntity, { where: { id } });`, expect: dbRead('TypeORM') },
      { name: "EntityManager.query('INSERT …') writes", code: `await /*@*/manager.query('INSERT INTO users (id) VALUES ($1)', [id]);`, expect: dbWrite('TypeORM') },
      { name: 'EntityManager.save inside dataSource.transaction writes', code: `await dataSource.transaction(async (em) => { await /*@*/em.save(UserEntity, { id, name: 'x' }); });`, expect: dbWrite('TypeORM') },
      { name: 'InsertQueryBuilder.execute writes', code: `await /*@*/repo.createQueryBuilder().insert().values({ id, name: 'x' }).execute();`, expect: dbWrite('TypeORM') },
      { name: 'SelectQueryBuilder.getMany reads', code: `await /*@*/repo.createQueryBuilder('u').where('u.id = :id', { id }).getMany();`, expect: dbRead('TypeORM') },
      { name: "DataSource.query('SELECT …') reads", code: `await /*@*/dataSource.query('SELECT * FROM users WHERE id = $1', [id]);`, expect: dbRead('TypeORM') },
      { name: "DataSource.query('UPDATE …') writes", code: `await /*@*/dataSource.query('UPDATE users SET name = $1', ['x']);`, expect: dbWrite('TypeORM') },
    ],
  },
  {
    name: 'Sequelize',
    preamble: `
import { DataTypes, Model, Sequelize } from 'sequelize';
const sequelize = new Sequelize('postgres://localhost/db');
export class Account extends Model {
  declare id: number;
  declare email: string;
}
Account.init({ id: { type: DataTypes.INTEGER, primaryKey: true }, email: DataTypes.STRING }, { sequelize });
`,
    cases: [
      { name: 'findAll reads', code: `await /*@*/Account.findAll({ where: { email: id } });`, expect: dbRead('Sequelize') },
      { name: 'findByPk reads', code: `await /*@*/Account.findByPk(1);`, expect: dbRead('Sequelize') },
      { name: 'create writes', code: `await /*@*/Account.create({ email: id });`, expect: dbWrite('Sequelize') },
      { name: 'bulkCreate writes', code: `await /*@*/Account.bulkCreate([{ email: id }]);`, expect: dbWrite('Sequelize') },
      { name: 'destroy writes', code: `await /*@*/Account.destroy({ where: { id: 1 } });`, expect: dbWrite('Sequelize') },
      { name: 'instance get({ plain: true }): no I/O', code: `const account = await Account.findByPk(1); const plain = /*@*/account!.get({ plain: true }); void plain;`, expect: undefined },
      { name: "sequelize.query('SELECT …') reads", code: `await /*@*/sequelize.query('SELECT 1');`, expect: dbRead('Sequelize') },
    ],
  },
  {
    name: 'Knex',
    preamble: `
import knexFactory from 'knex';
const knex = knexFactory({ client: 'pg' });
`,
    cases: [
      { name: 'awaited where() builder reads', code: `await /*@*/knex('users').where({ id });`, expect: dbRead('Knex') },
      { name: 'awaited insert() builder writes', code: `await /*@*/knex('users').insert({ id, name: 'x' });`, expect: dbWrite('Knex') },
      { name: 'awaited update() after where() writes', code: `await /*@*/knex('users').where({ id }).update({ name: 'x' });`, expect: dbWrite('Knex') },
      { name: "awaited knex.raw('select 1') reads", code: `await /*@*/knex.raw('select 1');`, expect: dbRead('Knex') },
      { name: "awaited knex.raw('delete …') writes", code: `await /*@*/knex.raw('delete from users where id = ?', [id]);`, expect: dbWrite('Knex') },
      { name: 'a transaction builder trx(…).insert() writes', code: `await knex.transaction(async (trx) => { await /*@*/trx('users').insert({ id }); });`, expect: dbWrite('Knex') },
      { name: 'a builder neither awaited nor returned is not executed: no I/O', code: `const query = /*@*/knex('users').where({ id }); void query;`, expect: undefined, query: 'site' },
      { name: 'a returned builder is executed by the caller: reads', code: `return /*@*/knex('users').where({ id }).first();`, expect: dbRead('Knex'), query: 'site' },
    ],
  },
  {
    name: 'Kysely',
    preamble: `
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
interface Database { users: { id: string; name: string } }
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new Pool() }) });
`,
    cases: [
      { name: 'selectFrom … execute reads', code: `await /*@*/db.selectFrom('users').selectAll().where('id', '=', id).execute();`, expect: dbRead('Kysely') },
      { name: 'selectFrom … executeTakeFirst reads', code: `await /*@*/db.selectFrom('users').select('name').where('id', '=', id).executeTakeFirst();`, expect: dbRead('Kysely') },
      { name: 'insertInto … execute writes', code: `await /*@*/db.insertInto('users').values({ id, name: 'x' }).execute();`, expect: dbWrite('Kysely') },
      { name: 'updateTable … execute writes', code: `await /*@*/db.updateTable('users').set({ name: 'x' }).where('id', '=', id).execute();`, expect: dbWrite('Kysely') },
    ],
  },
  {
    name: 'Drizzle',
    preamble: `
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { Pool } from 'pg';
const users = pgTable('users', { id: text('id').primaryKey(), name: text('name') });
const db = drizzle(new Pool());
`,
    cases: [
      { name: 'await select().from().where() reads', code: `await /*@*/db.select().from(users).where(eq(users.id, id));`, expect: dbRead('Drizzle') },
      { name: 'await insert().values() writes', code: `await /*@*/db.insert(users).values({ id, name: 'x' });`, expect: dbWrite('Drizzle') },
      { name: 'await update().set().where() writes', code: `await /*@*/db.update(users).set({ name: 'x' }).where(eq(users.id, id));`, expect: dbWrite('Drizzle') },
      { name: 'a select builder neither awaited nor returned: no I/O', code: `const query = /*@*/db.select().from(users); void query;`, expect: undefined, query: 'site' },
    ],
  },
  {
    name: 'pg',
    preamble: `
import { Client, Pool } from 'pg';
const pool = new Pool();
`,
    cases: [
      { name: "Pool.query('SELECT …') reads", code: `await /*@*/pool.query('SELECT * FROM users WHERE id = $1', [id]);`, expect: dbRead('pg') },
      { name: "Pool.query('INSERT …') writes", code: `await /*@*/pool.query('INSERT INTO users (id) VALUES ($1)', [id]);`, expect: dbWrite('pg') },
      { name: 'Pool.query with a leading SQL comment before UPDATE writes', code: `await /*@*/pool.query('/* job */ UPDATE users SET name = $1', ['x']);`, expect: dbWrite('pg') },
      { name: 'Pool.query(WITH … INSERT INTO …) writes', code: `await /*@*/pool.query('WITH x AS (SELECT 1) INSERT INTO users (id) SELECT * FROM x');`, expect: dbWrite('pg') },
      { name: 'Pool.query(`SELECT … ${…}`) template reads', code: `await /*@*/pool.query(\`SELECT * FROM users WHERE id = '\${id}'\`);`, expect: dbRead('pg') },
      { name: 'Pool.query({ text: DELETE … }) writes', code: `await /*@*/pool.query({ text: 'DELETE FROM users WHERE id = $1', values: [id] });`, expect: dbWrite('pg') },
      { name: 'PoolClient.query from pool.connect() reads', code: `const client = await pool.connect(); await /*@*/client.query('SELECT 1'); client.release();`, expect: dbRead('pg') },
      { name: 'pool.connect() itself is not classified', code: `const client = await /*@*/pool.connect(); client.release();`, expect: undefined },
      { name: "Client.query('UPDATE …') writes", code: `const client = new Client(); await /*@*/client.query('UPDATE users SET name = $1', ['x']);`, expect: dbWrite('pg') },
    ],
  },
  {
    name: 'mysql2',
    preamble: `
import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: 'mysql://localhost/db' });
`,
    cases: [
      { name: "pool.query('SELECT …') reads", code: `await /*@*/pool.query('SELECT * FROM users WHERE id = ?', [id]);`, expect: dbRead('mysql2') },
      { name: "pool.execute('SELECT …') reads", code: `await /*@*/pool.execute('SELECT * FROM users WHERE id = ?', [id]);`, expect: dbRead('mysql2') },
      { name: "pool.execute('UPDATE …') writes", code: `await /*@*/pool.execute('UPDATE users SET name = ? WHERE id = ?', ['x', id]);`, expect: dbWrite('mysql2') },
    ],
  },
  {
    name: 'mongoose',
    preamble: `
import { Schema, model } from 'mongoose';
interface Cat { name: string }
const CatModel = model<Cat>('Cat', new Schema<Cat>({ name: String }));
`,
    cases: [
      { name: 'Model.findById reads', code: `await /*@*/CatModel.findById(id);`, expect: dbRead('Mongoose') },
      { name: 'Model.create writes', code: `await /*@*/CatModel.create({ name: 'x' });`, expect: dbWrite('Mongoose') },
      { name: 'Model.updateOne writes', code: `await /*@*/CatModel.updateOne({ _id: id }, { name: 'x' });`, expect: dbWrite('Mongoose') },
      { name: 'Model.findOne().exec(): awaitedSite descends to findOne and reads', code: `await /*@*/CatModel.findOne({ name: id }).exec();`, expect: dbRead('Mongoose') },
      { name: 'Model.find().lean(): awaitedSite descends to find and reads', code: `await /*@*/CatModel.find({ name: id }).lean();`, expect: dbRead('Mongoose') },
      { name: 'doc.toObject(): no I/O', code: `const doc = await CatModel.findById(id); const plain = /*@*/doc!.toObject(); void plain;`, expect: undefined },
      { name: 'doc.save() writes', code: `const doc = new CatModel({ name: 'x' }); await /*@*/doc.save();`, expect: dbWrite('Mongoose') },
    ],
  },
  {
    name: 'BullMQ',
    preamble: `
import { Queue } from 'bullmq';
const queue = new Queue('mail');
`,
    cases: [
      { name: 'add writes', code: `await /*@*/queue.add('welcome', { id });`, expect: io('BullMQ', 'queue', 'write') },
      // Declared by QueueGetters, which Queue extends.
      { name: 'getJob reads', code: `await /*@*/queue.getJob(id);`, expect: io('BullMQ', 'queue', 'read') },
    ],
  },
  {
    name: 'ioredis',
    preamble: `
import Redis from 'ioredis';
const redis = new Redis();
`,
    cases: [
      { name: 'get reads', code: `await /*@*/redis.get(\`user:\${id}\`);`, expect: cacheRead('ioredis') },
      { name: 'hgetall reads (any command not listed as a write)', code: `await /*@*/redis.hgetall(\`user:\${id}\`);`, expect: cacheRead('ioredis') },
      { name: 'set writes', code: `await /*@*/redis.set(\`user:\${id}\`, 'x');`, expect: cacheWrite('ioredis') },
      { name: 'del writes', code: `await /*@*/redis.del(\`user:\${id}\`);`, expect: cacheWrite('ioredis') },
      { name: 'multi().set(…) only queues: no I/O', code: `/*@*/redis.multi().set(\`user:\${id}\`, 'x');`, expect: undefined },
      { name: 'incr writes', code: `await /*@*/redis.incr(\`hits:\${id}\`);`, expect: cacheWrite('ioredis') },
      { name: 'pipeline().expire(…) only queues: no I/O', code: `const pipeline = redis.pipeline(); /*@*/pipeline.expire(\`user:\${id}\`, 60);`, expect: undefined },
      { name: 'chained pipeline().expire(…) only queues: no I/O', code: `/*@*/redis.pipeline().expire(\`user:\${id}\`, 60);`, expect: undefined },
      { name: 'pipeline.exec() is write-classified', code: `const pipeline = redis.pipeline(); pipeline.expire(\`user:\${id}\`, 60); await /*@*/pipeline.exec();`, expect: cacheWrite('ioredis') },
      { name: 'redis.pipeline() itself: no I/O', code: `const pipeline = /*@*/redis.pipeline(); void pipeline;`, expect: undefined },
    ],
  },
  {
    name: 'node-redis',
    preamble: `
import { createClient } from 'redis';
const client = createClient({ url: 'redis://localhost' });
`,
    cases: [
      { name: 'get reads', code: `await /*@*/client.get(\`user:\${id}\`);`, expect: cacheRead('node-redis') },
      { name: 'hGetAll reads', code: `await /*@*/client.hGetAll(\`user:\${id}\`);`, expect: cacheRead('node-redis') },
      { name: 'set writes', code: `await /*@*/client.set(\`user:\${id}\`, 'x');`, expect: cacheWrite('node-redis') },
      { name: 'hSet writes', code: `await /*@*/client.hSet(\`user:\${id}\`, 'name', 'x');`, expect: cacheWrite('node-redis') },
      { name: 'upper-case HSET writes', code: `await /*@*/client.HSET(\`user:\${id}\`, 'name', 'x');`, expect: cacheWrite('node-redis') },
      { name: 'sCard reads', code: `await /*@*/client.sCard(\`users:\${id}\`);`, expect: cacheRead('node-redis') },
      { name: 'multi().del() only queues: no I/O', code: `const multi = client.multi(); /*@*/multi.del(\`user:\${id}\`);`, expect: undefined },
      { name: 'chained multi().del() only queues: no I/O', code: `/*@*/client.multi().del(\`user:\${id}\`);`, expect: undefined },
      { name: 'multi().exec() is write-classified', code: `const multi = client.multi().del(\`user:\${id}\`); await /*@*/multi.exec();`, expect: cacheWrite('node-redis') },
    ],
  },
  {
    name: 'HTTP clients',
    preamble: `
import axios from 'axios';
import got from 'got';
import ky from 'ky';
import { fetch as undiciFetch, request } from 'undici';
import http from 'node:http';
import https from 'node:https';
const api = axios.create({ baseURL: 'https://api.example.com' });
const url = 'https://example.com/users';
`,
    cases: [
      { name: 'global fetch GET reads', code: `await /*@*/fetch(url);`, expect: httpRead('fetch') },
      { name: "global fetch { method: 'POST' } writes", code: `await /*@*/fetch(url, { method: 'POST', body: JSON.stringify({ id }) });`, expect: httpWrite('fetch') },
      { name: 'fetch(…).json(): awaitedSite descends to fetch', code: `await /*@*/(await fetch(url)).json();`, expect: httpRead('fetch') },
      { name: 'axios.get reads', code: `await /*@*/axios.get(url);`, expect: httpRead('axios') },
      { name: 'axios.post writes', code: `await /*@*/axios.post(url, { id });`, expect: httpWrite('axios') },
      { name: "axios({ method: 'put', url }) writes", code: `await /*@*/axios({ method: 'put', url, data: { id } });`, expect: httpWrite('axios') },
      { name: 'axios({ url }) without a method reads', code: `await /*@*/axios({ url });`, expect: httpRead('axios') },
      { name: "fetch with { method: 'delete' } (lower case) writes", code: `await /*@*/fetch(url, { method: 'delete' });`, expect: httpWrite('fetch') },
      { name: "api.request({ method: 'PATCH' }) writes", code: `await /*@*/api.request({ url, method: 'PATCH' });`, expect: httpWrite('axios') },
      { name: 'api.get on an axios.create() instance reads', code: `await /*@*/api.get(\`/users/\${id}\`);`, expect: httpRead('axios') },
      { name: 'api.delete on an axios.create() instance writes', code: `await /*@*/api.delete(\`/users/\${id}\`);`, expect: httpWrite('axios') },
      { name: 'got(url) reads', code: `await /*@*/got(url);`, expect: httpRead('got') },
      { name: 'got.post writes', code: `await /*@*/got.post(url, { json: { id } });`, expect: httpWrite('got') },
      { name: 'got.get reads', code: `await /*@*/got.get(url);`, expect: httpRead('got') },
      { name: "got(url, { method: 'DELETE' }) writes", code: `await /*@*/got(url, { method: 'DELETE' });`, expect: httpWrite('got') },
      { name: 'got(url).json(): awaitedSite descends to got', code: `await /*@*/got(url).json();`, expect: httpRead('got') },
      { name: 'undici request(url) reads', code: `await /*@*/request(url);`, expect: httpRead('undici') },
      { name: "undici request(url, { method: 'POST' }) writes", code: `await /*@*/request(url, { method: 'POST', body: '{}' });`, expect: httpWrite('undici') },
      { name: 'ky.get reads', code: `await /*@*/ky.get(url).json();`, expect: httpRead('ky') },
      { name: 'ky.post writes', code: `await /*@*/ky.post(url, { json: { id } });`, expect: httpWrite('ky') },
      { name: 'ky(url) reads', code: `await /*@*/ky(url);`, expect: httpRead('ky') },
      { name: 'undici fetch reads', code: `await /*@*/undiciFetch(url);`, expect: httpRead('undici') },
      { name: 'http.get(url) reads', code: `/*@*/http.get(url, (res) => res.resume());`, expect: httpRead('node:http') },
      { name: 'https.get(url, cb) reads', code: `/*@*/https.get(url, (res) => res.resume());`, expect: httpRead('node:http') },
      { name: "http.request({ method: 'POST' }) writes", code: `const req = /*@*/http.request({ host: 'example.com', path: '/users', method: 'POST' }); req.end();`, expect: httpWrite('node:http') },
    ],
  },
  {
    name: 'no name guessing',
    preamble: `
class Axios {
  async get(url: string) {
    return url.length;
  }
}
`,
    cases: [
      { name: 'a local object named db with user.findUnique', code: `const db = { user: { findUnique: async (x: unknown) => x } }; await /*@*/db.user.findUnique({ where: { id } });`, expect: undefined },
      { name: 'a Map named redis', code: `const redis = new Map<string, string>(); /*@*/redis.get(id);`, expect: undefined },
      { name: 'a Map named redis, set', code: `const redis = new Map<string, string>(); /*@*/redis.set(id, 'x');`, expect: undefined },
      { name: 'a local class named Axios with get()', code: `const client = new Axios(); await /*@*/client.get(id);`, expect: undefined },
      { name: 'a local object named prisma', code: `const prisma = { $queryRaw: (s: TemplateStringsArray) => s.join('') }; /*@*/prisma.$queryRaw\`SELECT 1\`;`, expect: undefined },
      { name: 'a local function named query on an object named pool', code: `const pool = { query: async (sql: string) => sql }; await /*@*/pool.query('DELETE FROM users');`, expect: undefined },
    ],
  },
  {
    name: 'no name guessing: fetch shadowed in module scope',
    preamble: `
async function fetch(url: string): Promise<string> {
  return url.toUpperCase();
}
`,
    cases: [{ name: 'a module-scope function named fetch shadowing the global', code: `await /*@*/fetch('https://example.com');`, expect: undefined }],
  },
  {
    name: 'summaries',
    preamble: `
import { PrismaClient } from '../generated/prisma';
const prisma = new PrismaClient();

async function findUser(id: string) {
  return prisma.user.findUnique({ where: { id } });
}
async function loadProfile(id: string) {
  const user = await findUser(id);
  return { user };
}
function formatName(first: string, last: string) {
  return \`\${first} \${last}\`.trim();
}
async function countDown(n: number): Promise<number> {
  if (n <= 0) return 0;
  return countDown(n - 1);
}
async function walkTeams(id: string): Promise<void> {
  const user = await prisma.user.findUnique({ where: { id } });
  if (user?.teamId) await walkTeams(user.teamId);
}
async function isEven(n: number): Promise<boolean> {
  if (n === 0) return (await prisma.user.count()) >= 0;
  return isOdd(n - 1);
}
async function isOdd(n: number): Promise<boolean> {
  if (n === 0) return false;
  return isEven(n - 1);
}
async function saveAndReload(id: string) {
  await prisma.user.update({ where: { id }, data: { name: 'x' } });
  return findUser(id);
}
`,
    cases: [
      { name: 'a project function that calls Prisma: through set, path of 2', code: `await /*@*/findUser(id);`, expect: dbRead('Prisma'), check: through(2) },
      { name: 'two levels of project functions: path of 3', code: `await /*@*/loadProfile(id);`, expect: dbRead('Prisma'), check: through(3) },
      { name: 'a pure helper: no I/O', code: `/*@*/formatName(id, id);`, expect: undefined },
      { name: 'direct recursion without I/O terminates: no I/O', code: `await /*@*/countDown(3);`, expect: undefined },
      { name: 'direct recursion with a query terminates: reads', code: `await /*@*/walkTeams(id);`, expect: dbRead('Prisma'), check: through(2) },
      { name: 'mutual recursion, the querying side: reads', code: `await /*@*/isEven(4);`, expect: dbRead('Prisma'), check: through(2) },
      { name: 'mutual recursion, the other side: reads', code: `await /*@*/isOdd(3);`, expect: dbRead('Prisma'), check: through(3) },
      {
        name: 'a function that writes then reads: both traces, site operation write',
        code: `await /*@*/saveAndReload(id);`,
        expect: dbWrite('Prisma'),
        check: (site) => {
          expect(site?.operation).toBe('write');
          expect(site!.traces.map((trace) => trace.io.operation).sort()).toEqual(['read', 'write']);
        },
      },
    ],
  },
  {
    // The same index answers in any order: what a site is must not depend on which summary was asked first.
    name: 'summaries: memoisation order on one IoIndex',
    preamble: `
import { PrismaClient } from '../generated/prisma';
const prisma = new PrismaClient();
`,
    cases: [
      {
        name: 'mutual recursion, fresh index: the call into the cycle inside the querying function reads',
        top: `
async function syncTeam(ids: string[]): Promise<void> {
  await prisma.user.count();
  for (const id of ids) await /*@*/syncMember([id]);
}
async function syncMember(ids: string[]): Promise<void> {
  await syncTeam(ids.slice(1));
}`,
        code: ``,
        expect: dbRead('Prisma'),
        check: through(3),
      },
      {
        name: 'mutual recursion, summary of the other function asked first: still reads',
        top: `
async function refreshTeam(ids: string[]): Promise<void> {
  await prisma.user.count();
  for (const id of ids) await refreshMember([id]);
}
async function refreshMember(ids: string[]): Promise<void> {
  await /*@*/refreshTeam(ids.slice(1));
}`,
        code: ``,
        prime: ['refreshTeam'],
        expect: dbRead('Prisma'),
        check: through(2),
      },
      {
        name: 'mutual recursion, summary of the querying function asked first: the call into the cycle still reads',
        top: `
async function auditTeam(ids: string[]): Promise<void> {
  await prisma.user.count();
  for (const id of ids) await /*@*/auditMember([id]);
}
async function auditMember(ids: string[]): Promise<void> {
  await auditTeam(ids.slice(1));
}`,
        code: ``,
        prime: ['auditTeam'],
        expect: dbRead('Prisma'),
        check: through(3),
      },
      {
        // Each body is walked once: before summaries were kept per call cycle, this took exponential time.
        name: 'a dense call cycle (each function calls the next two and the first) finishes, and its first function reads',
        top: denseCallCycle('relay', 40),
        code: `await /*@*/relay0(1);`,
        expect: dbRead('Prisma'),
      },
      {
        name: 'a dense call cycle, a function in its middle asked first: reads',
        top: denseCallCycle('forward', 40),
        prime: ['forward20'],
        code: `await /*@*/forward7(1);`,
        expect: dbRead('Prisma'),
      },
    ],
  },
];

/** `count` functions, each calling the next two and the first; only the last one queries. */
function denseCallCycle(prefix: string, count: number): string {
  const name = (index: number) => `${prefix}${index % count}`;
  return Array.from({ length: count }, (_, index) => {
    const query = index === count - 1 ? `await prisma.user.count();` : '';
    return `async function ${name(index)}(n: number): Promise<void> {
  ${query}
  if (n > 0) { await ${name(index + 1)}(n - 1); await ${name(index + 2)}(n - 1); await ${name(0)}(n - 1); }
}`;
  }).join('\n');
}

// ---------------------------------------------------------------------------------------------

interface Placed {
  readonly group: string;
  readonly testCase: Case;
  readonly file: string;
  /** Offset just after the marker. */
  readonly position: number;
}

function renderGroups(directory: string): { files: string[]; placed: Placed[] } {
  const files: string[] = [];
  const placed: Placed[] = [];
  GROUPS.forEach((group, groupIndex) => {
    const file = path.join(directory, `group${groupIndex}.ts`);
    let text = `${group.preamble.trim()}\n`;
    group.cases.forEach((testCase, caseIndex) => {
      const top = testCase.top ? `\n${testCase.top.trim()}\n` : '';
      const markers = (top + testCase.code).split(MARKER).length - 1;
      if (markers !== 1) throw new Error(`${group.name} / ${testCase.name}: expected one marker, found ${markers}`);
      if (top.includes(MARKER)) placed.push({ group: group.name, testCase, file, position: text.length + top.indexOf(MARKER) + MARKER.length });
      text += `${top}\nexport async function case${caseIndex}(id: string) {\n  `;
      if (testCase.code.includes(MARKER)) placed.push({ group: group.name, testCase, file, position: text.length + testCase.code.indexOf(MARKER) + MARKER.length });
      text += `${testCase.code}\n}\n`;
    });
    fs.writeFileSync(file, text);
    files.push(file);
  });
  return { files, placed };
}

/** The outermost expression that starts right after the marker. */
function markedExpression(sourceFile: ts.SourceFile, position: number): ts.Expression {
  let found: ts.Expression | undefined;
  const visit = (node: ts.Node): void => {
    if (found || node.pos > position || node.end <= position) return;
    if (ts.isExpression(node) && node.getStart(sourceFile) === position) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sourceFile, visit);
  if (!found) throw new Error(`no expression after the marker at ${sourceFile.fileName}:${position}`);
  return found;
}

function isAwaited(expression: ts.Expression): boolean {
  let node: ts.Node = expression;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return ts.isAwaitExpression(node.parent);
}

function moduleFunction(sourceFile: ts.SourceFile, name: string): ts.FunctionDeclaration {
  const found = sourceFile.statements.find((statement): statement is ts.FunctionDeclaration => ts.isFunctionDeclaration(statement) && statement.name?.text === name);
  if (!found) throw new Error(`no function ${name} in ${sourceFile.fileName}`);
  return found;
}

let directory: string;
let program: ts.Program;
let placed: Placed[];

beforeAll(() => {
  directory = fs.mkdtempSync(path.join(ROOT, 'test-fixtures', '.tmp-io-'));
  const rendered = renderGroups(directory);
  placed = rendered.placed;
  program = ts.createProgram(rendered.files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    typeRoots: [path.join(ROOT, 'node_modules', '@types')],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    experimentalDecorators: true,
  });
});

afterAll(() => {
  if (directory) fs.rmSync(directory, { recursive: true, force: true });
});

function siteFor(entry: Placed): { expression: ts.Expression; site: IoSite | undefined } {
  const sourceFile = program.getSourceFile(entry.file);
  if (!sourceFile) throw new Error(`not in the program: ${entry.file}`);
  const expression = markedExpression(sourceFile, entry.position);
  const index = new IoIndex(program);
  for (const name of entry.testCase.prime ?? []) index.summaryOf(moduleFunction(sourceFile, name));
  const mode = entry.testCase.query ?? (isAwaited(expression) ? 'awaited' : 'site');
  return { expression, site: mode === 'awaited' ? index.awaitedSite(expression) : index.siteOf(expression) };
}

describe('I/O model against the real published typings', () => {
  it('the snippets type-check against node_modules', () => {
    const files = new Set(GROUPS.map((_, index) => path.join(directory, `group${index}.ts`)));
    const diagnostics = program
      .getSourceFiles()
      .filter((sourceFile) => files.has(path.normalize(sourceFile.fileName)))
      .flatMap((sourceFile) => [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)])
      .map((d) => `${path.basename(d.file?.fileName ?? '')}:${d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : 0}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(diagnostics).toEqual([]);
  });

  for (const group of GROUPS) {
    describe(group.name, () => {
      for (const testCase of group.cases) {
        const run = () => {
          const entry = placed.find((candidate) => candidate.testCase === testCase)!;
          const { expression, site } = siteFor(entry);
          expect(ts.isCallExpression(expression) || ts.isTaggedTemplateExpression(expression) || isAwaited(expression)).toBe(true);
          const actual = site && { library: site.traces[0]!.io.library, kind: site.traces[0]!.io.kind, operation: site.traces[0]!.io.operation };
          expect(actual).toEqual(testCase.expect);
          if (testCase.expect) expect(site!.operation).toBe(testCase.expect.operation);
          testCase.check?.(site);
        };
        const title = `${testCase.name} → ${testCase.expect ? `${testCase.expect.library} ${testCase.expect.kind} ${testCase.expect.operation}` : 'no I/O'}`;
        it(title, run);
      }
    });
  }
});
