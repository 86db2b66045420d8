import type { Span } from '../findings';
import { deparse, type Node, type ParsedStatement } from './parser';

/** An index key: a plain column, or an expression (`lower(email)`) compared by its canonical text. */
export type IndexKey = { readonly column: string } | { readonly expression: string };

export interface Index {
  readonly name: string;
  readonly keys: readonly IndexKey[];
  readonly unique: boolean;
  /** `btree` serves equality, ranges and order; `hash` equality on its one key; others (gin, gist, brin) are not used here. */
  readonly method: string;
  /** Canonical conjuncts of a partial index's `WHERE`: the query must state each of them. */
  readonly where: readonly string[];
  /** SQL of the partial predicate and expression keys, for replaying the schema into a database. */
  readonly sql: { readonly keys: readonly string[]; readonly where?: string };
}

export interface Column {
  readonly name: string;
  /** SQL type as written (`varchar(20)`, `timestamptz`), used when the schema is replayed for EXPLAIN. */
  readonly type: string;
}

/**
 * A foreign key: columns of a table that hold the key of a row of another. PostgreSQL indexes the
 * referenced key, never the referencing columns: deleting a referenced row looks its referencing rows up.
 */
export interface ForeignKey {
  /** The constraint's name, as written or as PostgreSQL names it (`orders_customer_id_fkey`). */
  readonly name: string;
  readonly columns: readonly string[];
  /** The referenced table. */
  readonly references: string;
}

export interface Table {
  readonly name: string;
  readonly columns: Map<string, Column>;
  readonly indexes: Index[];
  readonly foreignKeys: ForeignKey[];
  /** Where the table is declared (a migration statement or a Prisma model). */
  readonly declared: Span;
  /** The Prisma model that maps to this table, when schema.prisma declares it. */
  model?: PrismaModelInfo;
}

export interface PrismaModelInfo {
  readonly name: string;
  /** Prisma field name → column name (`customerId` → `customer_id`). */
  readonly fields: ReadonlyMap<string, string>;
  /** Relation fields → the related model and the scalar fields that hold the key. */
  readonly relations: ReadonlyMap<string, { readonly model: string; readonly fields: readonly string[]; readonly references: readonly string[] }>;
  /** Where a fix adds `@@index(…)` in schema.prisma: the start of the closing brace's line, or the brace itself when it shares a line. */
  readonly insertAt: number;
  readonly braceOnOwnLine: boolean;
}

/** A schema file that could not be read fully: reported at its location, the rest still loads. */
export interface SchemaProblem {
  readonly span: Span;
  readonly message: string;
}

/** Tables, indexes and enum types of a project, from its migrations and schema.prisma. */
export interface Schema {
  readonly tables: Map<string, Table>;
  /** Views and materialized views: known names, no index reasoning. */
  readonly views: Set<string>;
  /** Enum types (`CREATE TYPE … AS ENUM`), replayed before the tables for EXPLAIN. */
  readonly enums: Map<string, string>;
  readonly problems: SchemaProblem[];
  /** Builder calls of migrations and models that could not be read without running them (computed names, loops): `--explain` lists them. */
  readonly unread: SchemaProblem[];
  /** ORM model classes (sequelize-typescript models, TypeORM entities), Drizzle table variables, and the tables they map to. */
  readonly models: OrmModel[];
  /** The files the schema came from, in the order they were applied. */
  readonly files: string[];
}

/** A model class of an ORM and how its attributes map to the columns of its table. */
export interface OrmModel {
  readonly orm: 'Sequelize' | 'TypeORM' | 'Drizzle';
  readonly className: string;
  readonly declared: Span;
  /** The table it maps to; undefined when the schema has none of the names the ORM would use. */
  readonly table?: string;
  /** The table names the ORM would use, for the note when none is in the schema. */
  readonly tried: readonly string[];
  /** Attribute (property) → column, where the model says. */
  readonly fields: ReadonlyMap<string, string>;
  /** Attributes and relations are stored in snake_case columns (Sequelize `underscored`). */
  readonly underscored: boolean;
  /** Many-to-one relation property → the column holding the related row's key (TypeORM `@JoinColumn`). */
  readonly joins: ReadonlyMap<string, string>;
  /** The soft-delete column: the ORM adds `column IS NULL` to every query (Sequelize `paranoid`, TypeORM `@DeleteDateColumn`). */
  readonly softDelete?: string;
  /** Columns declared by decorators of the project's own (`@EntityId()`): whether they are keys or indexed is not known. */
  readonly opaque?: ReadonlySet<string>;
  /** A base class was not read (imported through a path alias): it may make the model paranoid. */
  readonly unreadBase?: true;
}

