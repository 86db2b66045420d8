import path from 'node:path';
import type { UncoveredAccess, UncoveredReason } from '../../core/sql/coverage';
import { loadSchema } from '../../core/sql/load';
import type { Schema } from '../../core/sql/schema';
import { queriesAt, uncoveredAt, type QueryVia } from '../../core/sql/site';
import { defineRule, type ProjectContext } from '../../core/rule';
import { indexFix, planIndexFix, type IndexFixPlan } from './fix';

export type UnindexedSqlState =
  | {
      readonly kind: 'unindexed';
      readonly table: string;
      readonly label: string;
      readonly reason: UncoveredReason;
      /** The label is an expression over columns (`lower(email)`): only an index on that expression serves it. */
      readonly expression?: boolean;
      readonly notLeading?: string;
      /** The column leads a foreign key to this table (for `delete`: the table whose rows the query deletes). */
      readonly references?: string;
      readonly via: QueryVia;
      readonly fix?: IndexFixPlan;
    }
  | { readonly kind: 'unknown-table'; readonly table: string; readonly schemaFiles: readonly string[]; readonly mappedTo?: string }
  | { readonly kind: 'unknown-column'; readonly table?: string; readonly column: string; readonly schemaFiles: readonly string[] }
  | { readonly kind: 'sql-syntax'; readonly message: string }
  | { readonly kind: 'migration-syntax'; readonly message: string };

/** The project's schema, loaded once per analyzer: undefined when the project has no migrations or schema.prisma. */
function projectSchema(context: ProjectContext): Schema | undefined {
  return context.fromDisk('schema', () => loadSchema(context.config));
}

/**
 * A query that filters, joins or sorts on a column no index serves reads every row of the table.
 * Checked against the schema the repository holds (SQL migrations, schema.prisma).
 */
export const unindexedSql = defineRule<UnindexedSqlState>({
  meta: {
    id: 'unindexed-sql',
    summary: 'A query filters, joins or sorts on a column with no index, so it reads every row of the table.',
    defaultSeverity: 'warning',
    serverOnly: true,
    fixable: 'unsafe',
    options: {},
  },

  create(context) {
    const schema = projectSchema(context);
    if (!schema) return {};
    const schemaFiles = schema.files.map((file) => path.relative(context.config.root, file).replace(/\\/g, '/'));
    // Across sites too: one filter object passed to two calls (`findMany` and `count` of one page) is one finding.
    const seen = new Set<string>();
    return {
      ioSite(site) {
        const queries = queriesAt(site, schema, context.io);
        if (!queries) return;
        if (queries.syntaxError) {
          const { span, message } = queries.syntaxError;
          context.report({ node: { pos: span.start, end: span.end }, state: { kind: 'sql-syntax', message } });
          return;
        }
        for (const problem of queries.problems) {
          const node = { pos: problem.span.start, end: problem.span.end };
          if (problem.kind === 'unknown-table') context.report({ node, state: { kind: 'unknown-table', table: problem.table, schemaFiles, ...mappedTable(problem.table, schema) } });
          else context.report({ node, state: { kind: 'unknown-column', column: problem.column, schemaFiles, ...(problem.table ? { table: problem.table } : {}) } });
        }
        // A scan at start-up (a lifecycle hook, module code, what only they call) runs once: it costs
        // boot time, not every request. A query that fails is reported wherever it runs.
        if (context.io.startup.contains(site.node)) return;
        let onRequestPath: boolean | undefined;
        for (const uncovered of uncoveredAt(queries, schema)) {
          // A delete's per-row lookups cost where deletes are frequent: per request. In a job run now
          // and then (a team's purge, a nightly cleanup) they cost the job's time, and on real code
          // none such was worth an index (bench/real: outline).
          if (uncovered.reason === 'delete' && !(onRequestPath ??= context.io.requestPath.entryOf(site.node) !== undefined)) continue;
          // One finding per foreign key of a delete: each needs an index of its own.
          const key = `${site.node.getSourceFile().fileName}:${uncovered.span.start}:${uncovered.table}${uncovered.reason === 'delete' ? `:${uncovered.label}` : ''}`;
          if (seen.has(key)) continue;
          seen.add(key);
          context.report({ node: { pos: uncovered.span.start, end: uncovered.span.end }, state: unindexedState(uncovered, queries.via, schema) });
        }
      },
    };
  },

  checkProject(context) {
    const schema = projectSchema(context);
    return (schema?.problems ?? []).map((problem) => ({ span: problem.span, state: { kind: 'migration-syntax', message: problem.message } }));
  },

  describe(state) {
    switch (state.kind) {
      case 'unindexed':
        return describeUnindexed(state);
      case 'unknown-table':
        if (state.mappedTo) return `Table \`${state.table}\` is not in the schema (${describeFiles(state.schemaFiles)}): model \`${state.table}\` is mapped to \`${state.mappedTo}\`, so this query fails; use \`${state.mappedTo}\`.`;
        return `Table \`${state.table}\` is not in the schema (${describeFiles(state.schemaFiles)}): this query fails; fix the name or add its migration.`;
      case 'unknown-column':
        return `Column \`${state.table ? `${state.table}.` : ''}${state.column}\` is not in the schema (${describeFiles(state.schemaFiles)}): this query fails; fix the name or add its migration.`;
      case 'sql-syntax':
        return `This SQL does not parse (PostgreSQL: ${state.message}): the query fails every time it runs.`;
      case 'migration-syntax':
        return `This migration does not parse (PostgreSQL: ${state.message}): its tables and indexes are unknown to the other checks.`;
    }
  },

  fix(state) {
    return state.kind === 'unindexed' && state.fix ? indexFix(state.fix) : undefined;
  },
});

