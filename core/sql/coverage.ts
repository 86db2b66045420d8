import type { Access, OrderTerm, QueryScope, Range, Term } from './query';
import { isColumnKey, type Index, type IndexKey, type Schema, type Table } from './schema';

/** Why a table access reads every row; `delete`: deleting rows of another table looks up this one's rows that reference them. */
export type UncoveredReason = 'where' | 'or' | 'join' | 'order' | 'delete';

/** A table access no index serves: the query reads (or sorts) every row of the table. */
export interface UncoveredAccess {
  readonly table: string;
  readonly reason: UncoveredReason;
  /** The predicate, join column or ORDER BY key to report, as written. */
  readonly label: string;
  readonly span: Range;
  /** What an index would be built on: a column, or an expression's SQL. */
  readonly key: { readonly column: string } | { readonly expression: string };
  /** An index that has the column, but not first (a composite serves its leading columns only). */
  readonly notLeading?: string;
  /** The column is (the first column of) a foreign key to this table: PostgreSQL does not index it by itself. */
  readonly references?: string;
}

/**
 * Foreign keys of other tables that reference rows a query deletes, with no index led by one of their
 * columns: for each deleted row PostgreSQL checks (or cascades to) the referencing rows, with a query
 * on those columns; without an index it reads the whole referencing table, once per deleted row.
 */
export function unindexedReferences(scope: QueryScope, schema: Schema): UncoveredAccess[] {
  return scope.accesses.flatMap((access) => {
    if (!access.deletes) return [];
    return [...schema.tables.values()].flatMap((table) =>
      table.foreignKeys
        .filter((foreignKey) => foreignKey.references === access.table && foreignKey.columns.every((column) => leadingIndex(table, { column }, undefined) === undefined))
        .map((foreignKey) => ({ table: table.name, reason: 'delete' as const, label: foreignKey.columns.join(', '), span: access.span, key: { column: foreignKey.columns[0]! }, references: access.table, ...notLeading(table, { column: foreignKey.columns[0]! }) })),
    );
  });
}

/**
 * Which accesses of a query scope no index serves. A table is reached cheaply when an index's
 * leading key serves one of its WHERE predicates (every branch of an OR), its ORDER BY under a
 * LIMIT, or a join to a table that is itself reached cheaply. Tables the query restricts and that
 * are not reached are reported; so are joined tables whose join columns have no index, when the
 * query restricts something (a query that restricts nothing means to read everything).
 */
export function uncoveredAccesses(scope: QueryScope, schema: Schema): UncoveredAccess[] {
  const { accesses } = scope;
  const tables = accesses.map((access) => schema.tables.get(access.table));
  const reached = accesses.map((access, index) => {
    const table = tables[index];
    // A filter not read may be what finds the rows: taken as served, and the tables joined to it through an index with it.
    if (!table || access.unread) return true;
    return access.restrictions.some((restriction) => restrictionServed(restriction.branches, table, access)) || orderServed(access.order, table, access);
  });
  for (let changed = true; changed; ) {
    changed = false;
    accesses.forEach((access, index) => {
      if (reached[index]) return;
      const table = tables[index]!;
      if (access.joins.some((join) => reached[join.partner] && leadingIndex(table, { column: join.column }, access) !== undefined)) {
        reached[index] = true;
        changed = true;
      }
    });
  }
  const restricted = accesses.some((access) => access.restrictions.length > 0 || access.order !== undefined);
  if (!restricted) return [];
  return accesses.flatMap((access, index) => {
    const table = tables[index];
    if (reached[index] || !table) return [];
    const problem = describeUncovered(access, table, schema);
    return problem ? [problem] : [];
  });
}

function describeUncovered(access: Access, table: Table, schema: Schema): UncoveredAccess | undefined {
  const found = uncoveredTerm(access, table, schema);
  const references = found && 'column' in found.key ? referencedBy(table, found.key.column) : undefined;
  return found && references !== undefined ? { ...found, references } : found;
}

/** The table a foreign key led by this column references. */
function referencedBy(table: Table, column: string): string | undefined {
  return table.foreignKeys.find((foreignKey) => foreignKey.columns[0] === column)?.references;
}

function uncoveredTerm(access: Access, table: Table, schema: Schema): UncoveredAccess | undefined {
  const selective = (term: Term | OrderTerm): boolean => isSelective(term, table, schema);
  const restrictions = access.restrictions.filter((item) => item.branches.every((branch) => branch.length > 0));
  const anded = restrictions.filter((item) => item.branches.length === 1).flatMap((item) => item.branches[0]!);
  const chosen = pickTerm(anded.filter((term) => !matchesLiveRows(term, table, schema)), selective);
  // Picked only when nothing selective is filtered: an index on a true/false column helps only
  // when one value is rare, a fact of the data (a partial index), not of the code.
  if (chosen && columnType(chosen, table) === 'boolean') return undefined;
  if (chosen) return { table: table.name, reason: 'where', label: chosen.label, span: chosen.span, key: keyOf(chosen), ...notLeading(table, chosen) };
  const either = restrictions.find((item) => item.branches.length > 1);
  if (either) {
    const term = either.branches.map((branch) => branch.find((item) => !termServed(item, table, access))).find(Boolean) ?? either.branches[0]![0]!;
    return { table: table.name, reason: 'or', label: term.label, span: term.span, key: keyOf(term), ...notLeading(table, term) };
  }
  if (access.restrictions.length > 0) return undefined;
  const join = access.joins.find((item) => leadingIndex(table, { column: item.column }, access) === undefined);
  if (join && access.joins.every((item) => leadingIndex(table, { column: item.column }, access) === undefined)) {
    return { table: table.name, reason: 'join', label: join.column, span: join.span, key: { column: join.column }, ...notLeading(table, { column: join.column }) };
  }
  // A sort led by a column of a few values needs an index on every sort key, which is not what is suggested.
  const first = access.order?.[0];
  if (first && access.joins.length === 0 && selective(first)) return { table: table.name, reason: 'order', label: first.label, span: first.span, key: keyOf(first), ...notLeading(table, first) };
  return undefined;
}

