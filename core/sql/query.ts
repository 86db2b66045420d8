import { deparse, type Node } from './parser';
import { conjuncts, expressionKey, hasColumn, names, relationKey, type Schema, type Table } from './schema';

/** A range in the analysed file (UTF-16 offsets), already mapped back from the SQL text. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/** How a predicate constrains its column: the forms a btree index can serve. */
export type TermOp = 'eq' | 'range' | 'in' | 'like' | 'null';

/** A sargable predicate on one column, or on one expression of the table's columns (`lower(email)`). */
export interface Term {
  readonly column?: string;
  readonly expression?: string;
  /** As written, for messages: `customer_id`, `lower(email)`. */
  readonly label: string;
  readonly op: TermOp;
  readonly span: Range;
}

/** A conjunct of the WHERE clause on one table: one branch, or the branches of an OR (each a list of ANDed terms). */
export interface Restriction {
  readonly branches: readonly (readonly Term[])[];
}

/** `a.x = b.y`: the column of this table and the access it joins. */
export interface JoinTerm {
  readonly column: string;
  readonly span: Range;
  readonly partner: number;
}

export interface OrderTerm {
  readonly column?: string;
  readonly expression?: string;
  readonly label: string;
  readonly span: Range;
}

/** One table read by a query, with what the query says about its rows. */
export interface Access {
  readonly table: string;
  readonly span: Range;
  readonly restrictions: Restriction[];
  readonly joins: JoinTerm[];
  /** ORDER BY keys on this table when the query also has a LIMIT (an index in that order avoids reading everything). */
  order?: readonly OrderTerm[];
  /** Canonical text of the conjuncts that mention only this table: a partial index applies when they include its predicate. */
  readonly conjuncts: Set<string>;
  /** The query deletes the rows it reads here (`DELETE`, an ORM's delete): rows referencing them are looked up through their foreign keys. */
  deletes?: true;
  /** The query also filters by something not read (an unknown key, a relation filter built elsewhere): when no read filter is served, that one may be. */
  unread?: true;
}

/** The tables of one SELECT (or UPDATE/DELETE) level; subqueries are scopes of their own. */
export interface QueryScope {
  readonly accesses: Access[];
}

export type QueryProblem =
  | { readonly kind: 'unknown-table'; readonly table: string; readonly span: Range }
  | { readonly kind: 'unknown-column'; readonly table?: string; readonly column: string; readonly span: Range };

export interface QueryAnalysis {
  readonly scopes: QueryScope[];
  readonly problems: QueryProblem[];
}

/** Maps a location of the parser (UTF-8 bytes into the SQL text) to a file offset, and finds where a token ends. */
export interface SqlPositions {
  /** Parser location → UTF-16 offset in the SQL text. */
  readonly offsetOf: (location: number) => number;
  /** SQL text offset → file offset. */
  readonly toFile: (offset: number) => number;
  readonly text: string;
}

interface Entry {
  readonly alias: string;
  readonly table?: Table;
  readonly access?: number;
}

interface Scope {
  readonly entries: Entry[];
  readonly parent?: Scope;
  readonly shape: QueryScope;
  readonly outputs: Map<string, Node | undefined>;
  readonly ctes: ReadonlySet<string>;
}

interface ResolvedRef {
  readonly scope: Scope;
  readonly entry: Entry;
  readonly column: string;
}

const COMPARISONS: Readonly<Record<string, TermOp>> = { '=': 'eq', '<': 'range', '>': 'range', '<=': 'range', '>=': 'range' };
const CATALOG_SCHEMAS = new Set(['pg_catalog', 'information_schema']);

/**
 * Reads one parsed statement against the schema: the tables it reads, the predicates that could use
 * an index, and the tables and columns it names that the schema does not have.
 */
export function analyzeStatement(statement: Node, schema: Schema, positions: SqlPositions): QueryAnalysis {
  return new StatementReader(schema, positions).read(statement);
}

