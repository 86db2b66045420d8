import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../core/config';
import { applyEdits } from '../core/edits';
import type { Finding, TextEdit } from '../core/findings';
import { closeExplain, redactSecrets, redactUrl, verifyWithExplain } from '../core/sql/explain';
import { loadSchema } from '../core/sql/load';
import type { Schema } from '../core/sql/schema';
import { prepareSql } from '../core/sql/parser';
import { RULE_METAS } from '../rules';
import { nextMigrationPath } from '../rules/unindexed-sql/fix';
import { schemaSummary } from '../rules/unindexed-sql/summary';
import { analyzeTsconfig, FIXTURES } from './analyze';

const RULE = 'unindexed-sql';
const PROJECTS = path.join(FIXTURES, RULE);
const created: string[] = [];

beforeAll(() => prepareSql());
afterAll(async () => {
  created.forEach((directory) => fs.rmSync(directory, { recursive: true, force: true }));
  await closeExplain();
});

/** A copy of a fixture project beside the fixtures (library typings resolve), removed after the tests. */
function copyOf(project: string, extra: Record<string, string> = {}): string {
  const directory = fs.mkdtempSync(path.join(FIXTURES, `.tmp-${project}-`));
  created.push(directory);
  fs.cpSync(path.join(PROJECTS, project), directory, { recursive: true });
  for (const [file, text] of Object.entries(extra)) {
    fs.mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
    fs.writeFileSync(path.join(directory, file), text);
  }
  return directory;
}

function unindexed(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.ruleId === RULE && / has no index/.test(finding.message));
}

/** Applies every offered fix: edits grouped per file, an edit at 0–0 of a missing file creates it. */
function applyAll(findings: readonly Finding[]): string[] {
  const byFile = new Map<string, TextEdit[]>();
  for (const edit of findings.flatMap((finding) => finding.fixes?.[0]?.edits ?? [])) {
    const edits = byFile.get(edit.file) ?? [];
    if (!edits.some((other) => other.start === edit.start && other.newText === edit.newText)) edits.push(edit);
    byFile.set(edit.file, edits);
  }
  for (const [file, edits] of byFile) {
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, applyEdits(before, edits));
  }
  return [...byFile.keys()];
}

describe('unindexed-sql fixes', () => {
  it('a new migration per missing index, after the last one: applied, every unindexed finding is gone', () => {
    const directory = copyOf('migrations-project');
    const before = analyzeTsconfig(path.join(directory, 'tsconfig.json'), { withFixes: true }).findings;
    const flagged = unindexed(before);
    expect(flagged.length).toBeGreaterThanOrEqual(20);
    expect(flagged.every((finding) => finding.fixes?.[0]?.safety === 'unsafe')).toBe(true);
    const written = applyAll(flagged);
    expect(written.map((file) => path.relative(directory, file).replace(/\\/g, '/'))).toContain('migrations/007_idx_orders_total_cents.sql');
    expect(fs.readFileSync(path.join(directory, 'migrations', '007_idx_orders_total_cents.sql'), 'utf8')).toContain('CREATE INDEX CONCURRENTLY idx_orders_total_cents ON orders (total_cents);');
    expect(fs.readFileSync(path.join(directory, 'migrations', '007_idx_customers_upper_email.sql'), 'utf8')).toContain('ON customers ((upper(email)));');
    const after = analyzeTsconfig(path.join(directory, 'tsconfig.json')).findings;
    expect(unindexed(after)).toEqual([]);
    // The other findings (a dropped table, a typo, SQL and a migration that do not parse) are not index problems.
    expect(after.filter((finding) => finding.ruleId === RULE).length).toBe(before.filter((finding) => finding.ruleId === RULE).length - flagged.length);
  });

  it('@@index([field]) in the model of schema.prisma: applied, every unindexed finding is gone', () => {
    const directory = copyOf('prisma-project');
    const before = analyzeTsconfig(path.join(directory, 'tsconfig.json'), { withFixes: true }).findings;
    const flagged = unindexed(before);
    expect(flagged.length).toBeGreaterThanOrEqual(12);
    expect(applyAll(flagged)).toEqual([path.join(directory, 'prisma', 'schema.prisma')]);
    const schema = fs.readFileSync(path.join(directory, 'prisma', 'schema.prisma'), 'utf8');
    const post = /model Post \{[^}]*\}/.exec(schema)?.[0] ?? '';
    expect(post).toMatch(/\n  @@map\("posts"\)\n(  @@index\(\[(authorId|title)\]\)\n){2}\}$/);
    expect(unindexed(analyzeTsconfig(path.join(directory, 'tsconfig.json')).findings)).toEqual([]);
  });

  it('numbers the new migration the way the project does', () => {
    expect(nextMigrationPath('/p/migrations/009_init.sql', 'idx_a_b')).toBe('/p/migrations/010_idx_a_b.sql');
    expect(nextMigrationPath('/p/db/V12__users.sql', 'idx_a_b')).toBe('/p/db/V13__idx_a_b.sql');
    expect(nextMigrationPath('/p/prisma/migrations/20240101120000_init/migration.sql', 'idx_a_b')).toBe('/p/prisma/migrations/20240101120001_idx_a_b/migration.sql');
    expect(nextMigrationPath('/p/drizzle/0003_brave_wolf.sql', 'idx_a_b')).toBe('/p/drizzle/0004_idx_a_b.sql');
  });
});

