import ts from 'typescript';
import type { IoIndex, IoSite } from '../io-sites';
import { classOf, columnOf, entityOf, modelOfClass } from './orm-query';
import { parseSql, type Node } from './parser';
import { conjunctKey } from './prisma-query';
import { analyzeStatement, type QueryScope } from './query';
import { quoteIdentifier, type OrmModel, type Schema, type Table } from './schema';
import { callChain } from './static-code';

/**
 * TypeORM's query builder read as the SQL it sends: `repo.createQueryBuilder('u').where('u.email =
 * :email', { email }).andWhere(…).orderBy('u.createdAt', 'DESC').limit(1).getOne()`, joins to an
 * entity with their `ON` condition, `update(Entity)` and `delete().from(Entity)`. The fragments are
 * parsed by PostgreSQL's parser once their property paths (`u.createdAt`) are replaced by the columns
 * TypeORM writes and their parameters (`:email`, `:...ids`) by `$n`. A relation joined by its path
 * (`u.orders`) is left out of the SQL, and the query with it when a condition or sort mentions its
 * alias. A fragment that is not a literal, a `Brackets` or object condition, a column that is not
 * known (a project's own decorator, a name that is not a property), or any link not known to leave
 * the rows alone leaves the query unread.
 */

const MODULE = 'typeorm';
const WHERE_LINKS: Readonly<Record<string, 'AND' | 'OR'>> = { where: 'AND', andWhere: 'AND', orWhere: 'OR' };
const JOIN_LINKS = /^(inner|left)Join(AndSelect|AndMapOne|AndMapMany)?$/;
const ORDER_LINKS = new Set(['orderBy', 'addOrderBy']);
const LIMIT_LINKS = new Set(['limit', 'take']);
const NEUTRAL_LINKS = new Set(['select', 'addSelect', 'distinct', 'setParameter', 'setParameters', 'offset', 'skip', 'cache', 'useTransaction', 'setLock', 'setOnLocked', 'printSql', 'loadRelationIdAndMap', 'loadAllRelationIds', 'set', 'returning', 'setFindOptions', 'comment', 'maxExecutionTime', 'callListeners', 'useIndex']);

interface Entry {
  readonly alias: string;
  readonly model: OrmModel;
  readonly table: Table;
}

/** SQL text made of pieces, each mapped to where it came from in the file. */
class MappedSql {
  text = '';
  private readonly pieces: { start: number; file: number; exact: boolean }[] = [];

  add(text: string, file: number, exact = false): void {
    this.pieces.push({ start: this.text.length, file, exact });
    this.text += text;
  }

  toFile(offset: number): number {
    let piece = this.pieces[0]!;
    for (const candidate of this.pieces) if (candidate.start <= offset) piece = candidate;
    return piece.exact ? piece.file + (offset - piece.start) : piece.file;
  }
}