class StatementReader {
  private readonly scopes: QueryScope[] = [];
  private readonly problems: QueryProblem[] = [];
  private readonly reported = new Set<number>();

  constructor(
    private readonly schema: Schema,
    private readonly positions: SqlPositions,
  ) {}

  read(statement: Node): QueryAnalysis {
    this.statement(statement, undefined, new Set());
    return { scopes: this.scopes, problems: this.problems };
  }

  private statement(node: Node, parent: Scope | undefined, ctes: ReadonlySet<string>): void {
    if ('SelectStmt' in node) this.select(node.SelectStmt, parent, ctes);
    else if ('UpdateStmt' in node) this.modify(node.UpdateStmt, node.UpdateStmt.fromClause, parent, ctes, node.UpdateStmt.targetList);
    else if ('DeleteStmt' in node) {
      const scope = this.modify(node.DeleteStmt, node.DeleteStmt.usingClause, parent, ctes, undefined);
      const target = scope.entries[0]?.access;
      if (target !== undefined) scope.shape.accesses[target]!.deletes = true;
    }
    else if ('InsertStmt' in node) this.insert(node.InsertStmt, parent, ctes);
  }

  private withCtes(withClause: { ctes?: Node[] } | undefined, parent: Scope | undefined, ctes: ReadonlySet<string>): ReadonlySet<string> {
    if (!withClause?.ctes?.length) return ctes;
    const all = new Set(ctes);
    for (const cte of withClause.ctes) if ('CommonTableExpr' in cte && cte.CommonTableExpr.ctename) all.add(cte.CommonTableExpr.ctename);
    for (const cte of withClause.ctes) if ('CommonTableExpr' in cte && cte.CommonTableExpr.ctequery) this.statement(cte.CommonTableExpr.ctequery, parent, all);
    return all;
  }

  private newScope(parent: Scope | undefined, ctes: ReadonlySet<string>): Scope {
    const shape: QueryScope = { accesses: [] };
    this.scopes.push(shape);
    return { entries: [], parent, shape, outputs: new Map(), ctes };
  }

  private select(stmt: Extract<Node, { SelectStmt: unknown }>['SelectStmt'], parent: Scope | undefined, outerCtes: ReadonlySet<string>): void {
    const ctes = this.withCtes(stmt.withClause, parent, outerCtes);
    if (stmt.op && stmt.op !== 'SETOP_NONE') {
      if (stmt.larg) this.select(stmt.larg, parent, ctes);
      if (stmt.rarg) this.select(stmt.rarg, parent, ctes);
      return;
    }
    const scope = this.newScope(parent, ctes);
    const quals: Node[] = [];
    for (const item of stmt.fromClause ?? []) this.from(item, scope, quals);
    for (const target of stmt.targetList ?? []) {
      if (!('ResTarget' in target)) continue;
      if (target.ResTarget.name) scope.outputs.set(target.ResTarget.name, target.ResTarget.val);
      if (target.ResTarget.val) this.visit(target.ResTarget.val, scope);
    }
    this.predicates([...quals.flatMap(conjuncts), ...conjuncts(stmt.whereClause)], scope);
    for (const item of [...(stmt.groupClause ?? []), ...(stmt.havingClause ? [stmt.havingClause] : []), ...(stmt.valuesLists ?? [])]) this.visit(item, scope, true);
    this.order(stmt.sortClause ?? [], stmt.targetList ?? [], stmt.limitCount, scope);
  }

