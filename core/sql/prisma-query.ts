import ts from 'typescript';
import type { IoIndex, IoSite } from '../io-sites';
import { parseSql } from './parser';
import type { Access, OrderTerm, QueryScope, Restriction, Term, TermOp } from './query';
import { expressionKey, quoteIdentifier, type Schema, type Table } from './schema';

/**
 * Prisma's query API read as SQL: a delegate call's `where` (AND, OR, relation filters), `orderBy`
 * and `take`, mapped to tables and columns through schema.prisma.
 */

/** Delegate methods whose argument has a `where`; findFirst reads one row, as `LIMIT 1`. */
const WHERE_METHODS = new Set(['findMany', 'findFirst', 'findFirstOrThrow', 'findUnique', 'findUniqueOrThrow', 'count', 'aggregate', 'groupBy', 'updateMany', 'deleteMany', 'update', 'delete', 'upsert']);
const LIMIT_ONE = new Set(['findFirst', 'findFirstOrThrow']);
const DELETE_METHODS = new Set(['delete', 'deleteMany']);
const FILTER_OPS: Readonly<Record<string, TermOp>> = { equals: 'eq', in: 'in', gt: 'range', gte: 'range', lt: 'range', lte: 'range', startsWith: 'like' };
const RELATION_FILTERS = new Set(['is', 'isNot', 'some', 'every', 'none']);

/** The table accesses of a Prisma delegate call, or undefined when it is not one or its model is unknown. */
export function prismaScopes(site: IoSite, schema: Schema, io: IoIndex): QueryScope[] | undefined {
  const trace = site.traces[0];
  if (site.through || trace?.io.library !== 'Prisma' || !WHERE_METHODS.has(trace.io.member) || !ts.isCallExpression(site.node)) return undefined;
  const callee = site.node.expression;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const table = tableOfDelegate(site.node, schema, io);
  if (!table) return undefined;
  const argument = site.node.arguments[0];
  const reader = new WhereReader(schema);
  const main = reader.newAccess(table, { start: callee.name.getStart(), end: callee.name.getEnd() });
  if (DELETE_METHODS.has(trace.io.member)) main.access.deletes = true;
  if (argument && ts.isObjectLiteralExpression(argument)) {
    const where = propertyValue(argument, 'where');
    if (where && ts.isObjectLiteralExpression(where)) reader.where(where, table, main);
    const orderBy = propertyValue(argument, 'orderBy');
    const limited = LIMIT_ONE.has(trace.io.member) || propertyValue(argument, 'take') !== undefined;
    if (orderBy && limited) main.access.order = orderTerms(orderBy, table);
    // Related rows of a few rows are read by their foreign key; of every row, they are all read anyway.
    if (limited || main.access.restrictions.length > 0) for (const key of ['include', 'select']) reader.included(propertyValue(argument, key), table);
  }
  return reader.scopes;
}

/**
 * The model a delegate serves, from the type that declares the method (`OrderDelegate` → model
 * `Order`), else from the client's property the delegate is (`prisma.orderItem` → model `OrderItem`:
 * Prisma names it after the model), where no `…Delegate` declares it: an extended client's delegates
 * are a mapped type of the runtime, and without node_modules nothing declares them.
 */
function tableOfDelegate(call: ts.CallExpression, schema: Schema, io: IoIndex): Table | undefined {
  const declaration = io.classifier.resolvedDeclaration(call);
  const origin = declaration && io.classifier.origins.originOf(declaration);
  const container = origin?.path[origin.path.length - 2];
  const receiver = ts.isPropertyAccessExpression(call.expression) ? call.expression.expression : undefined;
  const model = container?.endsWith('Delegate') ? container.slice(0, -'Delegate'.length) : receiver && ts.isPropertyAccessExpression(receiver) ? receiver.name.text : undefined;
  if (!model) return undefined;
  return [...schema.tables.values()].find((table) => table.model?.name.toLowerCase() === model.toLowerCase());
}

interface ScopeAccess {
  readonly scope: QueryScope;
  readonly access: Access;
}

class WhereReader {
  readonly scopes: QueryScope[] = [];

  constructor(private readonly schema: Schema) {}