/**
 * The predicate an index would most likely be built for, among the ANDed ones: equality on a
 * selective column first; a column of a few values (a boolean, an enum) only when nothing else is
 * filtered; `IS NULL` last: it may pick out a few pending rows, but beside another predicate it is
 * usually a soft-delete marker that most rows match.
 */
function pickTerm(terms: readonly Term[], selective: (term: Term) => boolean): Term | undefined {
  return (
    terms.find((term) => (term.op === 'eq' || term.op === 'in') && selective(term)) ??
    terms.find((term) => term.op !== 'null' && selective(term)) ??
    terms.find((term) => term.op !== 'null') ??
    terms[0]
  );
}

/**
 * `deletedAt IS NULL` on the column an ORM model soft-deletes with (`@DeleteDateColumn`, Sequelize's
 * `paranoid`): it matches the live rows, most of the table, so an index on it narrows nothing.
 * Alone, the query means to read every live row: not an index problem.
 */
function matchesLiveRows(term: Term, table: Table, schema: Schema): boolean {
  return term.op === 'null' && term.column !== undefined && schema.models.some((model) => model.table === table.name && model.softDelete === term.column);
}

/**
 * Whether an index on this column alone would narrow the rows much: not for a boolean or enum
 * column (a few values, each usually matching a large share of the rows).
 */
function isSelective(term: Term | OrderTerm, table: Table, schema: Schema): boolean {
  const type = columnType(term, table);
  if (type === undefined) return true;
  return type !== 'boolean' && ![...schema.enums.keys()].some((candidate) => unqualified(candidate) === type);
}

/** The column's type name, unqualified, `bool` spelled `boolean`; undefined for an expression or an unknown column. */
function columnType(term: Term | OrderTerm, table: Table): string | undefined {
  const type = term.column !== undefined ? table.columns.get(term.column)?.type : undefined;
  if (type === undefined) return undefined;
  const name = unqualified(type);
  return name === 'bool' ? 'boolean' : name;
}

/** `pg_catalog.bool`, `public."Role"` → `bool`, `role`. */
function unqualified(typeName: string): string {
  return typeName.split('.').pop()!.replace(/"/g, '').toLowerCase();
}

function keyOf(term: Term | OrderTerm): UncoveredAccess['key'] {
  return term.column !== undefined ? { column: term.column } : { expression: term.label };
}

function notLeading(table: Table, term: { column?: string; expression?: string }): { notLeading?: string } {
  const index = table.indexes.find((item) => item.keys.slice(1).some((key) => sameKey(key, term)));
  return index ? { notLeading: index.name } : {};
}

function restrictionServed(branches: readonly (readonly Term[])[], table: Table, access: Access): boolean {
  return branches.length > 0 && branches.every((branch) => branch.some((term) => termServed(term, table, access)));
}

function termServed(term: Term, table: Table, access: Access): boolean {
  // Rows named by their physical address are fetched directly (a TID scan), with no index.
  if (term.column === 'ctid' && (term.op === 'eq' || term.op === 'in')) return true;
  const index = leadingIndex(table, term, access);
  return index !== undefined && (index.method !== 'hash' || term.op === 'eq' || term.op === 'in');
}

/** ORDER BY keys that are a prefix of an index's keys: the index returns rows in order and the LIMIT stops early. */
function orderServed(order: readonly OrderTerm[] | undefined, table: Table, access: Access): boolean {
  if (!order?.length) return false;
  return table.indexes.some((index) => index.method === 'btree' && usable(index, access) && order.every((term, position) => index.keys[position] !== undefined && sameKey(index.keys[position]!, term)));
}

/** An index whose first key is this column or expression, usable for this access (its partial predicate is implied). */
export function leadingIndex(table: Table, term: { column?: string; expression?: string }, access: Access | undefined): Index | undefined {
  return table.indexes.find((index) => (index.method === 'btree' || index.method === 'hash') && index.keys[0] !== undefined && sameKey(index.keys[0], term) && usable(index, access));
}

/** A partial index serves a query only when the query states each conjunct of the index's WHERE. */
function usable(index: Index, access: Access | undefined): boolean {
  return index.where.every((conjunct) => access?.conjuncts.has(conjunct) === true);
}

function sameKey(key: IndexKey, term: { column?: string; expression?: string }): boolean {
  return isColumnKey(key) ? key.column === term.column : key.expression === term.expression;
}
