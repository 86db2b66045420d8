import path from 'node:path';
import ts from 'typescript';
import type { IoIndex, IoSite } from '../io-sites';
import { conjunctKey } from './prisma-query';
import type { Access, OrderTerm, QueryScope, Restriction, TermOp } from './query';
import type { OrmModel, Schema, Table } from './schema';
import { propertyNameOf, propertyOf, snakeCase } from './static-code';

/**
 * The find-style calls of model ORMs read as the SQL they send: Sequelize's `findAll({ where, order,
 * limit })` and TypeORM's `find({ where, order, take })`, on the table their model class maps to
 * (`schema.models`). The model is the class the checker gives the receiver (`User.findAll`) or the
 * repository's entity type (`Repository<User>`).
 */

export type OrmVia = 'sequelize';

/** Sequelize members that take a `where`, and which argument holds the options. */
const SEQUELIZE_OPTIONS: Readonly<Record<string, number>> = { findAll: 0, findOne: 0, findAndCountAll: 0, count: 0, destroy: 0, restore: 0, update: 1, max: 1, min: 1, sum: 1, increment: 1, decrement: 1 };
const SEQUELIZE_MODULES = new Set(['sequelize', 'sequelize-typescript', '@sequelize/core']);
const SEQUELIZE_OPS: Readonly<Record<string, TermOp>> = { eq: 'eq', in: 'in', gt: 'range', gte: 'range', lt: 'range', lte: 'range', between: 'range', startsWith: 'like' };

export interface OrmQueries {
  readonly via: OrmVia;
  readonly scopes: QueryScope[];
}

/** The table access of a model ORM's call, or undefined when it is not one this reads or its model has no table. */
export function ormScopes(site: IoSite, schema: Schema, io: IoIndex): OrmQueries | undefined {
  const trace = site.traces[0];
  if (site.through || !trace || !ts.isCallExpression(site.node) || !ts.isPropertyAccessExpression(site.node.expression)) return undefined;
  if (trace.io.library === 'Sequelize' && trace.io.member in SEQUELIZE_OPTIONS) return sequelizeScopes(site.node, trace.io.member, schema, io);
  return undefined;
}

function sequelizeScopes(call: ts.CallExpression, member: string, schema: Schema, io: IoIndex): OrmQueries | undefined {
  const callee = call.expression as ts.PropertyAccessExpression;
  const found = modelOf(callee.expression, schema, io);
  if (!found) return undefined;
  const { model, table } = found;
  const options = call.arguments[SEQUELIZE_OPTIONS[member]!];
  const access: Access = { table: table.name, span: { start: callee.name.getStart(), end: callee.name.getEnd() }, restrictions: [], joins: [], conjuncts: new Set() };
  const object = options && ts.isObjectLiteralExpression(options) ? options : undefined;
  const where = propertyOf(object, 'where');
  if (where && ts.isObjectLiteralExpression(where)) new SequelizeWhere(model, table, io, access).read(where, access.restrictions);
  // A paranoid model's queries add `deletedAt IS NULL` unless told `paranoid: false`: a partial index on it serves them.
  if (model.softDelete && propertyOf(object, 'paranoid')?.kind !== ts.SyntaxKind.FalseKeyword) {
    const key = conjunctKey(model.softDelete, ts.factory.createNull());
    if (key) access.conjuncts.add(key);
  }
  const order = propertyOf(object, 'order');
  if (order && (member === 'findOne' || propertyOf(object, 'limit') !== undefined)) {
    const terms = sequelizeOrder(order, model, table);
    if (terms) access.order = terms;
  }
  return { via: 'sequelize', scopes: [{ accesses: [access] }] };
}

/** The model class the receiver is (`User`, `this` in a static method, `User.unscoped()`) and its table. */
function modelOf(receiver: ts.Expression, schema: Schema, io: IoIndex): { model: OrmModel; table: Table } | undefined {
  let target = receiver;
  // `unscoped()` drops the default scope's conditions: the same table, no hidden filters.
  while (ts.isCallExpression(target) && ts.isPropertyAccessExpression(target.expression) && target.expression.name.text === 'unscoped' && target.arguments.length === 0) target = target.expression.expression;
  const symbol = io.checker.getTypeAtLocation(target).getSymbol();
  const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (!declaration || !ts.isClassLike(declaration) || !declaration.name) return undefined;
  return modelOfClass(declaration, schema);
}

export function modelOfClass(declaration: ts.ClassLikeDeclaration, schema: Schema): { model: OrmModel; table: Table } | undefined {
  const file = path.resolve(declaration.getSourceFile().fileName);
  const name = declaration.name?.text;
  const model = schema.models.find((item) => item.className === name && path.resolve(item.declared.file) === file);
  const table = model?.table === undefined ? undefined : schema.tables.get(model.table);
  return model && table ? { model, table } : undefined;
}

