import path from 'node:path';
import ts from 'typescript';
import type { IoIndex, IoSite } from '../io-sites';
import { conjunctKey } from './prisma-query';
import type { Access, OrderTerm, QueryScope, Restriction, Term, TermOp } from './query';
import type { OrmModel, Schema, Table } from './schema';
import { propertyNameOf, propertyOf, snakeCase } from './static-code';

/**
 * The find-style calls of model ORMs read as the SQL they send: Sequelize's `findAll({ where, order,
 * limit })` and TypeORM's `find({ where, order, take })`, on the table their model class maps to
 * (`schema.models`). The model is the class the checker gives the receiver (`User.findAll`) or the
 * repository's entity type (`Repository<User>`).
 */

export type OrmVia = 'sequelize' | 'typeorm';

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
  if (trace.io.library === 'TypeORM' && (TYPEORM_OPTIONS.has(trace.io.member) || TYPEORM_WHERE.has(trace.io.member) || trace.io.member === 'remove')) return typeormScopes(site.node, trace.io.member, schema, io);
  return undefined;
}

function sequelizeScopes(call: ts.CallExpression, member: string, schema: Schema, io: IoIndex): OrmQueries | undefined {
  const callee = call.expression as ts.PropertyAccessExpression;
  const found = modelOf(callee.expression, schema, io);
  if (!found) return undefined;
  const { model, table } = found;
  const options = call.arguments[SEQUELIZE_OPTIONS[member]!];
  const access: Access = { table: table.name, span: { start: callee.name.getStart(), end: callee.name.getEnd() }, restrictions: [], joins: [], conjuncts: new Set() };
  // Options built elsewhere or spread in may hold a `where`: not read.
  if (options && (!ts.isObjectLiteralExpression(options) || options.properties.some((item) => !ts.isPropertyAssignment(item) && !ts.isShorthandPropertyAssignment(item)))) return undefined;
  const object = options;
  // An include joins another table, which a condition on it (or `required`) may make the driving one: not read.
  const include = propertyOf(object, 'include');
  if (include && (!ts.isArrayLiteralExpression(include) || /\b(where|required)\s*:/.test(include.getText()))) return undefined;
  const where = propertyOf(object, 'where');
  const reader = new SequelizeWhere(model, table, io, access);
  if (where && (!ts.isObjectLiteralExpression(where) || !reader.read(where, access.restrictions))) return undefined;
  // A paranoid model's queries add `deletedAt IS NULL` unless told `paranoid: false`: a partial index on it serves them.
  if (model.softDelete && propertyOf(object, 'paranoid')?.kind !== ts.SyntaxKind.FalseKeyword) {
    const key = conjunctKey(model.softDelete, ts.factory.createNull());
    if (key) access.conjuncts.add(key);
  }
  // A paranoid model's `destroy` only sets its `deletedAt`, unless told `force: true`; a model whose base class was not read may be one.
  if (member === 'destroy' && ((!model.softDelete && !model.unreadBase) || propertyOf(object, 'force')?.kind === ts.SyntaxKind.TrueKeyword)) access.deletes = true;
  const order = propertyOf(object, 'order');
  if (order && !reader.ignored && (member === 'findOne' || propertyOf(object, 'limit') !== undefined)) {
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

/** What the `where` readers share: the model and its table, and where terms and partial-index conjuncts go. */
abstract class ModelWhere {
  /** A condition was left out because no btree index serves it: ORDER BY is then not judged alone. */
  ignored = false;

  constructor(
    protected readonly model: OrmModel,
    protected readonly table: Table,
    protected readonly io: IoIndex,
    private readonly access: Access,
  ) {}

  /** How a value constrains its column; undefined when no btree index serves it, `unread` when it cannot be told. */
  protected abstract valueOp(value: ts.Expression): TermOp | 'unread' | undefined;

  /** Adds the term a column's condition makes; false when the condition cannot be read. */
  protected condition(into: Restriction[], column: string, name: ts.Node, value: ts.Expression): boolean {
    const op = this.valueOp(value);
    if (op === 'unread') return false;
    if (op === undefined) {
      this.ignored = true;
      return true;
    }
    into.push({ branches: [[{ column, label: column, op, span: { start: name.getStart(), end: name.getEnd() } }]] });
    const conjunct = conjunctKey(column, value);
    if (conjunct) this.access.conjuncts.add(conjunct);
    return true;
  }
}

/** Sequelize operators no btree index serves: a condition with one is left out, the others still count. */
const SEQUELIZE_UNSERVED = new Set(['ne', 'notIn', 'not', 'notBetween', 'notLike', 'notILike', 'iLike', 'substring', 'endsWith', 'regexp', 'notRegexp', 'iRegexp', 'notIRegexp', 'like']);

/**
 * Reads a `where` into terms. A condition it cannot read (a spread, a `Sequelize.where(…)`, an
 * association's `$col$`, an operator another kind of index may serve such as `Op.contains`) makes
 * the whole query unread: the condition left out might be the one an index serves.
 */
class SequelizeWhere extends ModelWhere {

  read(where: ts.ObjectLiteralExpression, into: Restriction[]): boolean {
    for (const property of where.properties) {
      if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) return false;
      const value = ts.isPropertyAssignment(property) ? property.initializer : property.name;
      const operator = ts.isComputedPropertyName(property.name) ? this.operator(property.name.expression) : undefined;
      if (ts.isComputedPropertyName(property.name) && operator !== 'and' && operator !== 'or') return false;
      if (operator === 'and') {
        const items = objects(value);
        if (!items || !items.every((item) => this.read(item, into))) return false;
        continue;
      }
      if (operator === 'or') {
        const branches: Term[][] = [];
        for (const item of objects(value) ?? []) {
          const inner: Restriction[] = [];
          if (!this.read(item, inner)) return false;
          branches.push(inner.flatMap((restriction) => (restriction.branches.length === 1 ? restriction.branches[0]! : [])));
        }
        if (!objects(value)) return false;
        if (branches.length > 0) into.push({ branches });
        continue;
      }
      const attribute = propertyNameOf(property);
      const column = attribute === undefined ? undefined : columnOf(attribute, this.model, this.table);
      if (column === undefined) return false;
      if (!this.condition(into, column, property.name, value)) return false;
    }
    return true;
  }

  /** `Op.or` → `or`, when `Op` is Sequelize's. */
  private operator(expression: ts.Expression): string | undefined {
    if (!ts.isPropertyAccessExpression(expression)) return undefined;
    const declaration = this.io.checker.getSymbolAtLocation(expression)?.declarations?.[0];
    const module = declaration && this.io.classifier.origins.moduleOf(declaration);
    return module && SEQUELIZE_MODULES.has(module) ? expression.name.text : undefined;
  }

  /** How a value constrains its column: a value (equality), a list (IN), null, `{ [Op.gt]: x }`; undefined when no btree index serves it; `unread` when it cannot be told. */
  protected valueOp(value: ts.Expression): TermOp | 'unread' | undefined {
    if (value.kind === ts.SyntaxKind.NullKeyword) return 'null';
    if (ts.isArrayLiteralExpression(value)) return 'in';
    if (ts.isObjectLiteralExpression(value)) {
      let found: TermOp | undefined;
      for (const item of value.properties) {
        const op = item.name && ts.isComputedPropertyName(item.name) ? this.operator(item.name.expression) : undefined;
        const initializer = ts.isPropertyAssignment(item) ? item.initializer : undefined;
        if (op === undefined || !initializer) return 'unread';
        if (op === 'is' && initializer.kind === ts.SyntaxKind.NullKeyword) found ??= 'null';
        else if (op === 'startsWith' || (op === 'like' && ts.isStringLiteralLike(initializer) && /^[^%_]/.test(initializer.text))) found ??= 'like';
        else if (SEQUELIZE_OPS[op]) found ??= SEQUELIZE_OPS[op];
        else if (!SEQUELIZE_UNSERVED.has(op) && op !== 'is') return 'unread';
      }
      return found;
    }
    // A variable: its type says whether it is a value or a list; an object may hold operators (not read).
    const type = this.io.checker.getTypeAtLocation(value);
    if (this.io.checker.isArrayType(type)) return 'in';
    return isScalar(type) ? 'eq' : 'unread';
  }
}

/** A value compared as one (a string, a number, a date…), not an object of operators. */
function isScalar(type: ts.Type): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.every((part) => part.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.EnumLike | ts.TypeFlags.Null | ts.TypeFlags.Undefined) || part.getSymbol()?.name === 'Date');
}