export function emptySchema(): Schema {
  return { tables: new Map(), views: new Set(), enums: new Map(), problems: [], unread: [], models: [], files: [] };
}

/** Adds an index unless one with the same keys, uniqueness and predicate is already there (a model repeating its migration). */
export function addIndex(table: Table, index: { readonly name?: string; readonly columns: readonly string[]; readonly unique: boolean; readonly method?: string }): void {
  const { columns, unique } = index;
  if (columns.length === 0) return;
  const method = index.method ?? 'btree';
  const same = table.indexes.some((other) => other.method === method && other.where.length === 0 && (other.unique || !unique) && other.keys.length === columns.length && other.keys.every((key, position) => isColumnKey(key) && key.column === columns[position]));
  if (same) return;
  const name = index.name ?? `${table.name}_${columns.join('_')}_${unique ? 'key' : 'idx'}`;
  table.indexes.push({ name, keys: columns.map((column) => ({ column })), unique, method, where: [], sql: { keys: columns.map(quoteIdentifier) } });
}

/** Adds a foreign key unless the table has one on the same columns to the same table (a model repeating its migration). */
export function addForeignKey(table: Table, foreignKey: { readonly name?: string; readonly columns: readonly string[]; readonly references: string }): void {
  const { columns, references } = foreignKey;
  if (columns.length === 0 || table.foreignKeys.some((other) => other.references === references && other.columns.join() === columns.join())) return;
  table.foreignKeys.push({ name: foreignKey.name ?? `${table.name}_${columns.join('_')}_fkey`, columns, references });
}

/**
 * PostgreSQL's system columns, present on every table without being declared; `ctid` is a row's
 * physical address, so `WHERE ctid = …` / `ctid IN (…)` fetches rows directly (a TID scan).
 */
export const SYSTEM_COLUMNS: ReadonlySet<string> = new Set(['ctid', 'xmin', 'xmax', 'cmin', 'cmax', 'tableoid']);

/** Whether a column exists on the table: declared, or one of PostgreSQL's system columns. */
export function hasColumn(table: Table, column: string): boolean {
  return table.columns.has(column) || SYSTEM_COLUMNS.has(column);
}

export function isColumnKey(key: IndexKey): key is { readonly column: string } {
  return 'column' in key;
}

/** Text of a list of `String` nodes (`names`, `keys`, `fields`). */
export function names(nodes: readonly Node[] | undefined): string[] {
  return (nodes ?? []).flatMap((node) => ('String' in node && node.String.sval !== undefined ? [node.String.sval] : []));
}

/** A qualified name reduced to what the schema keys on: `public.users` → `users`, `audit.events` stays qualified. */
export function relationKey(schemaName: string | undefined, name: string): string {
  return !schemaName || schemaName === 'public' ? name : `${schemaName}.${name}`;
}

/**
 * The canonical text of an expression, with column qualifiers dropped, so that `lower(u.email)` in a
 * query and `lower(email)` in an index compare equal.
 */
export function expressionKey(node: Node): string {
  return deparse(stripQualifiers(node));
}

function stripQualifiers(node: Node): Node {
  const copy = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(copy);
    if (typeof value !== 'object' || value === null) return value;
    const record = value as Record<string, unknown>;
    if ('ColumnRef' in record) {
      const fields = (record['ColumnRef'] as { fields?: Node[] }).fields ?? [];
      return { ColumnRef: { fields: fields.slice(-1) } };
    }
    return Object.fromEntries(Object.entries(record).filter(([key]) => key !== 'location').map(([key, item]) => [key, copy(item)]));
  };
  return copy(node) as Node;
}

