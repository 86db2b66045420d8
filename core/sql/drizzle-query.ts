import path from 'node:path';
import ts from 'typescript';
import type { IoIndex, IoSite } from '../io-sites';
import { conjunctKey } from './prisma-query';
import type { Access, OrderTerm, QueryScope, Restriction, Term, TermOp } from './query';
import type { OrmModel, Schema, Table } from './schema';
import { callChain, propertyOf } from './static-code';

/**
 * Drizzle's query builder read as the SQL it sends, for one-table chains:
 * `db.select().from(users).where(and(eq(users.email, e), gt(users.createdAt, d))).orderBy(desc(…)).limit(n)`,
 * `db.update(t).set(…).where(…)`, `db.delete(t).where(…)`, and the relational API's
 * `db.query.users.findMany({ where, orderBy, limit })`. Every link, operator and table is told from
 * the declaration the checker resolves it to (drizzle-orm's, a table variable the schema reader
 * mapped); a join, a subquery, SQL written out or a condition built elsewhere leaves the chain unread.
 */

const MODULE = 'drizzle-orm';
/** Links that start a chain on a table, or do not change which rows are read. */
const TABLE_LINKS = new Set(['from', 'update', 'delete']);
const NEUTRAL_LINKS = new Set(['select', 'selectDistinct', 'selectDistinctOn', 'set', 'returning', 'offset', 'for', '$dynamic', 'groupBy']);
const OPERATORS: Readonly<Record<string, TermOp>> = { eq: 'eq', gt: 'range', gte: 'range', lt: 'range', lte: 'range', between: 'range', inArray: 'in', isNull: 'null', like: 'like' };
/** Conditions no btree index serves: left out, the others still count. */
const UNSERVED = new Set(['ne', 'notInArray', 'isNotNull', 'notBetween', 'notLike', 'ilike', 'notIlike', 'not']);
const RELATIONAL_MEMBERS = new Set(['findMany', 'findFirst']);

/** The table access of an awaited Drizzle chain, or undefined when it is not one this reads. */
export function drizzleScopes(site: IoSite, schema: Schema, io: IoIndex): QueryScope[] | undefined {
  const trace = site.traces[0];
  if (site.through || trace?.io.library !== 'Drizzle' || !ts.isCallExpression(site.node)) return undefined;
  const reader = new DrizzleChain(schema, io);
  return reader.relational(site.node) ?? reader.builder(site.node);
}

class DrizzleChain {
  constructor(
    private readonly schema: Schema,
    private readonly io: IoIndex,
  ) {}

  /** `select().from(t).where(…).orderBy(…).limit(n)`, `update(t).set(…).where(…)`, `delete(t).where(…)`. */
  builder(node: ts.CallExpression): QueryScope[] | undefined {
    const { calls } = callChain(node);
    let access: Access | undefined;
    let reader: ConditionReader | undefined;
    let order: OrderTerm[] | undefined;
    let limited = false;
    let grouped = false;
    for (const { call } of calls) {
      const link = this.member(call);
      if (link === undefined) return undefined;
      if (TABLE_LINKS.has(link)) {
        const found = call.arguments[0] && this.tableOf(call.arguments[0]);
        if (!found || access) return undefined;
        access = { table: found.table.name, span: { start: call.arguments[0]!.getStart(), end: call.arguments[0]!.getEnd() }, restrictions: [], joins: [], conjuncts: new Set(), ...(link === 'delete' ? { deletes: true as const } : {}) };
        reader = new ConditionReader(found.model, found.table, this, access);
      } else if (link === 'where') {
        const condition = call.arguments[0];
        if (!reader || !condition || !reader.read(condition, reader.access.restrictions)) return undefined;
      } else if (link === 'orderBy') {
        if (!reader) return undefined;
        order = reader.order(call.arguments);
      } else if (link === 'limit') {
        limited = true;
      } else if (link === 'groupBy') {
        grouped = true;
      } else if (!NEUTRAL_LINKS.has(link)) {
        return undefined;
      }
    }
    if (!access || !reader) return undefined;
    if (limited && order && !grouped && !reader.ignored) access.order = order;
    return [{ accesses: [access] }];
  }

