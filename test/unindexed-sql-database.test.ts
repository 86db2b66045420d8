import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../core/run';
import { schemaDdl, verifyWithExplain } from '../core/sql/explain';
import { loadSchema } from '../core/sql/load';
import { prepareSql } from '../core/sql/parser';
import { analyzeTsconfig, FIXTURES, ROOT, type ProjectRun } from './analyze';

/**
 * `--database-url`: EXPLAIN on a real PostgreSQL server. `.ci/run` starts Debian's PostgreSQL and sets
 * HOTPATH_TEST_DATABASE_URL; without it these tests are skipped loudly, and in CI they fail.
 */
const URL = process.env['HOTPATH_TEST_DATABASE_URL'];
const PROJECT = path.join(FIXTURES, 'unindexed-sql', 'migrations-project');
const ORDERS = 5_000;

if (!URL && process.env['CI']) {
  describe('unindexed-sql on a real PostgreSQL', () => {
    it('has a server', () => {
      expect.fail('HOTPATH_TEST_DATABASE_URL is not set: .ci/run starts PostgreSQL and exports it');
    });
  });
} else if (!URL) {
  console.warn(
    '\n' +
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' +
      '!! SKIPPED: unindexed-sql --database-url tests. No HOTPATH_TEST_DATABASE_URL (a PostgreSQL the  !!\n' +
      '!! tests may create tables in). .ci/run shows how to start one; CI sets it and fails without.  !!\n' +
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n',
  );
  describe.skip('unindexed-sql on a real PostgreSQL (no HOTPATH_TEST_DATABASE_URL)', () => {
    it('is skipped', () => undefined);
  });
} else {
  const url = URL;
  const password = decodeURIComponent(new globalThis.URL(url).password);
  // hotpath-ignore-next-line missing-timeout -- a test's own database; vitest's timeout bounds it
  const client = new Client({ connectionString: url });
  let run: ProjectRun;

  beforeAll(async () => {
    await prepareSql();
    await client.connect();
    // The repository's schema, plus an index the migrations do not have (the live database drifted),
    // and enough rows for statistics.
    const schema = loadSchema(resolveConfig(PROJECT))!;
    await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    for (const statement of schemaDdl(schema)) await client.query(statement.sql);
    await client.query('CREATE INDEX payments_order_id_idx ON payments (order_id)');
    await client.query(`INSERT INTO customers (id, email, country) SELECT g, 'c' || g || '@example.com', 'FR' FROM generate_series(1, 100) g`);
    await client.query(`INSERT INTO orders (id, customer_id, status, total_cents) SELECT g, 1 + g % 100, 'new', g % 7 FROM generate_series(1, ${ORDERS}) g`);
    await client.query('ANALYZE');
    run = analyzeTsconfig(path.join(PROJECT, 'tsconfig.json'));
  });
  afterAll(async () => {
    await client.end();
  });

  describe('unindexed-sql on a real PostgreSQL', () => {
    it('confirms with the rows the scan reads, and drops what the live indexes serve', async () => {
      const outcome = await verifyWithExplain(run.findings, run.analyzer, { kind: 'postgres', url });
      expect(outcome.failures.filter((failure) => !/relation "(shipments|products)"|does not exist/.test(failure))).toEqual([]);
      const total = outcome.findings.find((finding) => finding.message.startsWith('`orders.total_cents`') && finding.message.includes('Seq Scan'));
      expect(total?.message).toContain(`it reads all ~${ORDERS.toLocaleString('en-US')} rows by the server's statistics`);
      expect(total?.message).toContain('Confirmed by EXPLAIN on postgres://');
      // payments.order_id has an index on this server: both its findings (a filter, a join) are refuted.
      expect(outcome.refuted.filter((finding) => finding.message.startsWith('`payments.order_id`')).length).toBe(2);
      expect(outcome.findings.some((finding) => finding.message.startsWith('`payments.order_id`'))).toBe(false);
      for (const finding of outcome.findings) expect(finding.message).not.toContain(password);
    });

    it('only explains: the UPDATE and DELETE of the fixtures changed nothing', async () => {
      const { rows } = await client.query<{ count: string; statuses: string }>("SELECT count(*) AS count, string_agg(DISTINCT status, ',') AS statuses FROM orders");
      expect(rows[0]).toEqual({ count: String(ORDERS), statuses: 'new' });
    });

    it('never prints the password, not even when the server rejects it', async () => {
      const wrong = url.replace(`:${encodeURIComponent(password)}@`, ':not-the-password@');
      const error = await verifyWithExplain(run.findings, run.analyzer, { kind: 'postgres', url: wrong }).catch((caught: Error) => caught);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain('cannot connect to postgres://');
      expect((error as Error).message).not.toContain('not-the-password');
    });

    it('the CLI (dist/cli.js) with --database-url confirms findings and never shows the URL password', () => {
      const result = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), '--project', path.join(PROJECT, 'tsconfig.json'), '--database-url', url, '--format', 'json'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('Confirmed by EXPLAIN on postgres://');
      expect(result.stdout + result.stderr).not.toContain(password);
      expect(result.stderr).toContain('EXPLAIN found an index for a query in test-fixtures/unindexed-sql/migrations-project/src/pg-flagged.ts');
    });
  });
}