  private modify(
    stmt: { relation?: Extract<Node, { RangeVar: unknown }>['RangeVar']; whereClause?: Node; withClause?: { ctes?: Node[] }; returningClause?: { exprs?: Node[] } },
    extraFrom: Node[] | undefined,
    parent: Scope | undefined,
    outerCtes: ReadonlySet<string>,
    targets: Node[] | undefined,
  ): Scope {
    const ctes = this.withCtes(stmt.withClause, parent, outerCtes);
    const scope = this.newScope(parent, ctes);
    const quals: Node[] = [];
    if (stmt.relation) this.from({ RangeVar: stmt.relation }, scope, quals);
    for (const item of extraFrom ?? []) this.from(item, scope, quals);
    const target = scope.entries[0];
    for (const item of targets ?? []) {
      if (!('ResTarget' in item)) continue;
      if (item.ResTarget.name && target?.table) this.checkColumn(target.table, item.ResTarget.name, item.ResTarget.location);
      if (item.ResTarget.val) this.visit(item.ResTarget.val, scope);
    }
    this.predicates([...quals.flatMap(conjuncts), ...conjuncts(stmt.whereClause)], scope);
    for (const item of stmt.returningClause?.exprs ?? []) this.visit(item, scope);
    return scope;
  }

  private insert(stmt: Extract<Node, { InsertStmt: unknown }>['InsertStmt'], parent: Scope | undefined, outerCtes: ReadonlySet<string>): void {
    const ctes = this.withCtes(stmt.withClause, parent, outerCtes);
    const table = stmt.relation && this.relation(stmt.relation, ctes);
    for (const column of stmt.cols ?? []) {
      if (table && 'ResTarget' in column && column.ResTarget.name) this.checkColumn(table, column.ResTarget.name, column.ResTarget.location);
    }
    if (stmt.selectStmt) this.statement(stmt.selectStmt, parent, ctes);
  }

  /** The schema table a FROM item names; reports names the schema does not have. */
  private relation(relation: Extract<Node, { RangeVar: unknown }>['RangeVar'], ctes: ReadonlySet<string>): Table | undefined {
    const name = relation.relname;
    if (!name) return undefined;
    if (!relation.schemaname && ctes.has(name)) return undefined;
    const key = relationKey(relation.schemaname, name);
    const table = this.schema.tables.get(key);
    if (table) return table;
    if (this.schema.views.has(key) || CATALOG_SCHEMAS.has(relation.schemaname ?? '') || name.startsWith('pg_')) return undefined;
    const span = this.span(relation.location);
    if (span) this.report({ kind: 'unknown-table', table: key, span }, relation.location!);
    return undefined;
  }

  private from(node: Node, scope: Scope, quals: Node[]): void {
    if ('RangeVar' in node) {
      const relation = node.RangeVar;
      const table = this.relation(relation, scope.ctes);
      const alias = relation.alias?.aliasname ?? relation.relname ?? '';
      if (!table) {
        scope.entries.push({ alias });
        return;
      }
      const span = this.span(relation.location) ?? { start: 0, end: 0 };
      const access = scope.shape.accesses.push({ table: table.name, span, restrictions: [], joins: [], conjuncts: new Set() }) - 1;
      scope.entries.push({ alias, table, access });
    } else if ('JoinExpr' in node) {
      const join = node.JoinExpr;
      const before = scope.entries.length;
      if (join.larg) this.from(join.larg, scope, quals);
      const middle = scope.entries.length;
      if (join.rarg) this.from(join.rarg, scope, quals);
      if (join.quals) quals.push(join.quals);
      for (const column of names(join.usingClause)) this.usingJoin(column, scope.entries.slice(before, middle), scope.entries.slice(middle), scope);
    } else if ('RangeSubselect' in node) {
      const sub = node.RangeSubselect;
      if (sub.subquery) this.statement(sub.subquery, sub.lateral ? scope : scope.parent, scope.ctes);
      scope.entries.push({ alias: sub.alias?.aliasname ?? '' });
    } else if ('RangeFunction' in node) {
      for (const item of node.RangeFunction.functions ?? []) this.visit(item, scope);
      scope.entries.push({ alias: node.RangeFunction.alias?.aliasname ?? '' });
    } else {
      scope.entries.push({ alias: '' });
    }
  }

