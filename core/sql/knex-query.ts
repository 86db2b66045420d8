import ts from 'typescript';
import type { IoSite } from '../io-sites';
import type { Access, OrderTerm, QueryScope, Range, Term, TermOp } from './query';
import type { Schema } from './schema';
import { callChain } from './static-code';

/**
 * Knex's query builder read as SQL, for one-table chains: `knex('users').where(…).orderBy(…).first()`.
 * Chains with joins, raw fragments or callbacks are left alone (the raw SQL path reads `knex.raw`).
 */

const WHERE_METHODS = new Set(['where', 'andWhere', 'orWhere', 'whereIn', 'andWhereIn', 'orWhereIn', 'whereNull', 'orWhereNull', 'whereBetween', 'orWhereBetween']);
const TABLE_METHODS = new Set(['from', 'table', 'into']);
const LIMIT_METHODS = new Set(['limit', 'first']);
const UNREADABLE = new Set(['join', 'innerJoin', 'leftJoin', 'leftOuterJoin', 'rightJoin', 'fullOuterJoin', 'crossJoin', 'joinRaw', 'whereRaw', 'orWhereRaw', 'raw', 'with', 'union', 'unionAll', 'whereExists', 'whereNot', 'orWhereNot', 'whereNotIn', 'whereNotNull']);
const OPERATORS: Readonly<Record<string, TermOp>> = { '=': 'eq', '<': 'range', '>': 'range', '<=': 'range', '>=': 'range', in: 'in', like: 'like', between: 'range' };

/** The table access of an awaited Knex builder chain, or undefined when it is not one this reads. */
export function knexScopes(site: IoSite, schema: Schema): QueryScope[] | undefined {
  const trace = site.traces[0];
  if (site.through || trace?.io.library !== 'Knex') return undefined;
  const calls: ts.CallExpression[] = [];
  for (let current: ts.Expression = site.node; ; ) {
    if (ts.isCallExpression(current)) {
      calls.unshift(current);
      current = current.expression;
    } else if (ts.isPropertyAccessExpression(current) || ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current)) {
      current = current.expression;
    } else {
      break;
    }
  }
  let tableName: string | undefined;
  let tableSpan: Range | undefined;
  const branches: Term[][] = [[]];
  let order: OrderTerm[] | undefined;
  let limited = false;
  let deletes = false;
  for (const [position, call] of calls.entries()) {
    const method = ts.isPropertyAccessExpression(call.expression) ? call.expression.name.text : undefined;
    const first = call.arguments[0];
    if (position === 0 && method === undefined) {
      // knex('users'): the root call names the table.
      if (!first || !ts.isStringLiteralLike(first)) return undefined;
      tableName = first.text.split(/\s+as\s+|\s+/i)[0];
      tableSpan = literalSpan(first);
      continue;
    }
    if (method === undefined || UNREADABLE.has(method)) return undefined;
    if (TABLE_METHODS.has(method) && first && ts.isStringLiteralLike(first)) {
      tableName = first.text.split(/\s+as\s+|\s+/i)[0];
      tableSpan = literalSpan(first);
    } else if (WHERE_METHODS.has(method)) {
      if (method.startsWith('or')) branches.push([]);
      const terms = whereTerms(method, call.arguments);
      if (!terms) return undefined;
      branches[branches.length - 1]!.push(...terms);
    } else if (method === 'orderBy') {
      order = orderTerms(call.arguments);
    } else if (LIMIT_METHODS.has(method)) {
      limited = true;
    } else if (method === 'del' || method === 'delete') {
      deletes = true;
    }
  }
  const table = tableName === undefined ? undefined : schema.tables.get(tableName);
  if (!table || !tableSpan) return undefined;
  const access: Access = { table: table.name, span: tableSpan, restrictions: [], joins: [], conjuncts: new Set() };
  if (branches.length > 1) access.restrictions.push({ branches });
  else for (const term of branches[0]!) access.restrictions.push({ branches: [[term]] });
  if (limited && order) access.order = order;
  if (deletes) access.deletes = true;
  return [{ accesses: [access] }];
}

function whereTerms(method: string, args: readonly ts.Expression[]): Term[] | undefined {
  const [first, second, third] = args;
  if (!first) return undefined;
  if (ts.isObjectLiteralExpression(first)) {
    return first.properties.flatMap((property) => {
      if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) return [];
      const name = property.name;
      if (!ts.isIdentifier(name) && !ts.isStringLiteral(name)) return [];
      const span = ts.isStringLiteral(name) ? literalSpan(name) : { start: name.getStart(), end: name.getEnd() };
      const value = ts.isPropertyAssignment(property) ? property.initializer : undefined;
      return [term(name.text, value?.kind === ts.SyntaxKind.NullKeyword ? 'null' : 'eq', span)];
    });
  }
  if (!ts.isStringLiteralLike(first)) return undefined;
  const span = literalSpan(first);
  if (/In$/.test(method)) return [term(first.text, 'in', span)];
  if (/Null$/.test(method)) return [term(first.text, 'null', span)];
  if (/Between$/.test(method)) return [term(first.text, 'range', span)];
  if (third !== undefined) {
    const operator = second && ts.isStringLiteralLike(second) ? second.text.toLowerCase() : undefined;
    const op = operator === undefined ? undefined : OPERATORS[operator];
    if (!op || (op === 'like' && !(ts.isStringLiteralLike(third) && /^[^%_]/.test(third.text)))) return [];
    return [term(first.text, op, span)];
  }
  return second === undefined ? undefined : [term(first.text, second.kind === ts.SyntaxKind.NullKeyword ? 'null' : 'eq', span)];
}