describe('schema and queries', () => {
  it('reads the schema from sql.schema globs instead of the conventional folders', () => {
    const directory = copyOf('migrations-project', {
      'hotpath.json': JSON.stringify({ sql: { schema: ['database/*.sql'] } }),
      'database/001.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, total_cents integer);',
    });
    const schema = loadSchema(parseConfig(fs.readFileSync(path.join(directory, 'hotpath.json'), 'utf8'), path.join(directory, 'hotpath.json'), RULE_METAS));
    expect(schema?.files.map((file) => path.relative(directory, file))).toEqual([path.join('database', '001.sql')]);
    expect([...schema!.tables.keys()]).toEqual(['orders']);
  });

  it('follows sql.schema out of the project: a schema in a sibling package, named by path or glob', () => {
    const directory = copyOf('migrations-project', {});
    const packages = path.join(directory, 'packages');
    const backend = path.join(packages, 'backend');
    fs.mkdirSync(path.join(packages, 'db', 'prisma'), { recursive: true });
    fs.mkdirSync(path.join(packages, 'db', 'sql'), { recursive: true });
    fs.mkdirSync(backend, { recursive: true });
    fs.writeFileSync(path.join(packages, 'db', 'prisma', 'schema.prisma'), 'model Order {\n  id Int @id\n  total Int\n}\n');
    fs.writeFileSync(path.join(packages, 'db', 'sql', '001.sql'), 'CREATE TABLE refunds (id bigint PRIMARY KEY);');
    const config = { sql: { schema: ['../db/prisma/schema.prisma', '../db/sql/*.sql'] } };
    fs.writeFileSync(path.join(backend, 'hotpath.json'), JSON.stringify(config));
    const schema = loadSchema(parseConfig(JSON.stringify(config), path.join(backend, 'hotpath.json'), RULE_METAS));
    expect(schema?.files.map((file) => path.relative(packages, file))).toEqual([path.join('db', 'sql', '001.sql'), path.join('db', 'prisma', 'schema.prisma')]);
    expect([...schema!.tables.keys()].sort()).toEqual(['Order', 'refunds']);
  });

  it('names the selective column, not a boolean, an enum or a soft-delete marker beside it', () => {
    const { findings } = analyzeTsconfig(path.join(PROJECTS, 'migrations-project', 'tsconfig.json'));
    const coupons = unindexed(findings).filter((finding) => finding.file.endsWith('pg-flagged.ts') && finding.message.includes('coupons'));
    expect(coupons.map((finding) => finding.message.slice(0, finding.message.indexOf('` '))).sort()).toEqual(['`coupons.code', '`coupons.created_at', '`coupons.kind']);
  });

  it("leaves another database's SQL out: its folder named for it, or a file where no statement reads as PostgreSQL", () => {
    const directory = copyOf('migrations-project', {
      'db/clickhouse/migrations/01_init.sql': 'CREATE TABLE event (id UUID) ENGINE = MergeTree ORDER BY id;\nALTER TABLE event RENAME COLUMN id TO event_id;',
      'db/data-migrations/02_mysql.sql': 'ALTER TABLE event MODIFY COLUMN id VARCHAR(36) AFTER name;\nALTER TABLE event CHANGE id event_id INT;',
    });
    const schema = loadSchema(parseConfig('{}', path.join(directory, 'hotpath.json'), RULE_METAS));
    expect(schema?.files.some((file) => file.includes('clickhouse'))).toBe(false);
    // A data migration (rows only, in two dialects) is no schema at all.
    expect(schema?.files.some((file) => file.endsWith('trim-phones.sql'))).toBe(false);
    // The fixture's own migrations that do not parse are the only problems.
    expect(schema?.problems.map((problem) => path.basename(problem.span.file))).toEqual(['index-phones.sql', '004_phone.sql']);
  });

  it('reports the first statement of a migration that does not parse, once for the file', () => {
    const directory = copyOf('migrations-project', {
      'migrations/999_typos.sql': 'CREATE TABLE audit (id bigint PRIMARY KEY);\nCREAT INDEX audit_a ON audit (id);\nALTR TABLE audit ADD COLUMN note text;',
    });
    const schema = loadSchema(parseConfig('{}', path.join(directory, 'hotpath.json'), RULE_METAS));
    expect(schema?.problems.map((problem) => path.basename(problem.span.file))).toEqual(['index-phones.sql', '004_phone.sql', '999_typos.sql']);
    expect(schema?.tables.has('audit')).toBe(true);
  });

  it('rejects an unknown key under "sql", naming it', () => {
    expect(() => parseConfig('{ "sql": { "schemas": [] } }', '/p/hotpath.json', RULE_METAS)).toThrow(ConfigError);
    expect(() => parseConfig('{ "sql": { "schemas": [] } }', '/p/hotpath.json', RULE_METAS)).toThrow('unknown key "sql.schemas"');
    expect(() => parseConfig('{ "sql": { "explain": "yes" } }', '/p/hotpath.json', RULE_METAS)).toThrow('"sql.explain" must be true or false');
  });

  it('maps positions through escapes, multi-byte text and `?` placeholders to the column in the file', () => {
    const code = [
      "import { Pool } from 'pg';",
      "import knexFactory from 'knex';",
      'const pool = new Pool({ statement_timeout: 1000 });',
      "const knex = knexFactory({ client: 'pg' });",
      'export async function a(x: string) {',
      "  await pool.query('SELECT id /* \\u00e9t\\u00e9 \\'q\\' */ FROM orders WHERE \"total_cents\" = $1', [x]);",
      "  await pool.query(`SELECT 'é😀' AS label FROM orders WHERE total_cents = ${x}`);",
      "  return knex.raw('select id from orders where id = ? and total_cents > ?', [1, 2]);",
      '}',
    ].join('\n');
    const directory = copyOf('migrations-project', { 'src/positions.ts': code });
    const file = path.join(directory, 'src', 'positions.ts');
    const findings = analyzeTsconfig(path.join(directory, 'tsconfig.json')).findings.filter((finding) => finding.file === file && finding.ruleId === RULE);
    const text = fs.readFileSync(file, 'utf8');
    expect(findings.map((finding) => [text.slice(0, finding.start).split('\n').length, text.slice(finding.start, finding.end)])).toEqual([
      [6, '"total_cents"'],
      [7, 'total_cents'],
    ]);
  });
});