  /** `db.query.users.findMany({ where, orderBy, limit })`: the table is the one the builder's type names. */
  relational(node: ts.CallExpression): QueryScope[] | undefined {
    if (!ts.isPropertyAccessExpression(node.expression)) return undefined;
    const member = this.member(node);
    if (member === undefined || !RELATIONAL_MEMBERS.has(member)) return undefined;
    const found = this.relationalTable(node.expression.expression);
    if (!found) return undefined;
    const options = node.arguments[0];
    if (options && (!ts.isObjectLiteralExpression(options) || options.properties.some((item) => !ts.isPropertyAssignment(item) && !ts.isShorthandPropertyAssignment(item)))) return undefined;
    const access: Access = { table: found.table.name, span: { start: node.expression.name.getStart(), end: node.expression.name.getEnd() }, restrictions: [], joins: [], conjuncts: new Set() };
    const where = propertyOf(options as ts.ObjectLiteralExpression | undefined, 'where');
    let fields: string | undefined;
    let condition = where;
    // `where: (users, { eq }) => eq(users.email, e)`: the first parameter stands for the table's columns.
    if (where && (ts.isArrowFunction(where) || ts.isFunctionExpression(where))) {
      const parameter = where.parameters[0]?.name;
      if (!parameter || !ts.isIdentifier(parameter) || ts.isBlock(where.body)) return undefined;
      fields = parameter.text;
      condition = where.body;
    }
    const reader = new ConditionReader(found.model, found.table, this, access, fields);
    if (condition && !reader.read(condition, access.restrictions)) return undefined;
    const orderBy = propertyOf(options as ts.ObjectLiteralExpression | undefined, 'orderBy');
    const items = orderBy && (ts.isArrayLiteralExpression(orderBy) ? [...orderBy.elements] : [orderBy]);
    const order = items && !items.some((item) => ts.isArrowFunction(item) || ts.isFunctionExpression(item)) ? reader.order(items) : undefined;
    if (order && !reader.ignored && (member === 'findFirst' || propertyOf(options as ts.ObjectLiteralExpression | undefined, 'limit') !== undefined)) access.order = order;
    return [{ accesses: [access] }];
  }

  /** The name of the drizzle-orm member a call resolves to; undefined for anything else. */
  member(call: ts.CallExpression): string | undefined {
    const declaration = this.io.classifier.resolvedDeclaration(call);
    const origin = declaration && this.io.classifier.origins.originOf(declaration);
    return origin?.module === MODULE ? origin.path.at(-1) : undefined;
  }

  /** The drizzle-orm export a callee is: `eq`, an alias of it, `ops.eq`, or `{ eq }` of the relational API's operators. */
  operator(callee: ts.Expression): string | undefined {
    const checker = this.io.checker;
    let symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    let declaration = symbol?.declarations?.[0];
    if (declaration && ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent)) {
      const name = (declaration.propertyName ?? declaration.name).getText();
      declaration = checker.getTypeAtLocation(declaration.parent).getProperty(name)?.declarations?.[0];
    }
    if (!declaration || this.io.classifier.origins.moduleOf(declaration) !== MODULE) return undefined;
    const name = ts.getNameOfDeclaration(declaration);
    return name && ts.isIdentifier(name) ? name.text : undefined;
  }

  /** The table a value is: a variable the schema reader mapped (`users`, `schema.users`, an import of it). */
  tableOf(expression: ts.Expression): { model: OrmModel; table: Table } | undefined {
    const checker = this.io.checker;
    let symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(expression) ? expression.name : expression);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol?.valueDeclaration;
    if (!declaration || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return undefined;
    const file = path.resolve(declaration.getSourceFile().fileName);
    const name = declaration.name.text;
    const model = this.schema.models.find((item) => item.orm === 'Drizzle' && item.className === name && path.resolve(item.declared.file) === file);
    const table = model?.table === undefined ? undefined : this.schema.tables.get(model.table);
    return model && table ? { model, table } : undefined;
  }

  /** `db.query.users`: the table its builder's type names (`dbName`, and `schema` when it has one). */
  private relationalTable(receiver: ts.Expression): { model: OrmModel; table: Table } | undefined {
    const checker = this.io.checker;
    const type = checker.getTypeAtLocation(receiver);
    const declaration = type.getSymbol()?.declarations?.[0];
    if (!declaration || this.io.classifier.origins.moduleOf(declaration) !== MODULE || !(type as ts.ObjectType).objectFlags || !((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference)) return undefined;
    const config = checker.getTypeArguments(type as ts.TypeReference)[1];
    const literal = (name: string): string | undefined => {
      const property = config?.getProperty(name);
      const value = property && checker.getTypeOfSymbol(property);
      return value?.isStringLiteral() ? value.value : undefined;
    };
    const dbName = literal('dbName');
    if (dbName === undefined) return undefined;
    const schemaName = literal('schema');
    const name = schemaName === undefined || schemaName === 'public' ? dbName : `${schemaName}.${dbName}`;
    const table = this.schema.tables.get(name);
    const model = this.schema.models.find((item) => item.orm === 'Drizzle' && item.table === name);
    return model && table ? { model, table } : undefined;
  }
}