  private usingJoin(column: string, left: readonly Entry[], right: readonly Entry[], scope: Scope): void {
    const l = left.find((entry) => (entry.table !== undefined && hasColumn(entry.table, column)));
    const r = right.find((entry) => (entry.table !== undefined && hasColumn(entry.table, column)));
    if (l?.access === undefined || r?.access === undefined) return;
    const accesses = scope.shape.accesses;
    accesses[l.access]!.joins.push({ column, span: accesses[l.access]!.span, partner: r.access });
    accesses[r.access]!.joins.push({ column, span: accesses[r.access]!.span, partner: l.access });
  }

  private predicates(items: readonly Node[], scope: Scope): void {
    for (const item of items) {
      this.visit(item, scope);
      if ('BoolExpr' in item && item.BoolExpr.boolop === 'OR_EXPR') {
        this.orRestriction(item.BoolExpr.args ?? [], scope);
        continue;
      }
      const found = this.term(item, scope);
      if (!found) continue;
      if ('join' in found) {
        const [a, b] = found.join;
        const accesses = scope.shape.accesses;
        accesses[a.access]!.joins.push({ column: a.column, span: a.span, partner: b.access });
        accesses[b.access]!.joins.push({ column: b.column, span: b.span, partner: a.access });
        continue;
      }
      const access = scope.shape.accesses[found.access]!;
      access.restrictions.push({ branches: [[found.term]] });
      access.conjuncts.add(expressionKey(item));
    }
  }

  /** An OR restricts a table only when every branch has a sargable predicate on that same table. */
  private orRestriction(args: readonly Node[], scope: Scope): void {
    let access: number | undefined;
    const branches: Term[][] = [];
    for (const branch of args) {
      const terms: Term[] = [];
      for (const item of conjuncts(branch)) {
        const found = this.term(item, scope);
        if (!found || 'join' in found) continue;
        if (access !== undefined && access !== found.access) return;
        access = found.access;
        terms.push(found.term);
      }
      branches.push(terms);
    }
    if (access === undefined) return;
    scope.shape.accesses[access]!.restrictions.push({ branches });
  }

  private term(node: Node, scope: Scope): { access: number; term: Term } | { join: [JoinSide, JoinSide] } | undefined {
    if ('ColumnRef' in node) return this.restriction(node, undefined, 'eq', scope);
    if ('NullTest' in node && node.NullTest.nulltesttype === 'IS_NULL' && node.NullTest.arg) return this.restriction(node.NullTest.arg, undefined, 'null', scope);
    if ('SubLink' in node && node.SubLink.subLinkType === 'ANY_SUBLINK' && node.SubLink.testexpr) return this.restriction(node.SubLink.testexpr, undefined, 'in', scope);
    if (!('A_Expr' in node)) return undefined;
    const { kind, lexpr, rexpr } = node.A_Expr;
    const operator = names(node.A_Expr.name)[0] ?? '';
    if (!lexpr || !rexpr) return undefined;
    switch (kind) {
      case 'AEXPR_OP': {
        const op = COMPARISONS[operator];
        if (!op) return undefined;
        if (op === 'eq') {
          const join = this.joinSides(lexpr, rexpr, scope);
          if (join) return { join };
        }
        return this.restriction(lexpr, rexpr, op, scope) ?? this.restriction(rexpr, lexpr, op, scope);
      }
      case 'AEXPR_OP_ANY':
        return operator === '=' ? this.restriction(lexpr, rexpr, 'in', scope) : undefined;
      case 'AEXPR_IN':
        return operator === '=' ? this.restriction(lexpr, rexpr, 'in', scope) : undefined;
      case 'AEXPR_LIKE':
        return operator === '~~' && isPrefixPattern(rexpr) ? this.restriction(lexpr, rexpr, 'like', scope) : undefined;
      case 'AEXPR_BETWEEN':
      case 'AEXPR_BETWEEN_SYM':
        return this.restriction(lexpr, rexpr, 'range', scope);
      default:
        return undefined;
    }
  }

