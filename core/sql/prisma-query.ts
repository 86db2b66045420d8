import ts from 'typescript';
import type { IoIndex, IoSite } from '../io-sites';
import { parseSql } from './parser';
import type { Access, OrderTerm, QueryScope, Range, Restriction, Term, TermOp } from './query';
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
  const reader = new WhereReader(schema, io.checker);
  const main = reader.newAccess(table, { start: callee.name.getStart(), end: callee.name.getEnd() });
  if (DELETE_METHODS.has(trace.io.member)) main.access.deletes = true;
  if (argument && ts.isObjectLiteralExpression(argument)) {
    const where = propertyValue(argument, 'where');
    const entries = where && whereEntries(where, io.checker);
    if (entries) reader.where(entries, table, main);
    // A filter not read (built by a function, spread, passed in) may be what an index serves: the sort is not judged either.
    const unread = where !== undefined && !entries;
    const orderBy = propertyValue(argument, 'orderBy');
    const limited = LIMIT_ONE.has(trace.io.member) || propertyValue(argument, 'take') !== undefined;
    if (orderBy && limited && !unread) main.access.order = orderTerms(orderBy, table);
    // Related rows of a few rows are read by their foreign key; of every row, they are all read anyway.
    if (limited || unread || main.access.restrictions.length > 0) for (const key of ['include', 'select']) reader.included(propertyValue(argument, key), table);
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

  constructor(
    private readonly schema: Schema,
    private readonly checker: ts.TypeChecker,
  ) {}

  newAccess(table: Table, span: { start: number; end: number }): ScopeAccess {
    const access: Access = { table: table.name, span, restrictions: [], joins: [], conjuncts: new Set() };
    const scope: QueryScope = { accesses: [access] };
    this.scopes.push(scope);
    return { scope, access };
  }

  /** An access to `related` in the scope of `to`, joined by `to`'s key column to the column of `related` it references. */
  private joinedAccess(related: Table, span: Range, to: ScopeAccess, key: { readonly column: string; readonly referenced: string }): ScopeAccess {
    const access: Access = { table: related.name, span, restrictions: [], joins: [], conjuncts: new Set() };
    const accesses = to.scope.accesses;
    const partner = accesses.indexOf(to.access);
    accesses.push(access);
    access.joins.push({ column: key.referenced, span, partner });
    to.access.joins.push({ column: key.column, span, partner: accesses.length - 1 });
    return { scope: to.scope, access };
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

  /** Adds the conjuncts of a `where` to the access. */
  where(where: readonly WhereEntry[], table: Table, target: ScopeAccess): void {
    for (const restriction of this.restrictions(where, table, target)) target.access.restrictions.push(restriction);
  }

  /** `anded`: the keys are conjuncts of the whole query (not inside an `OR`). */
  private restrictions(where: readonly WhereEntry[], table: Table, target: ScopeAccess, anded = true): Restriction[] {
    const found: Restriction[] = [];
    for (const { name, value, nameNode } of where) {
      if (name === 'AND') {
        for (const item of objectsOf(value)) found.push(...this.restrictions(entriesOf(item), table, target, anded));
      } else if (name === 'OR') {
        const branches = objectsOf(value).map((item) => this.restrictions(entriesOf(item), table, target, false).flatMap((restriction) => (restriction.branches.length === 1 ? restriction.branches[0]! : [])));
        if (branches.length > 0) found.push({ branches });
      } else if (table.model?.relations.has(name)) {
        if (!ts.isObjectLiteralExpression(value) && !mayBeUndefined(value, this.checker)) target.access.unread = true;
        const term = this.relationFilter(name, value, table, nameNode, anded ? target : undefined);
        if (term) found.push({ branches: [[term]] });
      } else {
        const column = table.model?.fields.get(name);
        if (column === undefined && name !== 'NOT') target.access.unread = true;
        // Prisma drops a key whose value is undefined: a filter that may be absent serves nothing.
        const term = column === undefined || mayBeUndefined(value, this.checker) ? undefined : scalarTerm(column, value, nameNode);
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
  private relationFilter(name: string, value: ts.Expression, table: Table, nameNode: ts.Node, joinTo: ScopeAccess | undefined): Term | undefined {
    const relation = table.model!.relations.get(name)!;
    const related = this.relatedTable(relation.model);
    if (!related || !ts.isObjectLiteralExpression(value)) return undefined;
    const span = { start: nameNode.getStart(), end: nameNode.getEnd() };
    const filters = value.properties.filter((item) => RELATION_FILTERS.has(propertyName(item) ?? ''));
    const inner = filters.length ? filters.map(propertyInitializer).find((item): item is ts.ObjectLiteralExpression => item !== undefined && ts.isObjectLiteralExpression(item)) : value;
    const referenced = relation.fields.length > 0 ? related.model?.fields.get(relation.references[0] ?? '') : undefined;
    const column = relation.fields.length > 0 ? table.model!.fields.get(relation.fields[0]!) : undefined;
    if (joinTo && column !== undefined && referenced !== undefined) {
      // A conjunct: PostgreSQL may find the rows by this table's other filters and fetch each one's
      // related row by the key it references, so the related table is a join of the same query.
      const target = this.joinedAccess(related, span, joinTo, { column, referenced });
      if (inner) this.where(entriesOf(inner), related, target);
      return undefined;
    }
    const target = this.newAccess(related, span);
    if (inner) this.where(entriesOf(inner), related, target);
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
function scalarTerm(column: string, value: ts.Expression, nameNode: ts.Node): Term | undefined {
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

/** A key of a `where` and its value, with the node a finding points at. */
interface WhereEntry {
  readonly name: string;
  readonly value: ts.Expression;
  readonly nameNode: ts.Node;
}

function entriesOf(object: ts.ObjectLiteralExpression): WhereEntry[] {
  return object.properties.flatMap((property) => {
    const name = propertyName(property);
    const value = propertyInitializer(property);
    return name !== undefined && value ? [{ name, value, nameNode: property.name ?? property }] : [];
  });
}

/**
 * The keys of a `where`: a literal's, or those of a constant initialised with one (`const where:
 * Prisma.XWhereInput = { … }`) plus the keys the code adds to it (`where.name = …`, perhaps under an
 * `if`: read as if always there, which only makes the query look better served). Undefined when the
 * object is built any other way (by a function, a spread, a parameter): what it filters is unknown.
 */
function whereEntries(where: ts.Expression, checker: ts.TypeChecker): WhereEntry[] | undefined {
  if (ts.isObjectLiteralExpression(where)) return entriesOf(where);
  if (!ts.isIdentifier(where)) return undefined;
  const symbol = variableAt(where, checker);
  const declaration = symbol?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return undefined;
  const initializer = declaration.initializer;
  if (!initializer || !ts.isObjectLiteralExpression(initializer) || initializer.properties.some((item) => !ts.isPropertyAssignment(item) && !ts.isShorthandPropertyAssignment(item))) return undefined;
  const added: WhereEntry[] = [];
  let escapes = false;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node !== declaration.name && node !== where && variableAt(node, checker) === symbol) {
      const access = node.parent;
      const assignment = ts.isPropertyAccessExpression(access) && access.expression === node ? access.parent : undefined;
      if (ts.isPropertyAccessExpression(access) && assignment && ts.isBinaryExpression(assignment) && assignment.left === access && assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        added.push({ name: access.name.text, value: assignment.right, nameNode: access.name });
      } else if (!((ts.isShorthandPropertyAssignment(access) || (ts.isPropertyAssignment(access) && access.initializer === node)) && propertyName(access) === 'where')) {
        // Handed elsewhere (a helper that adds to it, an alias): keys may be added that are not read.
        escapes = true;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(declaration.getSourceFile());
  return escapes ? undefined : [...entriesOf(initializer), ...added];
}

function mayBeUndefined(value: ts.Expression, checker: ts.TypeChecker): boolean {
  const type = checker.getTypeAtLocation(value);
  return (type.isUnion() ? type.types : [type]).some((part) => (part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0);
}

/** The variable an identifier refers to; `{ where }` names the property, its value is the variable. */
function variableAt(node: ts.Identifier, checker: ts.TypeChecker): ts.Symbol | undefined {
  return ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node ? checker.getShorthandAssignmentValueSymbol(node.parent) : checker.getSymbolAtLocation(node);
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
