import path from 'node:path';
import type { Fix } from '../../core/findings';
import type { UncoveredAccess } from '../../core/sql/coverage';
import { quoteIdentifier, type Schema } from '../../core/sql/schema';

/** How to add the missing index, in the project's own convention; plain data, turned into edits only when asked. */
export type IndexFixPlan =
  | { readonly kind: 'prisma'; readonly file: string; readonly insertAt: number; readonly braceOnOwnLine: boolean; readonly field: string; readonly summary: string }
  | { readonly kind: 'migration'; readonly file: string; readonly sql: string; readonly summary: string };

/**
 * A model in schema.prisma gets `@@index([field])` (`prisma migrate` then writes the migration);
 * other tables get a new migration file after the last one, numbered the way the others are.
 */
export function planIndexFix(uncovered: UncoveredAccess, schema: Schema): IndexFixPlan | undefined {
  const table = schema.tables.get(uncovered.table);
  if (!table) return undefined;
  const model = table.model;
  const prismaFile = schema.files.find((file) => file.endsWith('.prisma'));
  if (model && prismaFile && 'column' in uncovered.key) {
    const column = uncovered.key.column;
    const field = [...model.fields].find(([, mapped]) => mapped === column)?.[0];
    if (field) return { kind: 'prisma', file: prismaFile, insertAt: model.insertAt, braceOnOwnLine: model.braceOnOwnLine, field, summary: `\`@@index([${field}])\` on model \`${model.name}\`` };
  }
  const last = schema.files.filter((file) => file.endsWith('.sql')).at(-1);
  if (!last) return undefined;
  const keySql = 'column' in uncovered.key ? quoteIdentifier(uncovered.key.column) : `(${uncovered.key.expression})`;
  const keyName = ('column' in uncovered.key ? uncovered.key.column : uncovered.key.expression).replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '').toLowerCase();
  const name = `idx_${uncovered.table.replace(/\W+/g, '_')}_${keyName}`.slice(0, 63);
  const statement = `CREATE INDEX CONCURRENTLY ${name} ON ${uncovered.table.split('.').map(quoteIdentifier).join('.')} (${keySql});`;
  const sql = `-- ${uncovered.table}.${uncovered.label} had no index (hotpath unindexed-sql).\n-- CONCURRENTLY builds it without locking writes; it cannot run inside a transaction.\n${statement}\n`;
  return { kind: 'migration', file: nextMigrationPath(last, name), sql, summary: `\`${statement}\`` };
}

export function indexFix(plan: IndexFixPlan): Fix {
  if (plan.kind === 'prisma') {
    const line = `  @@index([${plan.field}])\n`;
    return {
      title: `Add @@index([${plan.field}]) to the model`,
      safety: 'unsafe',
      edits: [{ file: plan.file, start: plan.insertAt, end: plan.insertAt, newText: plan.braceOnOwnLine ? line : `\n${line}` }],
    };
  }
  // An edit at 0–0 of a file that does not exist yet creates it (see TextEdit).
  const name = path.basename(plan.file) === 'migration.sql' ? path.basename(path.dirname(plan.file)) : path.basename(plan.file);
  return { title: `Add migration ${name}`, safety: 'unsafe', edits: [{ file: plan.file, start: 0, end: 0, newText: plan.sql }] };
}

/**
 * The path of a new migration after `last`: `003_x.sql` → `004_<name>.sql`, `V3__x.sql` → `V4__<name>.sql`,
 * `20240101120000_x/migration.sql` → `20240101120001_<name>/migration.sql`.
 */
export function nextMigrationPath(last: string, name: string): string {
  const base = path.basename(last);
  const perFolder = /^(migration|up)\.sql$/.test(base);
  const written = perFolder ? path.basename(path.dirname(last)) : base;
  const parent = perFolder ? path.dirname(path.dirname(last)) : path.dirname(last);
  const match = /^([A-Za-z]?)(\d+)([_\-.]+)/.exec(written);
  const next = match ? `${match[1]}${String(BigInt(match[2]!) + 1n).padStart(match[2]!.length, '0')}${match[3]}${name}` : `${timestamp()}_${name}`;
  return perFolder ? path.join(parent, next, base) : path.join(parent, `${next}.sql`);
}

function timestamp(): string {
  return new Date().toISOString().replace(/\D/g, '').slice(0, 14);
}