/** `{ … }` or `[{ … }, { … }]`; undefined when any element is something else. */
function objects(value: ts.Expression): ts.ObjectLiteralExpression[] | undefined {
  if (ts.isObjectLiteralExpression(value)) return [value];
  if (!ts.isArrayLiteralExpression(value)) return undefined;
  return value.elements.every(ts.isObjectLiteralExpression) ? [...value.elements] : undefined;
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

/** TypeORM members whose argument is `{ where, order, take }`, and those whose argument is the `where` itself. */
const TYPEORM_OPTIONS = new Set(['find', 'findOne', 'findOneOrFail', 'findAndCount', 'count', 'exists']);
const TYPEORM_WHERE = new Set(['findBy', 'findOneBy', 'findOneByOrFail', 'findAndCountBy', 'countBy', 'existsBy', 'update', 'delete', 'softDelete', 'restore']);
const TYPEORM_LIMIT_ONE = new Set(['findOne', 'findOneOrFail', 'findOneBy', 'findOneByOrFail', 'exists', 'existsBy']);
const TYPEORM_OPERATORS: Readonly<Record<string, TermOp>> = { Equal: 'eq', In: 'in', IsNull: 'null', MoreThan: 'range', MoreThanOrEqual: 'range', LessThan: 'range', LessThanOrEqual: 'range', Between: 'range', Like: 'like' };
const REPOSITORIES = new Set(['Repository', 'TreeRepository']);

function typeormScopes(call: ts.CallExpression, member: string, schema: Schema, io: IoIndex): OrmQueries | undefined {
  const callee = call.expression as ts.PropertyAccessExpression;
  const declaration = io.classifier.resolvedDeclaration(call);
  const container = declaration && io.classifier.origins.originOf(declaration)?.path.at(-2);
  // `manager.find(User, { … })`: the entity is the first argument.
  const viaManager = container === 'EntityManager';
  const entity = viaManager ? call.arguments[0] && classOf(io.checker.getTypeAtLocation(call.arguments[0])) : entityOf(io.checker.getTypeAtLocation(callee.expression), io);
  const found = entity && modelOfClass(entity, schema);
  if (!found) return undefined;
  const { model, table } = found;
  const argument = call.arguments[viaManager ? 1 : 0];
  const span = { start: callee.name.getStart(), end: callee.name.getEnd() };
  // `delete(id)`, `remove(entity)`: rows by their key, deleted; only their foreign-key lookups are read.
  if (member === 'remove' || (member === 'delete' && argument && !ts.isObjectLiteralExpression(argument) && !ts.isArrayLiteralExpression(argument))) {
    return { via: 'typeorm', scopes: [{ accesses: [{ table: table.name, span, restrictions: [], joins: [], conjuncts: new Set(), deletes: true }] }] };
  }
  // Options or filters built elsewhere, or spread in: not read.
  if (argument && (!ts.isObjectLiteralExpression(argument) || argument.properties.some((item) => !ts.isPropertyAssignment(item) && !ts.isShorthandPropertyAssignment(item)))) {
    if (!(TYPEORM_WHERE.has(member) && ts.isArrayLiteralExpression(argument))) return undefined;
  }
  const options = argument && TYPEORM_OPTIONS.has(member) && ts.isObjectLiteralExpression(argument) ? argument : undefined;

  const where = TYPEORM_WHERE.has(member) ? argument : propertyOf(options, 'where');
  const access: Access = { table: table.name, span, restrictions: [], joins: [], conjuncts: new Set(), ...(member === 'delete' ? { deletes: true as const } : {}) };
  const reader = new TypeormWhere(model, table, io, access);
  if (where && ts.isObjectLiteralExpression(where)) {
    if (!reader.read(where, access.restrictions)) return undefined;
  } else if (where && !ts.isArrayLiteralExpression(where)) {
    return undefined;
  } else if (where && ts.isArrayLiteralExpression(where)) {
    // An array of filters is an OR of them.
    const branches: Term[][] = [];
    for (const item of where.elements) {
      const inner: Restriction[] = [];
      if (!ts.isObjectLiteralExpression(item) || !reader.read(item, inner)) return undefined;
      branches.push(inner.flatMap((restriction) => (restriction.branches.length === 1 ? restriction.branches[0]! : [])));
    }
    if (branches.length) access.restrictions.push({ branches });
  }
  if (model.softDelete && propertyOf(options, 'withDeleted')?.kind !== ts.SyntaxKind.TrueKeyword) {
    const key = conjunctKey(model.softDelete, ts.factory.createNull());
    if (key) access.conjuncts.add(key);
  }
  const order = propertyOf(options, 'order');
  if (order && ts.isObjectLiteralExpression(order) && !reader.ignored && (TYPEORM_LIMIT_ONE.has(member) || propertyOf(options, 'take') !== undefined)) {
    const terms = typeormOrder(order, model, table);
    if (terms) access.order = terms;
  }
  return { via: 'typeorm', scopes: [{ accesses: [access] }] };
}

/** The entity class of a repository type (`Repository<User>`, a class extending it), or of a class whose static methods are BaseEntity's. */
export function entityOf(type: ts.Type, io: IoIndex): ts.ClassLikeDeclaration | undefined {
  const pending = [type];
  for (let depth = 0; pending.length && depth < 6; depth += 1) {
    const current = pending.shift()!;
    const symbol = current.getSymbol();
    const declaration = symbol?.declarations?.[0];
    if (symbol && REPOSITORIES.has(symbol.name) && declaration && io.classifier.origins.moduleOf(declaration) === 'typeorm') {
      const argument = (current as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference ? io.checker.getTypeArguments(current as ts.TypeReference)[0] : undefined;
      return argument && classOf(argument);
    }
    if (current.isClassOrInterface()) pending.push(...(io.checker.getBaseTypes(current) ?? []));
  }
  // `User.find(…)` on an entity extending BaseEntity.
  return classOf(type);
}

export function classOf(type: ts.Type): ts.ClassLikeDeclaration | undefined {
  const symbol = type.getSymbol();
  const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  return declaration && ts.isClassLike(declaration) ? declaration : undefined;
}

class TypeormWhere extends ModelWhere {

  /** Adds the terms of a `where` object; false when it holds what this cannot read (a relation's columns, a column of unknown indexing). */
  read(where: ts.ObjectLiteralExpression, into: Restriction[]): boolean {
    for (const property of where.properties) {
      if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) return false;
      const name = propertyNameOf(property);
      if (name === undefined) return false;
      let value: ts.Expression = ts.isPropertyAssignment(property) ? property.initializer : property.name;
      let column: string | undefined;
      const join = this.model.joins.get(name);
      if (join !== undefined) {
        // `customer: { id }` compares the key the row holds; other columns of the relation join its table.
        const inner = ts.isObjectLiteralExpression(value) && value.properties.length === 1 ? value.properties[0]! : undefined;
        if (!inner || !(ts.isPropertyAssignment(inner) || ts.isShorthandPropertyAssignment(inner)) || propertyNameOf(inner) !== 'id') return false;
        value = ts.isPropertyAssignment(inner) ? inner.initializer : inner.name;
        column = join;
      } else {
        column = columnOf(name, this.model, this.table);
      }
      if (column === undefined) return false;
      // A column of the project's own decorator: unless an index leads with it, whether one serves it is not known.
      if (this.model.opaque?.has(column) && !this.table.indexes.some((index) => index.keys[0] && 'column' in index.keys[0] && index.keys[0].column === column)) return false;
      if (!this.condition(into, column, property.name, value)) return false;
    }
    return true;
  }

  /** `In(ids)`, `IsNull()`, `MoreThan(x)`, `Like('abc%')`, a plain value; undefined for what no btree index serves or TypeORM leaves out (`null`, `undefined`); `unread` when it cannot be told. */
  protected valueOp(value: ts.Expression): TermOp | 'unread' | undefined {
    if (ts.isCallExpression(value)) {
      const declaration = this.io.classifier.resolvedDeclaration(value);
      const origin = declaration && this.io.classifier.origins.originOf(declaration);
      const name = origin?.module === 'typeorm' ? origin.path.at(-1) : undefined;
      if (name === 'Not' || name === 'ILike') return undefined;
      const op = name === undefined ? undefined : TYPEORM_OPERATORS[name];
      if (op === 'like') {
        const pattern = value.arguments[0];
        return pattern && ts.isStringLiteralLike(pattern) && /^[^%_]/.test(pattern.text) ? 'like' : undefined;
      }
      return op ?? 'unread';
    }
    if (value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined')) return undefined;
    if (ts.isObjectLiteralExpression(value) || ts.isArrayLiteralExpression(value)) return 'unread';
    return isScalar(this.io.checker.getTypeAtLocation(value)) ? 'eq' : 'unread';
  }
}

/** `order: { createdAt: 'DESC', id: 'ASC' }`; undefined when it orders by a relation's columns. */
function typeormOrder(order: ts.ObjectLiteralExpression, model: OrmModel, table: Table): OrderTerm[] | undefined {
  const terms: OrderTerm[] = [];
  for (const property of order.properties) {
    const name = propertyNameOf(property);
    const column = name === undefined || !ts.isPropertyAssignment(property) || ts.isObjectLiteralExpression(property.initializer) ? undefined : columnOf(name, model, table);
    if (column === undefined || model.opaque?.has(column)) return undefined;
    const nameNode = (property as ts.PropertyAssignment).name;
    terms.push({ column, label: column, span: { start: nameNode.getStart(), end: nameNode.getEnd() } });
  }
  return terms.length ? terms : undefined;
}
