import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Analyzer } from '../analyzer';
import { makeDirectory } from '../atomic-file';
import type { ResolvedConfig } from '../config';
import type { Finding } from '../findings';
import type { UncoveredAccess } from './coverage';
import { loadSchema } from './load';
import type { Access, QueryScope, Term } from './query';
import { createProjectProgram, readTsconfig } from '../project';
import { isColumnKey, quoteIdentifier, type Schema } from './schema';
import { queriesAt, uncoveredAt, type SiteQueries } from './site';
import { walkTree } from '../walk';

/**
 * EXPLAIN as a second opinion on unindexed-sql findings: the project's schema replayed into an
 * embedded PostgreSQL (PGlite), or a real server the user names. Only EXPLAIN runs, never ANALYZE,
 * with sequential scans disabled: a Seq Scan that remains (or an index read end to end) means no
 * index can serve the query.
 */

export type ExplainTarget = { readonly kind: 'pglite' } | { readonly kind: 'postgres'; readonly url: string };

export interface ExplainOutcome {
  /** The findings, those EXPLAIN confirmed saying so; those it refuted are left out. */
  readonly findings: Finding[];
  /** Findings EXPLAIN refuted: the planner found an index that serves the query. */
  readonly refuted: Finding[];
  /** Queries EXPLAIN could not plan (the message never contains a password). */
  readonly failures: string[];
}

const RULE_ID = 'unindexed-sql';
const STATEMENT_TIMEOUT_MS = 5_000;

/** One database per process: PGlite takes seconds and hundreds of MB to start. */
let pglite: Promise<PgliteDatabase> | undefined;
let namespaces = 0;

interface PgliteDatabase {
  exec(query: string): Promise<{ rows: Record<string, unknown>[] }[]>;
  query<T>(query: string, params?: unknown[]): Promise<{ rows: T[] }>;
  dumpDataDir(compression: 'gzip'): Promise<Blob>;
  close(): Promise<void>;
}

/** The embedded database, started on first use. */
function embedded(): Promise<PgliteDatabase> {
  pglite ??= startPglite();
  return pglite;
}

/** The installed PGlite's version: a saved cluster is reused only by the version that made it. */
function pgliteVersion(): string {
  const entry = require.resolve('@electric-sql/pglite');
  for (let directory = path.dirname(entry); directory !== path.dirname(directory); directory = path.dirname(directory)) {
    const manifest = path.join(directory, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const parsed = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
    if (parsed.name === '@electric-sql/pglite') return parsed.version ?? 'unknown';
  }
  return 'unknown';
}

/**
 * Starting PGlite runs initdb (seconds); starting from a saved empty cluster is several times faster.
 * The first start saves one, per PGlite version, in the temp folder.
 */
async function startPglite(): Promise<PgliteDatabase> {
  const { PGlite } = await optionalPeer('@electric-sql/pglite', () => import('@electric-sql/pglite'));
  const saved = path.join(os.tmpdir(), 'hotpath', `pglite-${pgliteVersion()}.tar.gz`);
  if (fs.existsSync(saved)) {
    try {
      return (await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(saved)]) })) as unknown as PgliteDatabase;
    } catch {
      fs.rmSync(saved, { force: true });
    }
  }
  const db = (await PGlite.create()) as unknown as PgliteDatabase;
  try {
    const data = Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer());
    makeDirectory(path.dirname(saved));
    const partial = `${saved}.${process.pid}`;
    fs.writeFileSync(partial, data);
    fs.renameSync(partial, saved);
  } catch {
    // Only a faster start next time is lost.
  }
  return db;
}

/**
 * The databases --explain talks to are optional peer dependencies of the npm package: only those who
 * use --explain install them; without them the run's note says which to install.
 */
async function optionalPeer<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new Error(`--explain needs the package ${name}, which is not installed: npm install --save-dev ${name}`);
  }
}

/** Closes the embedded database, if it was started (the process can then exit promptly). */
export async function closeExplain(): Promise<void> {
  const started = pglite;
  pglite = undefined;
  if (started) await (await started).close();
}