  newAccess(table: Table, span: { start: number; end: number }): ScopeAccess {
    const access: Access = { table: table.name, span, restrictions: [], joins: [], conjuncts: new Set() };
    const scope: QueryScope = { accesses: [access] };
    this.scopes.push(scope);
    return { scope, access };
  }

  /**
   * `include: { posts: true }` (or `select`) of a relation whose key the related table holds: Prisma
   * reads the related rows with `WHERE author_id IN (…)`, a scope of its own.
   */
  included(value: ts.Expression | undefined, table: Table): void {
    if (!value || !ts.isObjectLiteralExpression(value)) return;
    for (const property of value.properties) {
      const name = propertyName(property);
      const relation = name === undefined ? undefined : table.model?.relations.get(name);
      if (!relation || relation.fields.length > 0 || propertyInitializer(property)?.kind === ts.SyntaxKind.FalseKeyword) continue;
      const related = this.relatedTable(relation.model);
      const foreignKey = related && this.foreignKeyTo(related, table);
      if (!related || foreignKey === undefined) continue;
      const nameNode = property.name ?? property;
      const span = { start: nameNode.getStart(), end: nameNode.getEnd() };
      this.newAccess(related, span).access.restrictions.push({ branches: [[{ column: foreignKey, label: foreignKey, op: 'in', span }]] });
    }
  }

  private relatedTable(model: string): Table | undefined {
    return [...this.schema.tables.values()].find((item) => item.model?.name === model);
  }

  /** The column of `related` that holds the key of a row of `table` (the first field of its relation back); none when two relations lead back (their names are not read). */
  private foreignKeyTo(related: Table, table: Table): string | undefined {
    const [back, other] = [...(related.model?.relations.values() ?? [])].filter((item) => item.model === table.model!.name && item.fields.length > 0);
    return back && !other ? related.model!.fields.get(back.fields[0]!) : undefined;
  }

  /** Adds the conjuncts of a `where` object to the access. */
  where(where: ts.ObjectLiteralExpression, table: Table, target: ScopeAccess): void {
    for (const restriction of this.restrictions(where, table, target)) target.access.restrictions.push(restriction);
  }

  private restrictions(where: ts.ObjectLiteralExpression, table: Table, target: ScopeAccess): Restriction[] {
    const found: Restriction[] = [];
    for (const property of where.properties) {
      const name = propertyName(property);
      const value = propertyInitializer(property);
      if (name === undefined || !value) continue;
      if (name === 'AND') {
        for (const item of objectsOf(value)) found.push(...this.restrictions(item, table, target));
      } else if (name === 'OR') {
        const branches = objectsOf(value).map((item) => this.restrictions(item, table, target).flatMap((restriction) => (restriction.branches.length === 1 ? restriction.branches[0]! : [])));
        if (branches.length > 0) found.push({ branches });
      } else if (table.model?.relations.has(name)) {
        const term = this.relationFilter(name, value, table, property);
        if (term) found.push({ branches: [[term]] });
      } else {
        const column = table.model?.fields.get(name);
        const term = column === undefined ? undefined : scalarTerm(column, value, property);
        if (!term) continue;
        found.push({ branches: [[term]] });
        const conjunct = conjunctKey(column!, value);
        if (conjunct) target.access.conjuncts.add(conjunct);
      }
    }
    return found;
  }

  /**
   * `customer: { email }` on the side that holds the key reads `customer_id IN (SELECT id FROM customers WHERE …)`;
   * `orders: { some: { status } }` reads orders by their key back to this row. The related table is a scope of its own.
   */
  private relationFilter(name: string, value: ts.Expression, table: Table, property: ts.ObjectLiteralElementLike): Term | undefined {
    const relation = table.model!.relations.get(name)!;
    const related = this.relatedTable(relation.model);
    if (!related || !ts.isObjectLiteralExpression(value)) return undefined;
    const nameNode = property.name ?? property;
    const span = { start: nameNode.getStart(), end: nameNode.getEnd() };
    const filters = value.properties.filter((item) => RELATION_FILTERS.has(propertyName(item) ?? ''));
    const inner = filters.length ? filters.map(propertyInitializer).find((item): item is ts.ObjectLiteralExpression => item !== undefined && ts.isObjectLiteralExpression(item)) : value;
    const target = this.newAccess(related, span);
    if (inner) this.where(inner, related, target);
    if (relation.fields.length > 0) {
      const column = table.model!.fields.get(relation.fields[0]!);
      return column === undefined ? undefined : { column, label: column, op: 'in', span };
    }
    // The key is on the related side: each related row is found by its foreign key.
    const foreignKey = this.foreignKeyTo(related, table);
    if (foreignKey !== undefined) target.access.restrictions.push({ branches: [[{ column: foreignKey, label: foreignKey, op: 'in', span }]] });
    return undefined;
  }
}