  private joinSides(left: Node, right: Node, scope: Scope): [JoinSide, JoinSide] | undefined {
    if (!('ColumnRef' in left) || !('ColumnRef' in right)) return undefined;
    const a = this.resolve(left.ColumnRef.fields ?? [], scope);
    const b = this.resolve(right.ColumnRef.fields ?? [], scope);
    if (a?.scope !== scope || b?.scope !== scope || a.entry.access === undefined || b.entry.access === undefined || a.entry.access === b.entry.access) return undefined;
    const spanA = this.span(left.ColumnRef.location);
    const spanB = this.span(right.ColumnRef.location);
    if (!spanA || !spanB) return undefined;
    return [
      { access: a.entry.access, column: a.column, span: spanA },
      { access: b.entry.access, column: b.column, span: spanB },
    ];
  }

  /** `column op value` where the column side reads one table of this scope and the value side none. */
  private restriction(columnSide: Node, valueSide: Node | undefined, op: TermOp, scope: Scope): { access: number; term: Term } | undefined {
    const refs = this.localRefs(columnSide, scope);
    if (!refs || refs.size !== 1) return undefined;
    if (valueSide) {
      const valueRefs = this.localRefs(valueSide, scope);
      if (!valueRefs || valueRefs.size > 0) return undefined;
    }
    const access = [...refs][0]!;
    if ('ColumnRef' in columnSide) {
      const resolved = this.resolve(columnSide.ColumnRef.fields ?? [], scope);
      const span = this.span(columnSide.ColumnRef.location);
      if (!resolved || !span) return undefined;
      return { access, term: { column: resolved.column, label: resolved.column, op, span } };
    }
    const span = this.expressionSpan(columnSide);
    if (!span) return undefined;
    return { access, term: { expression: expressionKey(columnSide), label: deparse(columnSide), op, span } };
  }

  /**
   * The accesses of this scope an expression reads, or undefined when it reads something opaque
   * here (a subquery, a CTE, an unknown table) or contains a subquery.
   */
  private localRefs(node: Node, scope: Scope): Set<number> | undefined {
    const found = new Set<number>();
    let opaque = false;
    walk(node, (child) => {
      if ('SubLink' in child || 'SelectStmt' in child) {
        opaque = true;
        return false;
      }
      if (!('ColumnRef' in child)) return true;
      const resolved = this.resolve(child.ColumnRef.fields ?? [], scope);
      if (!resolved) {
        if (refersToScope(child.ColumnRef.fields ?? [], scope)) opaque = true;
        return false;
      }
      if (resolved.scope !== scope) return false;
      if (resolved.entry.access === undefined) opaque = true;
      else found.add(resolved.entry.access);
      return false;
    });
    return opaque ? undefined : found;
  }

  private order(sortClause: readonly Node[], targetList: readonly Node[], limit: Node | undefined, scope: Scope): void {
    for (const item of sortClause) if ('SortBy' in item && item.SortBy.node) this.visit(item.SortBy.node, scope, true);
    if (!limit || ('A_Const' in limit && limit.A_Const.isnull) || sortClause.length === 0) return;
    const terms: OrderTerm[] = [];
    let access: number | undefined;
    for (const item of sortClause) {
      if (!('SortBy' in item) || !item.SortBy.node) return;
      const written = item.SortBy.node;
      const node = this.outputExpression(written, targetList, scope) ?? written;
      const refs = this.localRefs(node, scope);
      if (!refs || refs.size !== 1) return;
      const only = [...refs][0]!;
      if (access !== undefined && access !== only) return;
      access = only;
      const span = 'ColumnRef' in written ? this.span(written.ColumnRef.location) : this.expressionSpan(written);
      if (!span) return;
      if ('ColumnRef' in node) {
        const resolved = this.resolve(node.ColumnRef.fields ?? [], scope);
        if (!resolved) return;
        terms.push({ column: resolved.column, label: resolved.column, span });
      } else {
        terms.push({ expression: expressionKey(node), label: deparse(node), span });
      }
    }
    if (access !== undefined) scope.shape.accesses[access]!.order = terms;
  }