function orderTerms(args: readonly ts.Expression[]): OrderTerm[] | undefined {
  const first = args[0];
  if (!first) return undefined;
  const items = ts.isArrayLiteralExpression(first) ? first.elements : [first];
  const terms: OrderTerm[] = [];
  for (const item of items) {
    const literal = ts.isStringLiteralLike(item) ? item : ts.isObjectLiteralExpression(item) ? columnProperty(item) : undefined;
    if (!literal) return undefined;
    const column = columnOf(literal.text);
    terms.push({ column, label: column, span: literalSpan(literal) });
  }
  return terms;
}

function columnProperty(object: ts.ObjectLiteralExpression): ts.StringLiteralLike | undefined {
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === 'column' && ts.isStringLiteralLike(property.initializer)) return property.initializer;
  }
  return undefined;
}

function term(written: string, op: TermOp, span: Range): Term {
  const column = columnOf(written);
  return { column, label: column, op, span };
}

/** `users.email` → `email`: a one-table chain needs no qualifier. */
function columnOf(written: string): string {
  return written.slice(written.lastIndexOf('.') + 1);
}

/** The text of a string literal without its quotes. */
function literalSpan(literal: ts.Node): Range {
  return { start: literal.getStart() + 1, end: literal.getEnd() - 1 };
}

/** Kysely chain links that do not change which rows are read. */
const KYSELY_NEUTRAL = new Set(['select', 'selectAll', 'set', 'returning', 'returningAll', 'distinct', 'forUpdate', 'forShare', 'skipLocked', 'noWait', 'offset', 'execute', 'executeTakeFirst', 'executeTakeFirstOrThrow', 'stream', '$narrowType', '$castTo']);
const KYSELY_TABLES = new Set(['selectFrom', 'updateTable', 'deleteFrom']);
const KYSELY_UNSERVED = new Set(['!=', '<>', 'not in', 'not like', 'ilike', 'not ilike', 'is not', '@>', '<@', '&&', '~', '~*']);

/**
 * Kysely's one-table chains read as SQL: `db.selectFrom('person').where('email', '=', email)
 * .orderBy('created_at', 'desc').limit(1)`. A `where` given a callback or an expression, a join, or
 * any link not known to leave the rows alone makes the chain unread.
 */
export function kyselyScopes(site: IoSite, schema: Schema): QueryScope[] | undefined {
  const trace = site.traces[0];
  if (site.through || trace?.io.library !== 'Kysely' || !ts.isCallExpression(site.node)) return undefined;
  const { calls } = callChain(site.node);
  let tableName: string | undefined;
  let tableSpan: Range | undefined;
  const terms: Term[] = [];
  let order: OrderTerm[] | undefined;
  let limited = false;
  let ignored = false;
  for (const { name, call } of calls) {
    const [first, second, third] = call.arguments;
    if (name === undefined) return undefined;
    if (KYSELY_TABLES.has(name)) {
      if (!first || !ts.isStringLiteralLike(first)) return undefined;
      tableName = first.text.split(/\s+as\s+/i)[0];
      tableSpan = literalSpan(first);
    } else if (name === 'where') {
      const operator = second && ts.isStringLiteralLike(second) ? second.text.toLowerCase() : undefined;
      if (!first || !ts.isStringLiteralLike(first) || operator === undefined || third === undefined) return undefined;
      const op = operator === 'is' && third.kind === ts.SyntaxKind.NullKeyword ? 'null' : OPERATORS[operator];
      if (op === 'like' && !(ts.isStringLiteralLike(third) && /^[^%_]/.test(third.text))) ignored = true;
      else if (op) terms.push(term(first.text, op, literalSpan(first)));
      else if (KYSELY_UNSERVED.has(operator)) ignored = true;
      else return undefined;
    } else if (name === 'orderBy') {
      if (!first || !ts.isStringLiteralLike(first)) return undefined;
      order = [...(order ?? []), { column: columnOf(first.text), label: columnOf(first.text), span: literalSpan(first) }];
    } else if (name === 'limit') {
      limited = true;
    } else if (!KYSELY_NEUTRAL.has(name)) {
      return undefined;
    }
  }
  const table = tableName === undefined ? undefined : schema.tables.get(tableName);
  if (!table || !tableSpan) return undefined;
  const access: Access = { table: table.name, span: tableSpan, restrictions: terms.map((item) => ({ branches: [[item]] })), joins: [], conjuncts: new Set() };
  if (calls[0]?.name === 'deleteFrom') access.deletes = true;
  if (limited && order && !ignored) access.order = order;
  return [{ accesses: [access] }];
}