interface PlanRequest {
  readonly finding: Finding;
  readonly table: string;
  /** The column (or expression) the finding says has no index. */
  readonly key: string;
  readonly sql: string;
}

/** Runs EXPLAIN for every unindexed-sql finding of one analysed project and returns the verdicts. */
export async function verifyWithExplain(findings: readonly Finding[], analyzer: Analyzer, target: ExplainTarget): Promise<ExplainOutcome> {
  const schema = loadSchema(analyzer.config);
  const requests = schema ? planRequests(findings, analyzer, schema) : [];
  if (!schema || requests.length === 0) return { findings: [...findings], refuted: [], failures: [] };
  const session = target.kind === 'pglite' ? await pgliteSession(schema) : await serverSession(target.url);
  const verdicts = new Map<Finding, Verdict>();
  const failures: string[] = [];
  try {
    for (const request of requests) {
      try {
        const plan = await session.explain(request.sql);
        verdicts.set(request.finding, await judge(plan, request, session));
      } catch (error) {
        failures.push(`EXPLAIN failed for a query on \`${request.table}\`: ${session.redact((error as Error).message)}`);
      }
    }
  } finally {
    await session.end();
  }
  const refuted: Finding[] = [];
  const kept = findings.flatMap((finding) => {
    const verdict = verdicts.get(finding);
    if (!verdict || verdict.kind === 'unknown') return [finding];
    if (verdict.kind === 'refuted') {
      refuted.push(finding);
      return [];
    }
    return [{ ...finding, message: `${finding.message} ${describeVerdict(verdict, session.label)}` }];
  });
  return { findings: kept, refuted, failures };
}

/**
 * Verifies a project's findings when its analyzer is gone (the CLI drops each program after
 * analysis, or read the findings from its cache): the program is built again, no rule runs.
 */
export async function verifyProjectWithExplain(tsconfig: string, config: ResolvedConfig, findings: readonly Finding[], target: ExplainTarget): Promise<ExplainOutcome> {
  if (!findings.some((finding) => finding.ruleId === RULE_ID) || !loadSchema(config)) return { findings: [...findings], refuted: [], failures: [] };
  const program = createProjectProgram(readTsconfig(path.resolve(tsconfig)));
  return verifyWithExplain(findings, new Analyzer(program, [], config), target);
}

/** The SQL to EXPLAIN for each finding about an unindexed access, found again from the finding's position. */
function planRequests(findings: readonly Finding[], analyzer: Analyzer, schema: Schema): PlanRequest[] {
  const requests: PlanRequest[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) if (finding.ruleId === RULE_ID) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  for (const [file, fileFindings] of byFile) {
    const sourceFile = analyzer.program.getSourceFile(file);
    if (!sourceFile) continue;
    // Every site of the file: the SQL may be a constant declared away from the call that sends it.
    walkTree(sourceFile, (node) => {
      const site = analyzer.io.siteOf(node);
      const queries = site && queriesAt(site, schema, analyzer.io);
      for (const uncovered of queries ? uncoveredAt(queries, schema) : []) {
        // A delete has a finding per unindexed foreign key at one span: the message names the referencing table.
        const finding = fileFindings.find((item) => item.start === uncovered.span.start && item.end === uncovered.span.end && item.message.includes(`\`${uncovered.table}`) && !requests.some((request) => request.finding === item));
        const sql = finding && explainableSql(queries!, uncovered);
        const key = 'column' in uncovered.key ? uncovered.key.column : uncovered.key.expression;
        if (finding && sql) requests.push({ finding, table: uncovered.table, key, sql });
      }
    });
  }
  return requests;
}