  /** `ORDER BY 2` or `ORDER BY alias` → the select-list expression it names. */
  private outputExpression(node: Node, targetList: readonly Node[], scope: Scope): Node | undefined {
    if ('A_Const' in node && node.A_Const.ival?.ival !== undefined) {
      const target = targetList[node.A_Const.ival.ival - 1];
      return target && 'ResTarget' in target ? target.ResTarget.val : undefined;
    }
    if ('ColumnRef' in node) {
      const fields = names(node.ColumnRef.fields);
      if (fields.length === 1 && !this.resolve(node.ColumnRef.fields ?? [], scope)) return scope.outputs.get(fields[0]!);
    }
    return undefined;
  }

  /** Checks every column reference (reporting unknown ones) and reads subqueries as scopes of their own. */
  private visit(node: Node, scope: Scope, outputsVisible = false): void {
    walk(node, (child) => {
      if ('SubLink' in child) {
        if (child.SubLink.testexpr) this.visit(child.SubLink.testexpr, scope, outputsVisible);
        if (child.SubLink.subselect) this.statement(child.SubLink.subselect, scope, scope.ctes);
        return false;
      }
      if ('SelectStmt' in child) {
        this.select(child.SelectStmt, scope, scope.ctes);
        return false;
      }
      if ('ColumnRef' in child) {
        this.checkRef(child.ColumnRef.fields ?? [], child.ColumnRef.location, scope, outputsVisible);
        return false;
      }
      return true;
    });
  }

  private checkRef(fields: readonly Node[], location: number | undefined, scope: Scope, outputsVisible: boolean): void {
    const parts = names(fields);
    if (parts.length === 0 || parts.length < fields.length) return; // `t.*`
    if (this.resolve(fields, scope)) return;
    const column = parts[parts.length - 1]!;
    if (parts.length === 1) {
      if (outputsVisible && scope.outputs.has(column)) return;
      const tables = allEntries(scope);
      // Only a scope made entirely of known tables can say a column does not exist.
      if (tables.length === 0 || tables.some((entry) => !entry.table)) return;
      const span = this.span(location);
      const only = scope.entries.length === 1 ? scope.entries[0]!.table!.name : undefined;
      if (span) this.report({ kind: 'unknown-column', ...(only ? { table: only } : {}), column, span }, location!);
      return;
    }
    const entry = findEntry(parts[parts.length - 2]!, scope);
    if (entry?.table) this.checkColumn(entry.table, column, location);
  }

  private checkColumn(table: Table, column: string, location: number | undefined): void {
    if (hasColumn(table, column)) return;
    const span = this.span(location);
    if (span) this.report({ kind: 'unknown-column', table: table.name, column, span }, location!);
  }

  private resolve(fields: readonly Node[], scope: Scope): ResolvedRef | undefined {
    const parts = names(fields);
    if (parts.length === 0 || parts.length < fields.length) return undefined;
    const column = parts[parts.length - 1]!;
    if (parts.length === 1) {
      for (let current: Scope | undefined = scope; current; current = current.parent) {
        const matches = current.entries.filter((entry) => (entry.table !== undefined && hasColumn(entry.table, column)));
        if (matches.length === 1) return { scope: current, entry: matches[0]!, column };
        if (matches.length > 1 || current.entries.some((entry) => !entry.table)) return undefined;
      }
      return undefined;
    }
    const qualifier = parts[parts.length - 2]!;
    for (let current: Scope | undefined = scope; current; current = current.parent) {
      const entry = current.entries.find((item) => item.alias === qualifier);
      if (!entry) continue;
      return (entry.table !== undefined && hasColumn(entry.table, column)) ? { scope: current, entry, column } : undefined;
    }
    return undefined;
  }

