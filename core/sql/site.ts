import type { IoIndex, IoSite } from '../io-sites';
import { uncoveredAccesses, unindexedReferences, type UncoveredAccess } from './coverage';
import { drizzleScopes } from './drizzle-query';
import { sqlTextOf, type SqlText } from './extract';
import { knexScopes, kyselyScopes } from './knex-query';
import { tokenEnd } from './load';
import { ormScopes, type OrmVia } from './orm-query';
import { parseSql } from './parser';
import { prismaScopes } from './prisma-query';
import { typeormBuilderScopes } from './typeorm-builder';
import { analyzeStatement, type QueryProblem, type QueryScope, type Range } from './query';
import type { Schema } from './schema';

/** What the code wrote the query in: SQL text, or the query API of a library that generates it. */
export type QueryVia = 'sql' | 'prisma' | 'knex' | 'kysely' | 'drizzle' | OrmVia;

/** What one database call reads, as far as the code spells it out. */
export interface SiteQueries {
  readonly via: QueryVia;
  readonly scopes: readonly QueryScope[];
  readonly problems: readonly QueryProblem[];
  /** SQL (PostgreSQL dialect) that does not parse, with the position it failed at. */
  readonly syntaxError?: { readonly message: string; readonly span: Range };
  /** The SQL text sent, for EXPLAIN. */
  readonly sql?: SqlText;
}

/** The queries of a database I/O site: raw SQL, a Prisma delegate call, a Knex, Kysely, Drizzle or TypeORM builder chain, or a model ORM's find-style call. */
export function queriesAt(site: IoSite, schema: Schema, io: IoIndex): SiteQueries | undefined {
  const trace = site.traces[0];
  if (!trace || trace.io.kind !== 'db' || site.through) return undefined;
  const text = sqlTextOf(site, io);
  if (text) return readSql(text, schema);
  const prisma = prismaScopes(site, schema, io);
  if (prisma) return { via: 'prisma', scopes: prisma, problems: [] };
  const knex = knexScopes(site, schema);
  if (knex) return { via: 'knex', scopes: knex, problems: [] };
  const kysely = kyselyScopes(site, schema);
  if (kysely) return { via: 'kysely', scopes: kysely, problems: [] };
  const drizzle = drizzleScopes(site, schema, io);
  if (drizzle) return { via: 'drizzle', scopes: drizzle, problems: [] };
  const builder = typeormBuilderScopes(site, schema, io);
  if (builder) return { via: 'typeorm', scopes: builder, problems: [] };
  const orm = ormScopes(site, schema, io);
  return orm ? { ...orm, problems: [] } : undefined;
}

function readSql(text: SqlText, schema: Schema): SiteQueries | undefined {
  const parsed = parseSql(text.text);
  if (!parsed.ok) {
    // MySQL has a grammar of its own, and an interpolation may be an SQL fragment rather than a value.
    const nearPlaceholder = text.placeholders.some((range) => parsed.offset >= range.start - 1 && parsed.offset <= range.end + 1);
    if (text.dialect !== 'postgres' || nearPlaceholder) return undefined;
    const start = text.toFile(parsed.offset);
    const end = Math.max(start + 1, text.toFile(tokenEnd(text.text, parsed.offset)));
    return { via: 'sql', scopes: [], problems: [], syntaxError: { message: parsed.message, span: { start, end } }, sql: text };
  }
  const positions = { offsetOf: parsed.offsetOf, toFile: text.toFile, text: text.text };
  const scopes: QueryScope[] = [];
  const problems: QueryProblem[] = [];
  for (const statement of parsed.statements) {
    const analysis = analyzeStatement(statement.node, schema, positions);
    scopes.push(...analysis.scopes);
    problems.push(...analysis.problems);
  }
  return { via: 'sql', scopes, problems, sql: text };
}

/** The table accesses of a site's queries that no index serves, and the unindexed foreign keys its deletes look rows up by. */
export function uncoveredAt(queries: SiteQueries, schema: Schema): UncoveredAccess[] {
  return queries.scopes.flatMap((scope) => [...uncoveredAccesses(scope, schema), ...unindexedReferences(scope, schema)]);
}