/** The statement as sent for raw SQL (PostgreSQL only, one statement); for Prisma and Knex, the SQL they generate, reduced to what matters. */
function explainableSql(queries: SiteQueries, uncovered: UncoveredAccess): string | undefined {
  // What PostgreSQL runs on the referencing table for each deleted row (its referential-integrity check, less the row lock).
  if (uncovered.reason === 'delete') {
    const columns = uncovered.label.split(', ');
    return `SELECT 1 FROM ONLY ${uncovered.table.split('.').map(quoteIdentifier).join('.')} WHERE ${columns.map((column, position) => `${quoteIdentifier(column)} = $${position + 1}`).join(' AND ')}`;
  }
  if (queries.via === 'sql') {
    const text = queries.sql;
    if (!text || text.dialect !== 'postgres' || /;\s*\S/.test(text.text.replace(/;\s*$/, ''))) return undefined;
    return text.text;
  }
  const access = queries.scopes.flatMap((scope: QueryScope) => scope.accesses).find((item) => item.table === uncovered.table);
  return access && accessSql(access);
}

/** `SELECT * FROM t WHERE … ORDER BY … LIMIT 10`, parameters as `$n` (their types are inferred from the columns). */
export function accessSql(access: Access): string {
  let next = 1;
  const term = (item: Term): string => {
    const column = item.column !== undefined ? quoteIdentifier(item.column) : item.expression!;
    switch (item.op) {
      case 'null':
        return `${column} IS NULL`;
      case 'in':
        return `${column} = ANY($${next++})`;
      case 'range':
      case 'like':
        return `${column} >= $${next++}`;
      case 'eq':
        return `${column} = $${next++}`;
    }
  };
  const conditions = access.restrictions.map((restriction) => {
    const branches = restriction.branches.filter((branch) => branch.length > 0).map((branch) => branch.map(term).join(' AND '));
    return branches.length > 1 ? `(${branches.map((branch) => `(${branch})`).join(' OR ')})` : (branches[0] ?? 'true');
  });
  const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
  const order = access.order?.length ? ` ORDER BY ${access.order.map((item) => (item.column !== undefined ? quoteIdentifier(item.column) : item.expression)).join(', ')} LIMIT 10` : '';
  return `SELECT * FROM ${access.table.split('.').map(quoteIdentifier).join('.')}${where}${order}`;
}

interface Session {
  readonly label: string;
  explain(sql: string): Promise<PlanNode>;
  /** Rows in the table by the server's statistics, when it has them. */
  rows(table: string): Promise<number | undefined>;
  /** The first key of an index, as PostgreSQL prints it (`customer_id`, `lower(email)`). */
  leadingKey(index: string): Promise<string | undefined>;
  redact(message: string): string;
  end(): Promise<void>;
}

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly 'Index Cond'?: string;
  readonly Filter?: string;
  readonly Plans?: readonly PlanNode[];
}

async function pgliteSession(schema: Schema): Promise<Session> {
  const db = await embedded();
  const namespace = `hotpath_${++namespaces}`;
  await db.exec(`CREATE SCHEMA ${namespace}; SET search_path TO ${namespace}, public;`);
  for (const statement of schemaDdl(schema)) {
    try {
      await db.exec(statement.sql);
    } catch {
      // A type or function the schema uses but does not create: the table is made with text columns, an index is skipped.
      if (statement.fallback) await db.exec(statement.fallback).catch(() => undefined);
    }
  }
  return {
    label: 'EXPLAIN on the schema in an embedded PostgreSQL',
    async explain(sql) {
      await db.exec('BEGIN READ ONLY; SET LOCAL enable_seqscan = off;');
      try {
        const result = await db.exec(`EXPLAIN (FORMAT JSON, GENERIC_PLAN) ${sql}`);
        return planOf(result[0]?.rows[0]);
      } finally {
        await db.exec('ROLLBACK;');
      }
    },
    rows: async () => undefined,
    leadingKey: async (index) => (await db.query<{ key: string | null }>('SELECT pg_get_indexdef(to_regclass($1), 1, true) AS key', [quoteIdentifier(index)])).rows[0]?.key ?? undefined,
    redact: (message) => message,
    async end() {
      await db.exec(`SET search_path TO public; DROP SCHEMA ${namespace} CASCADE;`);
    },
  };
}