/** The conjuncts of an `AND` tree (a single predicate is one conjunct). */
export function conjuncts(node: Node | undefined): Node[] {
  if (!node) return [];
  if ('BoolExpr' in node && node.BoolExpr.boolop === 'AND_EXPR') return (node.BoolExpr.args ?? []).flatMap(conjuncts);
  return [node];
}

/**
 * Applies parsed migration statements to a schema, in order. Statements that do not change tables or
 * indexes (data changes, grants, functions) are skipped; so is anything that names a table the schema
 * does not have, since a migration may depend on objects created outside the repository.
 */
export function applyStatements(schema: Schema, file: string, statements: readonly ParsedStatement[], text: string): void {
  for (const statement of statements) {
    const declared = { file, start: statement.start + leadingSpace(text, statement.start, statement.end), end: statement.end };
    applyStatement(schema, statement.node, declared);
  }
}

function leadingSpace(text: string, start: number, end: number): number {
  const match = /^(\s|--[^\n]*\n)*/.exec(text.slice(start, end));
  return match ? match[0].length : 0;
}

/** Applies one parsed statement (a migration's, or SQL a migration builder sends as written). */
export function applyStatement(schema: Schema, node: Node, declared: Span): void {
  if ('CreateStmt' in node) return createTable(schema, node.CreateStmt, declared);
  if ('IndexStmt' in node) return createIndex(schema, node.IndexStmt);
  if ('AlterTableStmt' in node) return alterTable(schema, node.AlterTableStmt);
  if ('RenameStmt' in node) return rename(schema, node.RenameStmt);
  if ('DropStmt' in node) return drop(schema, node.DropStmt);
  if ('ViewStmt' in node && node.ViewStmt.view?.relname) {
    schema.views.add(relationKey(node.ViewStmt.view.schemaname, node.ViewStmt.view.relname));
    return;
  }
  if ('CreateTableAsStmt' in node && node.CreateTableAsStmt.into?.rel?.relname) {
    const rel = node.CreateTableAsStmt.into.rel;
    schema.views.add(relationKey(rel.schemaname, rel.relname!));
    return;
  }
  if ('CreateEnumStmt' in node) {
    const name = names(node.CreateEnumStmt.typeName).join('.');
    schema.enums.set(name, deparse(node));
  }
}

type CreateStmt = Extract<Node, { CreateStmt: unknown }>['CreateStmt'];
type IndexStmt = Extract<Node, { IndexStmt: unknown }>['IndexStmt'];
type AlterTableStmt = Extract<Node, { AlterTableStmt: unknown }>['AlterTableStmt'];
type RenameStmt = Extract<Node, { RenameStmt: unknown }>['RenameStmt'];
type DropStmt = Extract<Node, { DropStmt: unknown }>['DropStmt'];
type Constraint = Extract<Node, { Constraint: unknown }>['Constraint'];
type ColumnDef = Extract<Node, { ColumnDef: unknown }>['ColumnDef'];

function tableOf(schema: Schema, relation: { schemaname?: string; relname?: string } | undefined): Table | undefined {
  return relation?.relname ? schema.tables.get(relationKey(relation.schemaname, relation.relname)) : undefined;
}

function createTable(schema: Schema, statement: CreateStmt, declared: Span): void {
  const relation = statement.relation;
  if (!relation?.relname) return;
  const key = relationKey(relation.schemaname, relation.relname);
  if (statement.if_not_exists && schema.tables.has(key)) return;
  const table: Table = { name: key, columns: new Map(), indexes: [], foreignKeys: [], declared };
  schema.tables.set(key, table);
  for (const element of statement.tableElts ?? []) {
    if ('ColumnDef' in element) addColumn(table, element.ColumnDef);
    else if ('Constraint' in element) addConstraint(table, element.Constraint, undefined);
    else if ('TableLikeClause' in element) copyColumns(table, tableOf(schema, element.TableLikeClause.relation));
  }
}

function copyColumns(table: Table, source: Table | undefined): void {
  for (const column of source?.columns.values() ?? []) table.columns.set(column.name, column);
}