/** `"User"` in raw SQL when `@@map("users")` renamed the model's table. */
function mappedTable(name: string, schema: Schema): { mappedTo?: string } {
  const table = [...schema.tables.values()].find((item) => item.model?.name === name);
  return table ? { mappedTo: table.name } : {};
}

function unindexedState(uncovered: UncoveredAccess, via: QueryVia, schema: Schema): UnindexedSqlState {
  const fix = planIndexFix(uncovered, schema);
  return {
    kind: 'unindexed',
    table: uncovered.table,
    label: uncovered.label,
    reason: uncovered.reason,
    via,
    ...('expression' in uncovered.key ? { expression: true } : {}),
    ...(uncovered.notLeading ? { notLeading: uncovered.notLeading } : {}),
    ...(uncovered.references !== undefined ? { references: uncovered.references } : {}),
    ...(fix ? { fix } : {}),
  };
}

function describeUnindexed(state: Extract<UnindexedSqlState, { kind: 'unindexed' }>): string {
  const subject = state.expression ? `\`${state.label}\` on \`${state.table}\`` : `\`${state.table}.${state.label}\``;
  const leading = state.notLeading ? ` (\`${state.notLeading}\` has it, but not first)` : '';
  const unindexed = state.references === undefined ? `${subject} has no index${leading}` : `${subject}, a foreign key to \`${state.references}\`, has no index${leading} (PostgreSQL does not index foreign keys by itself)`;
  const what: Record<UncoveredReason, string> = {
    where: `${unindexed}${state.expression ? ' on that expression' : ''}: this query scans every row of \`${state.table}\``,
    or: `${unindexed}, and an OR uses indexes only if every branch has one: this query scans \`${state.table}\``,
    join: `${unindexed}: the join scans every row of \`${state.table}\``,
    order: `${unindexed}: this query sorts every row of \`${state.table}\` to return the first ones`,
    delete: `Deleting from \`${state.references}\` looks up the rows that reference each deleted row; ${unindexed}, so each deleted row scans every row of \`${state.table}\` (on a 10M-row table typically 0.5–5 s instead of 1–5 ms)`,
  };
  const add = state.fix ? `add ${state.fix.summary}` : `add an index on \`${state.table}\` (${state.label})`;
  return `${what[state.reason]}; ${add}.`;
}

function describeFiles(files: readonly string[]): string {
  if (files.length === 0) return 'no schema files';
  const [first, ...rest] = files;
  return rest.length ? `read from ${first} and ${rest.length} more file${rest.length > 1 ? 's' : ''}` : `read from ${first}`;
}
