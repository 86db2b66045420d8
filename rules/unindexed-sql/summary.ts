import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../../core/config';
import { IO_MODEL } from '../../core/io-model';
import { CONVENTIONAL_SCHEMA_GLOBS, loadSchema } from '../../core/sql/load';
import type { Schema } from '../../core/sql/schema';
import { plural } from '../messages';

/** Libraries whose queries unindexed-sql checks: with one of them and no schema, the rule is off, and the run says so. */
const SQL_LIBRARIES = new Set(['Prisma', 'TypeORM', 'MikroORM', 'Sequelize', 'Knex', 'Kysely', 'Drizzle', 'pg', 'mysql2']);
const SQL_MODULES = new Map(IO_MODEL.filter((model) => SQL_LIBRARIES.has(model.name)).flatMap((model) => model.modules.map((module) => [module, model.name] as const)));

/** What unindexed-sql read of a project's schema, for the run's summary: one line, and the details `--explain` prints. */
export interface SchemaSummary {
  readonly note: string;
  /** Builder calls and models that could not be read or mapped, with their location (relative to the project's root). */
  readonly details: readonly string[];
}

/** The summary for a project that uses an SQL library (`modules`: the libraries it imports); undefined when it uses none. */
export function schemaSummary(config: ResolvedConfig, modules: readonly string[]): SchemaSummary | undefined {
  const schema = loadSchema(config);
  // Models count as use: a sequelize-typescript model is imported from a module no client comes from.
  const libraries = [...new Set([...modules.flatMap((module) => SQL_MODULES.get(module) ?? []), ...(schema?.models.map((model) => model.orm) ?? [])])].sort();
  if (libraries.length === 0) return undefined;
  const root = config.root;
  if (!schema || schema.tables.size === 0) {
    const looked = config.sql?.schema ?? CONVENTIONAL_SCHEMA_GLOBS;
    // The globs are many: one line per run stays short, --explain names them.
    return {
      note: `unindexed-sql is off for ${libraries.join(', ')}: no schema found under ${displayRoot(root)} (--explain says where it looked); point "sql.schema" in hotpath.json at the migrations.`,
      details: [`looked for ${looked.join(', ')} and ORM models`, ...unreadDetails(schema, root)],
    };
  }
  const indexes = [...schema.tables.values()].reduce((sum, table) => sum + table.indexes.length, 0);
  const unmapped = schema.models.filter((model) => model.table === undefined);
  const parts = [`unindexed-sql read the schema from ${plural(schema.files.length, 'file')} (${plural(schema.tables.size, 'table')}, ${plural(indexes, 'index', 'indexes')})`];
  if (unmapped.length) parts.push(`${plural(unmapped.length, 'model')} map to no table in it, so their queries are not checked (${unmapped.slice(0, 3).map((model) => `${model.className} → ${model.tried.map((name) => `\`${name}\``).join(' or ')}`).join(', ')}${unmapped.length > 3 ? ', …' : ''})`);
  if (schema.unread.length) parts.push(`${plural(schema.unread.length, 'migration or model call')} could not be read without running ${schema.unread.length === 1 ? 'it' : 'them'}`);
  const details = unreadDetails(schema, root);
  return { note: `${parts.join('; ')}${details.length ? ' (--explain lists them)' : ''}.`, details };
}

function unreadDetails(schema: Schema | undefined, root: string): string[] {
  if (!schema) return [];
  const texts = new Map<string, string>();
  const where = (file: string, start: number): string => {
    const text = texts.get(file) ?? fs.readFileSync(file, 'utf8');
    texts.set(file, text);
    return `${path.relative(root, file).replace(/\\/g, '/')}:${text.slice(0, start).split('\n').length}`;
  };
  return [
    ...schema.models.filter((model) => model.table === undefined).map((model) => `${where(model.declared.file, model.declared.start)}: ${model.orm} model ${model.className} maps to ${model.tried.map((name) => `\`${name}\``).join(' or ')}, not in the schema`),
    ...schema.unread.map((item) => `${where(item.span.file, item.span.start)}: not read: ${item.message}`),
  ];
}

function displayRoot(root: string): string {
  return path.relative(process.cwd(), root) || '.';
}