  private report(problem: QueryProblem, location: number): void {
    if (this.reported.has(location)) return;
    this.reported.add(location);
    this.problems.push(problem);
  }

  /** The span of the identifier chain (`o.customer_id`, `"User"`) that starts at a parser location. */
  private span(location: number | undefined): Range | undefined {
    if (location === undefined || location < 0) return undefined;
    const start = this.positions.offsetOf(location);
    const match = /^(?:"(?:[^"]|"")*"|[\p{L}_][\p{L}\p{N}_$]*)(?:\s*\.\s*(?:"(?:[^"]|"")*"|[\p{L}_][\p{L}\p{N}_$]*))*/u.exec(this.positions.text.slice(start));
    const end = start + (match ? match[0].length : 1);
    return { start: this.positions.toFile(start), end: this.positions.toFile(end) };
  }

  /** From an expression's first location to the end of its last token (closing parentheses included). */
  private expressionSpan(node: Node): Range | undefined {
    const locations: number[] = [];
    walk(node, (child) => {
      for (const value of Object.values(child as Record<string, { location?: number }>)) {
        if (typeof value?.location === 'number' && value.location >= 0) locations.push(value.location);
      }
      return true;
    });
    if (locations.length === 0) return undefined;
    const text = this.positions.text;
    const start = this.positions.offsetOf(Math.min(...locations));
    let end = this.positions.offsetOf(Math.max(...locations));
    end += /^(?:"(?:[^"]|"")*"|'(?:[^']|'')*'|[\p{L}\p{N}_$.]+|\S)/u.exec(text.slice(end))?.[0].length ?? 0;
    // Close the parentheses the expression opened.
    let depth = 0;
    for (let index = start; index < end; index += 1) depth += text[index] === '(' ? 1 : text[index] === ')' ? -1 : 0;
    while (depth > 0 && end < text.length) {
      if (text[end] === ')') depth -= 1;
      else if (text[end] === '(') depth += 1;
      end += 1;
    }
    return { start: this.positions.toFile(start), end: this.positions.toFile(end) };
  }
}

interface JoinSide {
  readonly access: number;
  readonly column: string;
  readonly span: Range;
}

/** Visits a node and its children; `enter` returns false to skip a node's children. */
function walk(node: unknown, enter: (node: Node) => boolean): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, enter);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  const keys = Object.keys(record);
  // A node is `{ Kind: {…} }`; plain field objects (a RangeVar's alias) are walked through.
  if (keys.length === 1 && /^[A-Z]/.test(keys[0]!) && !enter(record as Node)) return;
  for (const value of Object.values(record)) if (typeof value === 'object' && value !== null) walk(value, enter);
}

function allEntries(scope: Scope): Entry[] {
  const entries: Entry[] = [];
  for (let current: Scope | undefined = scope; current; current = current.parent) entries.push(...current.entries);
  return entries;
}

function findEntry(alias: string, scope: Scope): Entry | undefined {
  for (let current: Scope | undefined = scope; current; current = current.parent) {
    const entry = current.entries.find((item) => item.alias === alias);
    if (entry) return entry;
  }
  return undefined;
}

/** True when an unresolved reference may belong to this scope (an opaque entry could have the column). */
function refersToScope(fields: readonly Node[], scope: Scope): boolean {
  const parts = names(fields);
  if (parts.length > 1) return scope.entries.some((entry) => entry.alias === parts[parts.length - 2]);
  return scope.entries.some((entry) => !entry.table);
}

/** `LIKE 'abc%'`: a constant pattern with a fixed prefix can use a btree index. */
function isPrefixPattern(node: Node): boolean {
  if (!('A_Const' in node)) return false;
  const pattern = node.A_Const.sval?.sval;
  return pattern !== undefined && pattern.length > 0 && !/^[%_]/.test(pattern);
}