describe('schemas written as ORM code', () => {
  const config = (project: string) => parseConfig('{}', path.join(PROJECTS, project, 'hotpath.json'), RULE_METAS);

  it('Sequelize: queryInterface migrations in file-name order, raw SQL among them, and the models mapped to their tables', () => {
    const schema = loadSchema(config('sequelize-project'))!;
    const indexes = (table: string) => schema.tables.get(table)!.indexes.map((index) => `${index.unique ? 'unique ' : ''}${index.keys.map((key) => ('column' in key ? key.column : key.expression)).join(',')}`);
    expect([...schema.tables.keys()].sort()).toEqual(['api_keys', 'documents', 'memberships', 'teams', 'token_uses', 'tokens', 'users']);
    expect(indexes('memberships')).toEqual(['unique id', 'unique user_id,team_id']);
    // removeIndex dropped `title`; renameColumn carried `urlId`'s index to `slug`; the model's own `indexes` add `createdById`.
    expect(indexes('documents')).toEqual(['unique id', 'teamId,publishedAt', 'slug', 'createdById']);
    expect(indexes('users')).toEqual(['unique id', 'unique email', 'unique name,teamId']);
    expect(schema.models.map((model) => [model.className, model.table, model.softDelete])).toEqual(expect.arrayContaining([['Team', 'teams', undefined], ['User', 'users', 'deletedAt'], ['Document', 'documents', undefined], ['Membership', 'memberships', undefined]]));
    expect(schema.models.find((model) => model.className === 'Document')?.fields.get('urlId')).toBe('slug');
    // A loop over table names is listed, not guessed.
    expect(schema.unread.map((item) => [path.basename(item.span.file), item.message])).toEqual([['20240103000000-rename.js', "a table named at run time: `queryInterface.addIndex(table, ['createdAt'])`"]]);
  });

  it('TypeORM: entities (default naming, relations, class and property indexes) over a queryRunner migration', () => {
    const schema = loadSchema(config('typeorm-project'))!;
    const indexes = (table: string) => schema.tables.get(table)!.indexes.map((index) => `${index.unique ? 'unique ' : ''}${index.keys.map((key) => ('column' in key ? key.column : key.expression)).join(',')}`);
    expect([...schema.tables.keys()].sort()).toEqual(['customer', 'orders']);
    expect(indexes('customer')).toEqual(['unique email', 'unique id', 'phone', 'country,city']);
    expect(indexes('orders')).toEqual(['unique code', 'unique id', 'state,placedAt', 'customerId']);
    const order = schema.models.find((model) => model.className === 'Order')!;
    expect([...order.joins]).toEqual([['customer', 'customerId'], ['seller', 'seller_id']]);
    expect(order.fields.get('total')).toBe('total_cents');
    expect(schema.models.find((model) => model.className === 'Customer')?.softDelete).toBe('deletedAt');
  });

  it('Knex and Kysely: schema builder chains and their callbacks, raw SQL among them', () => {
    const directory = copyOf('knex-project', {
      'migrations/20240103000000_kysely.ts': [
        "import { type Kysely, sql } from 'kysely';",
        'export async function up(db: Kysely<any>): Promise<void> {',
        "  await db.schema.createTable('payments').addColumn('id', 'serial', (col) => col.primaryKey()).addColumn('invoice_id', 'integer', (col) => col.notNull()).addColumn('reference', 'varchar(64)', (col) => col.unique()).addUniqueConstraint('payments_invoice_reference', ['invoice_id', 'reference']).execute();",
        "  await db.schema.createIndex('payments_reference_lower').on('payments').expression(sql`lower(reference)`).execute();",
        "  await db.schema.alterTable('invoices').renameColumn('status', 'state').execute();",
        "  await db.schema.dropIndex('accounts_plan').execute();",
        '}',
      ].join('\n'),
    });
    const schema = loadSchema(parseConfig('{}', path.join(directory, 'hotpath.json'), RULE_METAS))!;
    const indexes = (table: string) => schema.tables.get(table)!.indexes.map((index) => `${index.unique ? 'unique ' : ''}${index.keys.map((key) => ('column' in key ? key.column : key.expression)).join(',')}`);
    expect(indexes('accounts')).toEqual(['unique id', 'unique email']);
    expect(indexes('invoices')).toEqual(['unique id', 'account_id,due_at', 'unique number', 'lower(number)']);
    expect(indexes('payments')).toEqual(['unique id', 'unique reference', 'unique invoice_id,reference']);
    expect(['amount_cents', 'state', 'status'].map((column) => schema.tables.get('invoices')!.columns.has(column))).toEqual([true, true, false]);
    expect(schema.unread.map((item) => item.message)).toEqual([expect.stringContaining('index columns built at run time (or expressions)')]);
  });

  it('Drizzle: pgTable declarations (extra config as an array or an object, columns as a callback, pgSchema), their keys and indexes', () => {
    const schema = loadSchema(config('drizzle-project'))!;
    const indexes = (table: string) => schema.tables.get(table)!.indexes.map((index) => `${index.unique ? 'unique ' : ''}${index.keys.map((key) => ('column' in key ? key.column : key.expression)).join(',')}${index.where.length ? ` where ${index.where.join(' and ')}` : ''}`);
    expect([...schema.tables.keys()].sort()).toEqual(['accounts', 'audit.events', 'deployments', 'memberships', 'projects']);
    expect(indexes('accounts')).toEqual(['unique id', 'unique email', 'unique handle', 'plan where deleted_at IS NULL']);
    // A column without a name is stored under its key; `.desc()` leaves it a key of the index.
    expect(indexes('projects')).toEqual(['unique id', 'account_id,created_at']);
    expect(indexes('deployments')).toEqual(['unique id', 'status', 'lower(commit_sha)']);
    expect(indexes('memberships')).toEqual(['unique account_id,project_id']);
    expect([...schema.tables.get('projects')!.columns.keys()]).toEqual(['id', 'account_id', 'name', 'archived', 'created_at', 'updated_at']);
    expect(schema.models.find((model) => model.className === 'events')?.fields.get('happenedAt')).toBe('happened_at');
    // A table creator's prefix is applied at run time: listed, not guessed.
    expect(schema.unread.map((item) => item.message)).toEqual([expect.stringMatching(/^a table named by a table creator at run time: `prefixed\('settings'/)]);
    expect(schemaSummary(config('drizzle-project'), ['drizzle-orm'])?.note).toBe('unindexed-sql read the schema from 1 file (5 tables, 11 indexes); 1 migration or model call could not be read without running it (--explain lists them).');
  });

  it('foreign keys from every kind of schema: SQL, Prisma, Sequelize, TypeORM, Knex, Kysely, Drizzle', () => {
    const foreignKeys = (schema: Schema) => [...schema.tables.values()].flatMap((table) => table.foreignKeys.map((key) => `${table.name}(${key.columns.join(',')}) → ${key.references}`)).sort();
    // Inline, table and ALTER TABLE constraints; one dropped again.
    expect(foreignKeys(loadSchema(config('foreign-keys-project'))!)).toEqual([
      'documents(folder_id) → folders',
      'documents(label_id) → labels',
      'memberships(account_id) → accounts',
      'notes(author_id) → accounts',
      'sessions(account_id) → accounts',
      'shares(account_id) → accounts',
      'shares(folder_id) → folders',
    ]);
    expect(foreignKeys(loadSchema(config('prisma-project'))!)).toEqual(['comments(post_id) → posts', 'orders(customer_id) → users', 'posts(author_id) → users']);
    // `references: { model }`, addConstraint and removeConstraint; the models' @ForeignKey adds nothing where migrations made the tables.
    expect(foreignKeys(loadSchema(config('sequelize-project'))!)).toEqual(['api_keys(userId) → users', 'documents(teamId) → teams', 'token_uses(tokenId) → tokens', 'users(teamId) → teams']);
    expect(foreignKeys(loadSchema(config('typeorm-project'))!)).toEqual(['orders(customerId) → customer', 'orders(seller_id) → customer']);
    expect(foreignKeys(loadSchema(config('drizzle-project'))!)).toEqual(['deployments(project_id) → projects', 'projects(account_id) → accounts']);
    const directory = copyOf('knex-project', {
      'migrations/20240103000000_keys.js': [
        'exports.up = async function (knex) {',
        "  await knex.schema.createTable('credits', (table) => {",
        "    table.increments('id');",
        "    table.integer('invoice_id').references('invoices.id');",
        "    table.integer('account_id');",
        "    table.foreign('account_id').references('id').inTable('accounts');",
        '  });',
        "  await knex.schema.alterTable('credits', (table) => table.dropForeign('invoice_id'));",
        '};',
      ].join('\n'),
      'migrations/20240104000000_kysely.ts': [
        "import type { Kysely } from 'kysely';",
        'export async function up(db: Kysely<any>): Promise<void> {',
        "  await db.schema.createTable('refunds').addColumn('id', 'serial', (col) => col.primaryKey()).addColumn('invoice_id', 'integer', (col) => col.references('invoices.id').onDelete('cascade')).addColumn('account_id', 'integer').addForeignKeyConstraint('refunds_account_fk', ['account_id'], 'accounts', ['id']).execute();",
        '}',
      ].join('\n'),
    });
    expect(foreignKeys(loadSchema(parseConfig('{}', path.join(directory, 'hotpath.json'), RULE_METAS))!)).toEqual(['credits(account_id) → accounts', 'invoices(account_id) → accounts', 'refunds(account_id) → accounts', 'refunds(invoice_id) → invoices']);
  });

  it('says once what it read, and says when an ORM is used with no schema found', () => {
    expect(schemaSummary(config('sequelize-project'), [])?.note).toBe('unindexed-sql read the schema from 10 files (7 tables, 14 indexes); 1 migration or model call could not be read without running it (--explain lists them).');
    const empty = copyOf('sequelize-project');
    fs.rmSync(path.join(empty, 'migrations'), { recursive: true });
    fs.rmSync(path.join(empty, 'src', 'models'), { recursive: true });
    const off = schemaSummary(parseConfig('{}', path.join(empty, 'hotpath.json'), RULE_METAS), ['sequelize']);
    expect(off?.note).toMatch(/^unindexed-sql is off for Sequelize: no schema found under .* \(--explain says where it looked\); point "sql\.schema" in hotpath\.json at the migrations\.$/);
    expect(off?.details[0]).toMatch(/^looked for migrations\/\*\*\/\*\.sql, .* and ORM models$/);
    expect(schemaSummary(config('sequelize-project'), ['ioredis'])).toBeDefined();
    expect(schemaSummary(parseConfig('{}', path.join(empty, 'hotpath.json'), RULE_METAS), ['ioredis'])).toBeUndefined();
  });
});

describe('EXPLAIN on the embedded PostgreSQL (PGlite)', () => {
  it.each([
    ['sequelize-project', 10, '`users.teamId`', 'using users_name_team on a later column of the index'],
    ['typeorm-project', 20, '`orders.seller_id`', 'Seq Scan on orders (Filter: (seller_id = $1))'],
    ['knex-project', 7, '`invoices.amount_cents`', 'Seq Scan on invoices'],
    ['drizzle-project', 11, '`deployments.project_id`', 'Seq Scan on deployments'],
    // A delete's finding is checked with the lookup PostgreSQL runs on the referencing table.
    ['foreign-keys-project', 4, 'Deleting from `accounts`', 'Seq Scan on notes (Filter: (author_id = $1))'],
  ])('confirms the findings on ORM queries of %s, translated to the SQL the ORM sends', async (project, count, subject, plan) => {
    const run = analyzeTsconfig(path.join(PROJECTS, project, 'tsconfig.json'));
    expect(unindexed(run.findings).length).toBe(count);
    const outcome = await verifyWithExplain(run.findings, run.analyzer, { kind: 'pglite' });
    expect(outcome.failures).toEqual([]);
    expect(outcome.refuted).toEqual([]);
    expect(unindexed(outcome.findings).every((finding) => finding.message.includes('Confirmed by EXPLAIN'))).toBe(true);
    expect(unindexed(outcome.findings).find((finding) => finding.message.startsWith(subject))?.message).toContain(plan);
  });

  it('confirms the fixture findings with the plan node, and refutes none', async () => {
    const run = analyzeTsconfig(path.join(PROJECTS, 'migrations-project', 'tsconfig.json'));
    const flagged = unindexed(run.findings);
    const started = performance.now();
    const outcome = await verifyWithExplain(run.findings, run.analyzer, { kind: 'pglite' });
    const first = performance.now() - started;
    const prisma = analyzeTsconfig(path.join(PROJECTS, 'prisma-project', 'tsconfig.json'));
    const again = performance.now();
    const prismaOutcome = await verifyWithExplain(prisma.findings, prisma.analyzer, { kind: 'pglite' });
    const second = performance.now() - again;
    console.info(`PGlite EXPLAIN: ${flagged.length} findings in ${Math.round(first)} ms (start included), ${unindexed(prisma.findings).length} more in ${Math.round(second)} ms`);
    expect(outcome.failures).toEqual([]);
    expect(outcome.refuted).toEqual([]);
    const confirmed = unindexed(outcome.findings).filter((finding) => finding.message.includes('Confirmed by EXPLAIN'));
    // MySQL text is not explained; everything else is confirmed.
    expect(confirmed.length).toBe(flagged.filter((finding) => !finding.file.endsWith('mysql.ts')).length);
    expect(confirmed.find((finding) => finding.message.startsWith('`payments.order_id`'))?.message).toContain('Seq Scan on payments (Filter: (order_id = $1))');
    expect(confirmed.find((finding) => finding.message.startsWith('`orders.created_at`'))?.message).toContain('using orders_status_created_at_idx on a later column of the index');
    expect(prismaOutcome.refuted).toEqual([]);
    expect(unindexed(prismaOutcome.findings).every((finding) => finding.message.includes('Confirmed by EXPLAIN'))).toBe(true);
  });
});

describe('secrets', () => {
  it('never prints the password of a database URL', () => {
    const url = 'postgres://app:s3cr%40t@db.internal:5432/shop';
    expect(redactUrl(url)).toBe('postgres://app:***@db.internal:5432/shop');
    expect(redactSecrets(`connect to ${url} failed: password "s3cr@t" rejected`, url)).toBe('connect to postgres://app:***@db.internal:5432/shop failed: password "***" rejected');
  });

  it('stars the password where it is one, not every occurrence of its text', () => {
    const url = 'postgres://app:a@localhost:5432/shop';
    expect(redactSecrets(`cannot connect to ${url}: database "shop" has a table`, url)).toBe('cannot connect to postgres://app:***@localhost:5432/shop: database "shop" has a table');
  });
});