/** The scopes of an awaited query builder chain, or undefined when it is not one this reads. */
export function typeormBuilderScopes(site: IoSite, schema: Schema, io: IoIndex): QueryScope[] | undefined {
  const trace = site.traces[0];
  if (site.through || trace?.io.library !== 'TypeORM' || !ts.isCallExpression(site.node)) return undefined;
  const { calls } = callChain(site.node);
  const member = (call: ts.CallExpression): string | undefined => {
    const declaration = io.classifier.resolvedDeclaration(call);
    const origin = declaration && io.classifier.origins.originOf(declaration);
    return origin?.module === MODULE ? origin.path.at(-1) : undefined;
  };
  const entity = (node: ts.Expression | undefined): { model: OrmModel; table: Table } | undefined => {
    const declaration = node && classOf(io.checker.getTypeAtLocation(node));
    return declaration && modelOfClass(declaration, schema);
  };
  // The calls before `createQueryBuilder` make its receiver (`connection.getRepository(User)`).
  const opening = calls.findIndex(({ name, call }) => name === 'createQueryBuilder' && member(call) === 'createQueryBuilder');
  if (opening < 0 || opening === calls.length - 1) return undefined;
  const start = calls[opening]!.call;
  let main: Entry | undefined;
  let verb: 'select' | 'update' | 'delete' = 'select';
  const [first, second] = start.arguments;
  if (first && ts.isStringLiteralLike(first)) {
    // `repository.createQueryBuilder('u')`
    const receiver = ts.isPropertyAccessExpression(start.expression) ? start.expression.expression : undefined;
    const declaration = receiver && entityOf(io.checker.getTypeAtLocation(receiver), io);
    const found = declaration && modelOfClass(declaration, schema);
    if (!found) return undefined;
    main = { alias: first.text, ...found };
  } else if (first && second && ts.isStringLiteralLike(second)) {
    // `manager.createQueryBuilder(User, 'u')`
    const found = entity(first);
    if (!found) return undefined;
    main = { alias: second.text, ...found };
  } else if (first) {
    return undefined;
  }
  const joins: { entry: Entry; kind: string; on: ts.StringLiteralLike }[] = [];
  const pathJoined = new Set<string>();
  const conditions: { glue: 'AND' | 'OR'; fragment: ts.StringLiteralLike }[] = [];
  const order: { fragment: ts.StringLiteralLike; direction: string }[] = [];
  let limited = false;
  let grouped = false;
  let withDeleted = false;
  for (const { call } of calls.slice(opening + 1)) {
    const link = member(call);
    const [a, b, c] = call.arguments;
    if (link === undefined) return undefined;
    if (link === 'from' || link === 'update') {
      // `createQueryBuilder().select().from(User, 'u')`, `.update(User)`, `.delete().from(User)`
      const found = entity(a);
      if (!found || (main && main.model !== found.model)) return undefined;
      main = { alias: b && ts.isStringLiteralLike(b) ? b.text : (main?.alias ?? found.table.name), ...found };
      if (link === 'update') verb = 'update';
    } else if (link === 'delete') {
      verb = 'delete';
    } else if (link in WHERE_LINKS) {
      if (!a || !ts.isStringLiteralLike(a)) return undefined;
      conditions.push({ glue: conditions.length ? WHERE_LINKS[link]! : 'AND', fragment: a });
    } else if (JOIN_LINKS.test(link)) {
      const alias = b && ts.isStringLiteralLike(b) ? b.text : undefined;
      if (alias === undefined || (c !== undefined && !ts.isStringLiteralLike(c))) return undefined;
      if (a && ts.isStringLiteralLike(a) && /^\w+\.\w+$/.test(a.text)) {
        pathJoined.add(alias);
        continue;
      }
      const found = entity(a);
      if (!found || !c) return undefined;
      joins.push({ entry: { alias, ...found }, kind: link.startsWith('inner') ? 'JOIN' : 'LEFT JOIN', on: c as ts.StringLiteralLike });
    } else if (ORDER_LINKS.has(link)) {
      if (!a || !ts.isStringLiteralLike(a) || (b !== undefined && !(ts.isStringLiteralLike(b) && /^(ASC|DESC)$/i.test(b.text)))) return undefined;
      if (link === 'orderBy') order.length = 0;
      order.push({ fragment: a, direction: b && ts.isStringLiteralLike(b) ? b.text.toUpperCase() : 'ASC' });
    } else if (LIMIT_LINKS.has(link)) {
      limited = true;
    } else if (link === 'groupBy' || link === 'addGroupBy') {
      grouped = true;
    } else if (link === 'withDeleted') {
      withDeleted = true;
    } else if (!NEUTRAL_LINKS.has(link) && call !== site.node) {
      return undefined;
    }
  }
  if (!main) return undefined;
  const entries = [main, ...joins.map((join) => join.entry)];
  const sql = new MappedSql();
  const anchor = start.getStart();
  const relation = (entry: Entry): string => `${entry.table.name.split('.').map(quoteIdentifier).join('.')} ${quoteIdentifier(entry.alias)}`;
  let parameters = 0;
  let after = anchor;
  /** Appends a fragment with its property paths as columns and its parameters as `$n`; false when a name in it is not known. What follows it maps to its end. */
  const fragment = (literal: ts.StringLiteralLike): boolean => {
    const written = literal.text;
    // Escapes make the literal's text differ from the file's: positions then point at the literal.
    const exact = literal.getText().slice(1, -1) === written;
    const base = literal.getStart() + 1;
    const pattern = /("(?:[^"]|"")*"|'(?:[^']|'')*')|(?<!:):(?:\.\.\.)?[A-Za-z_]\w*|\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)\b/g;
    let last = 0;
    for (const match of written.matchAll(pattern)) {
      const index = match.index;
      if (match[1] !== undefined) continue;
      sql.add(written.slice(last, index), base + (exact ? last : 0), exact);
      if (match[0].startsWith(':')) {
        parameters += 1;
        sql.add(`$${parameters}`, base + (exact ? index : 0));
      } else {
        const [alias, property] = [match[2]!, match[3]!];
        if (pathJoined.has(alias)) return false;
        const entry = entries.find((item) => item.alias === alias);
        const column = entry && (columnOf(property, entry.model, entry.table) ?? entry.model.joins.get(property));
        if (!entry || column === undefined || entry.model.opaque?.has(column)) return false;
        sql.add(`${quoteIdentifier(alias)}.${quoteIdentifier(column)}`, base + (exact ? index : 0));
      }
      last = index + match[0].length;
    }
    sql.add(written.slice(last), base + (exact ? last : 0), exact);
    after = literal.getEnd() - 1;
    return true;
  };
  if (verb === 'select') sql.add(`SELECT * FROM ${relation(main)}`, anchor);
  else if (verb === 'update') sql.add(`UPDATE ${relation(main)} SET ${quoteIdentifier([...main.table.columns.keys()][0] ?? 'id')} = NULL`, anchor);
  else sql.add(`DELETE FROM ${relation(main)}`, anchor);
  for (const join of joins) {
    sql.add(` ${join.kind} ${relation(join.entry)} ON (`, after);
    if (!fragment(join.on)) return undefined;
    sql.add(')', after);
  }
  conditions.forEach((condition, position) => {
    sql.add(position === 0 ? ' WHERE (' : ` ${condition.glue} (`, after);
    if (!fragment(condition.fragment)) parameters = -1;
    sql.add(')', after);
  });
  if (parameters < 0) return undefined;
  if (verb === 'select' && order.length && !grouped) {
    order.forEach((item, position) => {
      sql.add(position === 0 ? ' ORDER BY ' : ', ', after);
      if (!fragment(item.fragment)) parameters = -1;
      sql.add(` ${item.direction}`, after);
    });
    if (parameters < 0) return undefined;
    if (limited) sql.add(' LIMIT 1', after);
  }
  const parsed = parseSql(sql.text);
  const statement = parsed.ok && parsed.statements.length === 1 ? parsed.statements[0]!.node : undefined;
  if (!parsed.ok || !statement || !knownColumns(statement, entries)) return undefined;
  const scopes = analyzeStatement(statement, schema, { offsetOf: parsed.offsetOf, toFile: (offset) => sql.toFile(offset), text: sql.text }).scopes;
  // The soft-delete column: TypeORM adds `deletedAt IS NULL` unless told `withDeleted()`, which a partial index on it may require.
  const access = scopes[0]?.accesses[0];
  const softDelete = !withDeleted && main.model.softDelete;
  const conjunct = softDelete && conjunctKey(softDelete, ts.factory.createNull());
  if (access && conjunct) access.conjuncts.add(conjunct);
  return scopes;
}

/** Every column the statement names is a known column of its tables (`u.email`, or a bare name only one of them has), not one a project's decorator makes. */
function knownColumns(statement: Node, entries: readonly Entry[]): boolean {
  let known = true;
  const visit = (value: unknown): void => {
    if (!known || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) return value.forEach(visit);
    const record = value as Record<string, unknown>;
    const reference = record['ColumnRef'] as { fields?: Node[] } | undefined;
    if (reference) {
      const parts = (reference.fields ?? []).map((field) => ('String' in field ? field.String.sval : 'A_Star' in field ? '*' : undefined));
      if (parts.length === 1 && parts[0] === '*') return;
      const [qualifier, column] = parts.length === 2 ? parts : [undefined, parts[0]];
      const owners = entries.filter((entry) => (qualifier === undefined || entry.alias === qualifier) && column !== undefined && entry.table.columns.has(column));
      // A column of the project's own decorator (`@PrimaryGeneratedId()`): whether an index serves it is not known.
      if (parts.length > 2 || owners.length !== 1 || owners[0]!.model.opaque?.has(column!)) known = false;
      return;
    }
    Object.values(record).forEach(visit);
  };
  visit(statement);
  return known;
}