function addColumn(table: Table, definition: ColumnDef): void {
  if (!definition.colname) return;
  const type = definition.typeName ? deparse({ TypeName: definition.typeName }) : 'text';
  table.columns.set(definition.colname, { name: definition.colname, type });
  for (const constraint of definition.constraints ?? []) {
    if ('Constraint' in constraint) addConstraint(table, constraint.Constraint, definition.colname);
  }
}

/** PRIMARY KEY and UNIQUE constraints are backed by unique btree indexes; FOREIGN KEY ones by none. */
function addConstraint(table: Table, constraint: Constraint, column: string | undefined): void {
  if (constraint.contype === 'CONSTR_FOREIGN' && constraint.pktable?.relname) {
    const columns = column ? [column] : names(constraint.fk_attrs);
    const references = relationKey(constraint.pktable.schemaname, constraint.pktable.relname);
    return addForeignKey(table, { ...(constraint.conname ? { name: constraint.conname } : {}), columns, references });
  }
  if (constraint.contype !== 'CONSTR_PRIMARY' && constraint.contype !== 'CONSTR_UNIQUE') return;
  const columns = column ? [column] : names(constraint.keys);
  if (columns.length === 0) return;
  const suffix = constraint.contype === 'CONSTR_PRIMARY' ? 'pkey' : `${columns.join('_')}_key`;
  const name = constraint.conname ?? `${table.name}_${suffix}`;
  table.indexes.push({ name, keys: columns.map((item) => ({ column: item })), unique: true, method: 'btree', where: [], sql: { keys: columns.map(quoteIdentifier) } });
}

function createIndex(schema: Schema, statement: IndexStmt): void {
  const table = tableOf(schema, statement.relation);
  if (!table) return;
  const keys: IndexKey[] = [];
  const keySql: string[] = [];
  for (const param of statement.indexParams ?? []) {
    if (!('IndexElem' in param)) continue;
    const element = param.IndexElem;
    if (element.name) {
      keys.push({ column: element.name });
      keySql.push(quoteIdentifier(element.name));
    } else if (element.expr) {
      keys.push({ expression: expressionKey(element.expr) });
      keySql.push(`(${deparse(element.expr)})`);
    }
  }
  const name = statement.idxname ?? `${table.name}_${keys.map((key) => (isColumnKey(key) ? key.column : 'expr')).join('_')}_idx`;
  if (statement.if_not_exists && table.indexes.some((index) => index.name === name)) return;
  const where = conjuncts(statement.whereClause).map(expressionKey);
  table.indexes.push({
    name,
    keys,
    unique: statement.unique === true,
    method: statement.accessMethod ?? 'btree',
    where,
    sql: { keys: keySql, ...(statement.whereClause ? { where: deparse(statement.whereClause) } : {}) },
  });
}

function alterTable(schema: Schema, statement: AlterTableStmt): void {
  const table = tableOf(schema, statement.relation);
  if (!table) return;
  for (const command of statement.cmds ?? []) {
    if (!('AlterTableCmd' in command)) continue;
    const { subtype, def, name } = command.AlterTableCmd;
    if (subtype === 'AT_AddColumn' && def && 'ColumnDef' in def) addColumn(table, def.ColumnDef);
    else if (subtype === 'AT_AddConstraint' && def && 'Constraint' in def) addConstraint(table, def.Constraint, undefined);
    else if (subtype === 'AT_DropConstraint' && name) {
      removeIndexes(table, (index) => index.name === name);
      removeForeignKeys(table, (foreignKey) => foreignKey.name === name);
    } else if (subtype === 'AT_DropColumn' && name) {
      table.columns.delete(name);
      removeForeignKeys(table, (foreignKey) => foreignKey.columns.includes(name));
      // PostgreSQL drops every index that uses the column.
      removeIndexes(table, (index) => index.keys.some((key) => isColumnKey(key) && key.column === name));
    } else if (subtype === 'AT_AlterColumnType' && name && def && 'ColumnDef' in def && def.ColumnDef.typeName) {
      table.columns.set(name, { name, type: deparse({ TypeName: def.ColumnDef.typeName }) });
    }
  }
}