/**
 * Reads a Drizzle condition into terms. A condition it cannot read (SQL written out, a value built
 * elsewhere, a subquery, a column of another table) makes the whole query unread: the condition
 * left out might be the one an index serves.
 */
class ConditionReader {
  /** A condition was left out because no btree index serves it: ORDER BY is then not judged alone. */
  ignored = false;

  constructor(
    private readonly model: OrmModel,
    private readonly table: Table,
    private readonly chain: DrizzleChain,
    readonly access: Access,
    /** The relational API's callback parameter that stands for the table's columns. */
    private readonly fields?: string,
  ) {}

  read(condition: ts.Expression, into: Restriction[]): boolean {
    const node = skipParentheses(condition);
    if (!ts.isCallExpression(node)) return false;
    const operator = this.chain.operator(node.expression);
    if (operator === 'and') return node.arguments.every((argument) => this.read(argument, into));
    if (operator === 'or') {
      const branches: Term[][] = [];
      for (const argument of node.arguments) {
        const inner: Restriction[] = [];
        if (!this.read(argument, inner)) return false;
        branches.push(inner.flatMap((restriction) => (restriction.branches.length === 1 ? restriction.branches[0]! : [])));
      }
      if (branches.length > 0) into.push({ branches });
      return true;
    }
    const [subject, value] = node.arguments;
    const column = subject && this.column(subject);
    if (operator === undefined || column === undefined) return false;
    if (value && this.refersToTable(value)) return false;
    let op: TermOp | undefined = UNSERVED.has(operator) ? undefined : OPERATORS[operator];
    if (op === 'like' && !(value && ts.isStringLiteralLike(value) && /^[^%_]/.test(value.text))) op = undefined;
    if (op === undefined) {
      if (!UNSERVED.has(operator) && operator !== 'like') return false;
      this.ignored = true;
      return true;
    }
    into.push({ branches: [[{ column, label: column, op, span: { start: subject!.getStart(), end: subject!.getEnd() } }]] });
    const conjunct = conjunctKey(column, op === 'null' ? ts.factory.createNull() : value ?? ts.factory.createNull());
    if (conjunct && (op === 'null' || op === 'eq')) this.access.conjuncts.add(conjunct);
    return true;
  }

  /** `orderBy(t.a, desc(t.b))`; undefined when a key is not a column of the table. */
  order(items: readonly ts.Expression[]): OrderTerm[] | undefined {
    const terms: OrderTerm[] = [];
    for (const item of items) {
      let key = skipParentheses(item);
      if (ts.isCallExpression(key)) {
        const direction = this.chain.operator(key.expression);
        if ((direction !== 'asc' && direction !== 'desc') || !key.arguments[0]) return undefined;
        key = key.arguments[0];
      }
      const column = this.column(key);
      if (column === undefined) return undefined;
      terms.push({ column, label: column, span: { start: key.getStart(), end: key.getEnd() } });
    }
    return terms.length ? terms : undefined;
  }

  /** The column `users.email` (or the relational callback's `u.email`) stands for, when it is one of this table's. */
  private column(expression: ts.Expression): string | undefined {
    const node = skipParentheses(expression);
    if (!ts.isPropertyAccessExpression(node)) return undefined;
    const receiver = node.expression;
    const own = this.fields !== undefined && ts.isIdentifier(receiver) && receiver.text === this.fields ? true : this.chain.tableOf(receiver)?.model === this.model;
    const column = own ? this.model.fields.get(node.name.text) : undefined;
    // A column the table does not have (named at run time by `casing`): whether an index serves it is not known.
    return column !== undefined && this.table.columns.has(column) ? column : undefined;
  }

  /** A value that reads a column (`eq(t.a, t.b)`, another table's): not a constant this index lookup can use. */
  private refersToTable(value: ts.Expression): boolean {
    const node = skipParentheses(value);
    if (!ts.isPropertyAccessExpression(node)) return false;
    return (this.fields !== undefined && ts.isIdentifier(node.expression) && node.expression.text === this.fields) || this.chain.tableOf(node.expression) !== undefined;
  }
}

function skipParentheses(node: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node) || ts.isAsExpression(node)) node = node.expression;
  return node;
}