/** A scalar filter: a value (equality), `null` (IS NULL), or a filter object with a sargable operator. */
function scalarTerm(column: string, value: ts.Expression, property: ts.ObjectLiteralElementLike): Term | undefined {
  const nameNode = property.name ?? property;
  const span = { start: nameNode.getStart(), end: nameNode.getEnd() };
  if (value.kind === ts.SyntaxKind.NullKeyword) return { column, label: column, op: 'null', span };
  if (!ts.isObjectLiteralExpression(value)) return { column, label: column, op: 'eq', span };
  const names = value.properties.map(propertyName);
  // `mode: 'insensitive'` compares lower-cased values: a plain index on the column does not serve it.
  if (names.includes('mode')) return undefined;
  const op = names.map((name) => FILTER_OPS[name ?? '']).find((item) => item !== undefined);
  return op ? { column, label: column, op, span } : undefined;
}

/** The canonical text of `column = literal` / `column IS NULL`, to match partial indexes. */
export function conjunctKey(column: string, value: ts.Expression): string | undefined {
  let literal: string | undefined;
  if (value.kind === ts.SyntaxKind.NullKeyword) return canonical(`${quoteIdentifier(column)} IS NULL`);
  if (value.kind === ts.SyntaxKind.TrueKeyword || value.kind === ts.SyntaxKind.FalseKeyword) literal = value.getText();
  else if (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) literal = `'${value.text.replace(/'/g, "''")}'`;
  else if (ts.isNumericLiteral(value)) literal = value.text;
  return literal === undefined ? undefined : canonical(`${quoteIdentifier(column)} = ${literal}`);
}

function canonical(condition: string): string | undefined {
  const parsed = parseSql(`SELECT 1 WHERE ${condition}`);
  if (!parsed.ok) return undefined;
  const statement = parsed.statements[0]?.node;
  const where = statement && 'SelectStmt' in statement ? statement.SelectStmt.whereClause : undefined;
  return where ? expressionKey(where) : undefined;
}

function orderTerms(orderBy: ts.Expression, table: Table): OrderTerm[] | undefined {
  const terms: OrderTerm[] = [];
  for (const item of ts.isArrayLiteralExpression(orderBy) ? orderBy.elements : [orderBy]) {
    if (!ts.isObjectLiteralExpression(item)) return undefined;
    for (const property of item.properties) {
      const name = propertyName(property);
      const column = name === undefined ? undefined : table.model?.fields.get(name);
      if (column === undefined) return undefined;
      const nameNode = property.name ?? property;
      terms.push({ column, label: column, span: { start: nameNode.getStart(), end: nameNode.getEnd() } });
    }
  }
  return terms.length ? terms : undefined;
}

function objectsOf(value: ts.Expression): ts.ObjectLiteralExpression[] {
  if (ts.isObjectLiteralExpression(value)) return [value];
  if (ts.isArrayLiteralExpression(value)) return value.elements.filter(ts.isObjectLiteralExpression);
  return [];
}

function propertyName(property: ts.ObjectLiteralElementLike): string | undefined {
  if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) return undefined;
  const name = property.name;
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

function propertyInitializer(property: ts.ObjectLiteralElementLike): ts.Expression | undefined {
  if (ts.isPropertyAssignment(property)) return property.initializer;
  if (ts.isShorthandPropertyAssignment(property)) return property.name;
  return undefined;
}

export function propertyValue(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  const property = object.properties.find((item) => propertyName(item) === name);
  return property && propertyInitializer(property);
}