async function serverSession(url: string): Promise<Session> {
  const { Client } = await optionalPeer('pg', () => import('pg'));
  const redact = (message: string): string => redactSecrets(message, url);
  const client = new Client({ connectionString: url, statement_timeout: STATEMENT_TIMEOUT_MS, connectionTimeoutMillis: STATEMENT_TIMEOUT_MS });
  // An unreachable server must not hang the run: the error is reported and the findings stay as they are.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot connect to ${redactUrl(url)}: ${redact((error as Error).message)}`);
  }
  const version = Number((await client.query<{ server_version_num: string }>('SHOW server_version_num')).rows[0]?.server_version_num ?? 0);
  const inReadOnly = async <T>(work: () => Promise<T>): Promise<T> => {
    await client.query('BEGIN READ ONLY');
    try {
      await client.query(`SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
      await client.query('SET LOCAL enable_seqscan = off');
      return await work();
    } finally {
      await client.query('ROLLBACK');
    }
  };
  return {
    label: `EXPLAIN on ${redactUrl(url)}`,
    explain: (sql) =>
      inReadOnly(async () => {
        if (version >= 160000) return planOf((await client.query(`EXPLAIN (FORMAT JSON, GENERIC_PLAN) ${sql}`)).rows[0]);
        // Before PostgreSQL 16: a prepared statement forced to its generic plan, executed with NULLs, only explained.
        const parameters = Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));
        await client.query(`SET LOCAL plan_cache_mode = force_generic_plan`);
        await client.query(`PREPARE hotpath_explain AS ${sql}`);
        try {
          const args = parameters ? `(${Array.from({ length: parameters }, () => 'NULL').join(', ')})` : '';
          return planOf((await client.query(`EXPLAIN (FORMAT JSON) EXECUTE hotpath_explain${args}`)).rows[0]);
        } finally {
          await client.query('DEALLOCATE hotpath_explain');
        }
      }),
    async rows(table) {
      const result = await client.query<{ rows: string | null }>('SELECT reltuples::bigint AS rows FROM pg_class WHERE oid = to_regclass($1)', [table]);
      // -1: never analysed; 0: empty or never vacuumed. Neither says how big the scan is.
      const rows = Number(result.rows[0]?.rows ?? -1);
      return rows > 0 ? rows : undefined;
    },
    leadingKey: async (index) => (await client.query<{ key: string | null }>('SELECT pg_get_indexdef(to_regclass($1), 1, true) AS key', [quoteIdentifier(index)])).rows[0]?.key ?? undefined,
    redact,
    end: () => client.end(),
  };
}

function planOf(row: Record<string, unknown> | undefined): PlanNode {
  const plan = (row?.['QUERY PLAN'] as { Plan: PlanNode }[] | undefined)?.[0]?.Plan;
  if (!plan) throw new Error('EXPLAIN returned no plan');
  return plan;
}

type Verdict = { readonly kind: 'confirmed'; readonly node: PlanNode; readonly rows?: number } | { readonly kind: 'refuted' } | { readonly kind: 'unknown' };

/**
 * Confirmed when the table is read by a Seq Scan, or through an index whose condition does not
 * constrain its first key: with sequential scans disabled the planner walks a whole index rather
 * than the table (no condition, or one on a later column of a composite). Refuted when the
 * planner reads the table through an index that starts with the reported column after all.
 */
async function judge(plan: PlanNode, request: PlanRequest, session: Session): Promise<Verdict> {
  const { table } = request;
  const name = table.split('.').at(-1);
  const scans: PlanNode[] = [];
  const walk = (node: PlanNode): void => {
    if (node['Relation Name'] === name && node['Node Type'].endsWith('Scan')) scans.push(node);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan);
  if (scans.length === 0) return { kind: 'unknown' };
  for (const scan of scans) {
    const full = scan['Node Type'] === 'Seq Scan' ? scan : await wholeIndexScan(scan, request.key, session);
    if (!full) continue;
    const rows = await session.rows(table);
    return { kind: 'confirmed', node: full, ...(rows !== undefined ? { rows } : {}) };
  }
  return { kind: 'refuted' };
}

/**
 * The index scan (of a scan node or of a bitmap scan's children) whose condition leaves the index's
 * first key free, if any. An index that starts with the reported key serves the query even when a
 * merge join reads it whole (tiny tables).
 */
async function wholeIndexScan(node: PlanNode, key: string, session: Session): Promise<PlanNode | undefined> {
  const indexScans: PlanNode[] = [];
  const collect = (item: PlanNode): void => {
    if (item['Index Name']) indexScans.push(item);
    for (const child of item.Plans ?? []) collect(child);
  };
  collect(node);
  if (indexScans.length === 0) return node;
  for (const scan of indexScans) {
    const condition = scan['Index Cond'];
    const leading = await session.leadingKey(scan['Index Name']!);
    if (leading !== undefined && leading.replace(/"/g, '') === key) continue;
    if (!condition || !leading || !mentions(condition, leading)) return scan;
  }
  return undefined;
}

function mentions(condition: string, key: string): boolean {
  const bare = key.replace(/"/g, '');
  return new RegExp(`(^|[^\\w.])(\\w+\\.)?${bare.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w])`).test(condition.replace(/"/g, ''));
}

function describeVerdict(verdict: Extract<Verdict, { kind: 'confirmed' }>, label: string): string {
  const node = verdict.node;
  const condition = node['Index Cond'];
  const scan =
    node['Node Type'] === 'Seq Scan'
      ? `Seq Scan on ${node['Relation Name']}`
      : `${node['Node Type']} using ${node['Index Name']} ${condition ? `on a later column of the index (Index Cond: ${condition})` : 'with no index condition'}, which reads the whole index`;
  const filter = node.Filter ? ` (Filter: ${node.Filter})` : '';
  const rows = verdict.rows !== undefined ? `; it reads all ~${verdict.rows.toLocaleString('en-US')} rows by the server's statistics` : '';
  return `Confirmed by ${label}: ${scan}${filter}${rows}.`;
}

/** Every message from the server path goes through this: the URL's password never reaches the output. */
export function redactSecrets(message: string, url: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    password = /\/\/[^:/@]+:([^@]*)@/.exec(url)?.[1] ?? '';
  }
  // The URL where it appears whole, any other spelling of a connection string's password
  // (`//user:…@`, `password=…`) and the password quoted on its own: only there, never every
  // occurrence of its text (a password `a` starred every `a` of the message).
  const redacted = message
    .split(url)
    .join(redactUrl(url))
    .replace(/(\/\/[^:/@\s]*:)[^@\s]*@/g, '$1***@')
    .replace(/(password=)[^\s&;]+/gi, '$1***');
  return password ? redacted.split(`"${password}"`).join('"***"').split(`'${password}'`).join("'***'") : redacted;
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}