/** The column an attribute is stored in: as the model declares it, else as named (or in snake_case for an `underscored` model) when the table has it. */
export function columnOf(attribute: string, model: OrmModel, table: Table): string | undefined {
  const declared = model.fields.get(attribute);
  if (declared !== undefined) return declared;
  const stored = model.underscored ? snakeCase(attribute) : attribute;
  return table.columns.has(stored) ? stored : undefined;
}

class SequelizeWhere {
  constructor(
    private readonly model: OrmModel,
    private readonly table: Table,
    private readonly io: IoIndex,
    private readonly access: Access,
  ) {}

  read(where: ts.ObjectLiteralExpression, into: Restriction[]): void {
    for (const property of where.properties) {
      if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) continue;
      const value = ts.isPropertyAssignment(property) ? property.initializer : property.name;
      const operator = ts.isComputedPropertyName(property.name) ? this.operator(property.name.expression) : undefined;
      if (operator === 'and') {
        for (const item of objects(value)) this.read(item, into);
        continue;
      }
      if (operator === 'or') {
        const branches = objects(value).map((item) => {
          const inner: Restriction[] = [];
          this.read(item, inner);
          return inner.flatMap((restriction) => (restriction.branches.length === 1 ? restriction.branches[0]! : []));
        });
        if (branches.length > 0) into.push({ branches });
        continue;
      }
      const attribute = propertyNameOf(property);
      const column = attribute === undefined ? undefined : columnOf(attribute, this.model, this.table);
      if (column === undefined) continue;
      const span = { start: property.name.getStart(), end: property.name.getEnd() };
      const op = this.valueOp(value);
      if (!op) continue;
      into.push({ branches: [[{ column, label: column, op, span }]] });
      const conjunct = conjunctKey(column, value);
      if (conjunct) this.access.conjuncts.add(conjunct);
    }
  }

  /** `Op.or` → `or`, when `Op` is Sequelize's. */
  private operator(expression: ts.Expression): string | undefined {
    if (!ts.isPropertyAccessExpression(expression)) return undefined;
    const declaration = this.io.checker.getSymbolAtLocation(expression)?.declarations?.[0];
    const module = declaration && this.io.classifier.origins.moduleOf(declaration);
    return module && SEQUELIZE_MODULES.has(module) ? expression.name.text : undefined;
  }

  /** How a value constrains its column: a value (equality), a list (IN), null, or `{ [Op.gt]: x }`; undefined when no index serves it. */
  private valueOp(value: ts.Expression): TermOp | undefined {
    if (value.kind === ts.SyntaxKind.NullKeyword) return 'null';
    if (ts.isArrayLiteralExpression(value)) return 'in';
    if (ts.isObjectLiteralExpression(value)) {
      const ops = value.properties.map((item) => (item.name && ts.isComputedPropertyName(item.name) ? this.operator(item.name.expression) : undefined));
      if (ops.includes('is') && value.properties.some((item) => ts.isPropertyAssignment(item) && item.initializer.kind === ts.SyntaxKind.NullKeyword)) return 'null';
      return ops.map((op) => (op === undefined ? undefined : SEQUELIZE_OPS[op])).find((op) => op !== undefined);
    }
    // A variable: its type says whether it is a value, a list, or an object of operators (not read).
    const type = this.io.checker.getTypeAtLocation(value);
    if (this.io.checker.isArrayType(type)) return 'in';
    const parts = type.isUnion() ? type.types : [type];
    const scalar = parts.every((part) => part.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.EnumLike | ts.TypeFlags.Null | ts.TypeFlags.Undefined) || part.getSymbol()?.name === 'Date');
    return scalar ? 'eq' : undefined;
  }
}

function objects(value: ts.Expression): ts.ObjectLiteralExpression[] {
  if (ts.isObjectLiteralExpression(value)) return [value];
  return ts.isArrayLiteralExpression(value) ? value.elements.filter(ts.isObjectLiteralExpression) : [];
}

/** `order: [['createdAt', 'DESC'], ['id', 'ASC']]` or `['createdAt']`; undefined for literals, functions and associations. */
function sequelizeOrder(order: ts.Expression, model: OrmModel, table: Table): OrderTerm[] | undefined {
  if (!ts.isArrayLiteralExpression(order)) return undefined;
  const terms: OrderTerm[] = [];
  for (const element of order.elements) {
    const first = ts.isArrayLiteralExpression(element) ? element.elements[0] : element;
    const direction = ts.isArrayLiteralExpression(element) ? element.elements.slice(1) : [];
    // `['user', 'name', 'ASC']` orders by an associated model's column.
    if (!first || !ts.isStringLiteralLike(first) || direction.length > 1) return undefined;
    const column = columnOf(first.text, model, table);
    if (column === undefined) return undefined;
    terms.push({ column, label: column, span: { start: first.getStart() + 1, end: first.getEnd() - 1 } });
  }
  return terms.length ? terms : undefined;
}