export function removeIndexes(table: Table, doomed: (index: Index) => boolean): void {
  const kept = table.indexes.filter((index) => !doomed(index));
  table.indexes.splice(0, table.indexes.length, ...kept);
}

export function removeForeignKeys(table: Table, doomed: (foreignKey: ForeignKey) => boolean): void {
  const kept = table.foreignKeys.filter((foreignKey) => !doomed(foreignKey));
  table.foreignKeys.splice(0, table.foreignKeys.length, ...kept);
}

function rename(schema: Schema, statement: RenameStmt): void {
  const newName = statement.newname;
  if (!newName) return;
  if (statement.renameType === 'OBJECT_TABLE') {
    const table = tableOf(schema, statement.relation);
    if (!table) return;
    schema.tables.delete(table.name);
    const key = relationKey(statement.relation?.schemaname, newName);
    schema.tables.set(key, { ...table, name: key });
    for (const other of schema.tables.values()) {
      const moved = other.foreignKeys.map((foreignKey) => (foreignKey.references === table.name ? { ...foreignKey, references: key } : foreignKey));
      other.foreignKeys.splice(0, other.foreignKeys.length, ...moved);
    }
  } else if (statement.renameType === 'OBJECT_COLUMN' && statement.subname) {
    const table = tableOf(schema, statement.relation);
    const column = table?.columns.get(statement.subname);
    if (!table || !column) return;
    table.columns.delete(column.name);
    table.columns.set(newName, { ...column, name: newName });
    const renamed = table.indexes.map((index) => ({ ...index, keys: index.keys.map((key) => (isColumnKey(key) && key.column === statement.subname ? { column: newName } : key)) }));
    table.indexes.splice(0, table.indexes.length, ...renamed);
    const keys = table.foreignKeys.map((foreignKey) => ({ ...foreignKey, columns: foreignKey.columns.map((item) => (item === statement.subname ? newName : item)) }));
    table.foreignKeys.splice(0, table.foreignKeys.length, ...keys);
  } else if (statement.renameType === 'OBJECT_INDEX' && statement.relation?.relname) {
    const oldName = statement.relation.relname;
    for (const table of schema.tables.values()) {
      const renamed = table.indexes.map((index) => (index.name === oldName ? { ...index, name: newName } : index));
      table.indexes.splice(0, table.indexes.length, ...renamed);
    }
  }
}

function drop(schema: Schema, statement: DropStmt): void {
  for (const object of statement.objects ?? []) {
    const parts = 'List' in object ? names(object.List.items) : [];
    const name = parts[parts.length - 1];
    if (!name) continue;
    const key = relationKey(parts.length > 1 ? parts[0] : undefined, name);
    if (statement.removeType === 'OBJECT_TABLE') dropTable(schema, key);
    else if (statement.removeType === 'OBJECT_VIEW' || statement.removeType === 'OBJECT_MATVIEW') schema.views.delete(key);
    else if (statement.removeType === 'OBJECT_INDEX') for (const table of schema.tables.values()) removeIndexes(table, (index) => index.name === name);
  }
}

/** Drops a table and, as `DROP TABLE … CASCADE` must, the foreign keys that reference it. */
export function dropTable(schema: Schema, name: string): void {
  if (!schema.tables.delete(name)) return;
  for (const table of schema.tables.values()) removeForeignKeys(table, (foreignKey) => foreignKey.references === name);
}

/** An identifier as SQL: bare when PostgreSQL would read it back unchanged, quoted otherwise. */
export function quoteIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** Reserved words that table and column names run into most often. */
const RESERVED = new Set(['all', 'and', 'any', 'array', 'as', 'asc', 'check', 'column', 'constraint', 'create', 'default', 'desc', 'distinct', 'do', 'end', 'except', 'false', 'for', 'foreign', 'from', 'grant', 'group', 'having', 'in', 'limit', 'not', 'null', 'offset', 'on', 'only', 'or', 'order', 'primary', 'references', 'select', 'table', 'then', 'to', 'true', 'union', 'unique', 'user', 'using', 'when', 'where', 'with']);