/** The schema as DDL: enum types, tables with their column types, then indexes (partial and expression ones included). */
export function schemaDdl(schema: Schema): { readonly sql: string; readonly fallback?: string }[] {
  const statements: { sql: string; fallback?: string }[] = [...schema.enums.values()].map((sql) => ({ sql }));
  for (const table of schema.tables.values()) {
    const name = table.name.split('.').map(quoteIdentifier).join('.');
    if (table.name.includes('.')) statements.push({ sql: `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(table.name.split('.')[0]!)}` });
    const columns = (typed: boolean): string => [...table.columns.values()].map((column) => `${quoteIdentifier(column.name)} ${typed ? column.type : 'text'}`).join(', ');
    statements.push({ sql: `CREATE TABLE ${name} (${columns(true)})`, fallback: `CREATE TABLE ${name} (${columns(false)})` });
    for (const index of table.indexes) {
      const keys = index.sql.keys.length ? index.sql.keys : index.keys.map((key) => (isColumnKey(key) ? quoteIdentifier(key.column) : `(${key.expression})`));
      statements.push({ sql: `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdentifier(index.name)} ON ${name} USING ${index.method} (${keys.join(', ')})${index.sql.where ? ` WHERE ${index.sql.where}` : ''}` });
    }
  }
  return statements;
}
