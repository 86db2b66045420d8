import fs from 'node:fs';
import ts from 'typescript';
import { parseSql } from './parser';
import { addForeignKey, addIndex, applyStatement, quoteIdentifier, type Schema, type Table } from './schema';
import { callChain, propertyNameOf, propertyOf, StaticFile } from './static-code';

/**
 * Drizzle tables read without running them: `pgTable(name, columns, (t) => [index(…).on(t.col)])`
 * (mysqlTable, sqliteTable and singlestoreTable share the shape), the extra config's older
 * object form, `pgSchema('s').table(…)`, columns given as a callback of the column builders, and on
 * a column `.primaryKey()`, `.unique()`, `.references(() => users.id)`. Each declaration becomes a model (its variable) mapped to
 * its table, which is created when no migration made it: `drizzle-kit push` creates it from the
 * declaration. Whatever depends on values the code does not spell out is listed, never guessed.
 */

const CORE_MODULES = /^drizzle-orm\/(pg|mysql|sqlite|singlestore)-core$/;
const TABLE_FUNCTIONS = new Set(['pgTable', 'mysqlTable', 'sqliteTable', 'singlestoreTable']);
const SCHEMA_FUNCTIONS = new Set(['pgSchema', 'mysqlSchema', 'singlestoreSchema']);
const TABLE_CREATORS = new Set(['pgTableCreator', 'mysqlTableCreator', 'sqliteTableCreator', 'singlestoreTableCreator']);
/** Column builders whose SQL type differs from their name (the rest: `text` → text, else text for replay). */
const COLUMN_TYPES: Readonly<Record<string, string>> = {
  serial: 'integer', smallserial: 'smallint', bigserial: 'bigint', int: 'integer', integer: 'integer', smallint: 'smallint', tinyint: 'smallint', mediumint: 'integer', bigint: 'bigint',
  boolean: 'boolean', timestamp: 'timestamptz', datetime: 'timestamptz', date: 'date', time: 'time', interval: 'interval', uuid: 'uuid', json: 'jsonb', jsonb: 'jsonb',
  numeric: 'numeric', decimal: 'numeric', real: 'real', float: 'real', double: 'double precision', doublePrecision: 'double precision', varchar: 'varchar', char: 'char', text: 'text', inet: 'inet',
};

/** A table's columns: property → column, and the columns that are keys by themselves. */
interface Columns {
  readonly fields: Map<string, string>;
  readonly types: Map<string, string>;
  readonly primary: string[];
  readonly unique: { readonly column: string; readonly name?: string }[];
  /** `.references(() => users.id)`: the column and the variable of the referenced table. */
  readonly references: { readonly column: string; readonly variable: string }[];
}

/** A column's reference to a table variable, resolved once every file's tables are read (it may be declared in another). */
interface PendingReference {
  readonly table: Table;
  readonly column: string;
  readonly variable: string;
}

/** Reads the Drizzle tables of these files into the schema. */
export function applyDrizzleTables(schema: Schema, files: readonly string[]): void {
  const pending: PendingReference[] = [];
  for (const file of files) new DrizzleFile(schema, StaticFile.parse(file, fs.readFileSync(file, 'utf8')), pending).read();
  for (const { table, column, variable } of pending) {
    // Two tables declared under one variable name (in different files) cannot be told apart here.
    const [referenced, other] = schema.models.filter((model) => model.orm === 'Drizzle' && model.className === variable);
    if (referenced?.table !== undefined && !other) addForeignKey(table, { columns: [column], references: referenced.table });
  }
}

class DrizzleFile {
  /** Local name → the name a Drizzle module exports (`import { pgTable as table }`). */
  private readonly imports = new Map<string, string>();

  constructor(
    private readonly schema: Schema,
    private readonly code: StaticFile,
    private readonly pending: PendingReference[],
  ) {
    for (const statement of code.source.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const module = statement.moduleSpecifier.text;
      const bindings = statement.importClause?.namedBindings;
      if ((module === 'drizzle-orm' || CORE_MODULES.test(module)) && bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) this.imports.set(element.name.text, (element.propertyName ?? element.name).text);
      }
    }
  }

  read(): void {
    if (this.imports.size === 0) return;
    for (const statement of this.code.source.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.initializer && ts.isCallExpression(declaration.initializer)) this.table(declaration.name, declaration.initializer);
      }
    }
  }

  /** The Drizzle export an expression names (`pgTable`, or `t` for a local alias), if it is one. */
  private drizzleName(node: ts.Expression): string | undefined {
    return ts.isIdentifier(node) ? this.imports.get(node.text) : undefined;
  }

  private table(variable: ts.Identifier, call: ts.CallExpression): void {
    const callee = call.expression;
    let prefix: string | undefined;
    const creator = ts.isIdentifier(callee) ? this.code.unwrap(callee) : undefined;
    if (creator && ts.isCallExpression(creator) && TABLE_CREATORS.has(this.drizzleName(creator.expression) ?? '')) {
      return this.unread(call, 'a table named by a table creator at run time');
    }
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'table') {
      // `pgSchema('audit').table('events', …)`
      const owner = this.code.unwrap(callee.expression);
      if (!ts.isCallExpression(owner) || !SCHEMA_FUNCTIONS.has(this.drizzleName(owner.expression) ?? '')) return;
      prefix = this.code.string(owner.arguments[0]);
      if (prefix === undefined) return this.unread(call, 'a schema named at run time');
    } else if (!TABLE_FUNCTIONS.has(this.drizzleName(callee) ?? '')) {
      return;
    }
    const [nameArg, columnsArg, extraArg] = call.arguments;
    const written = this.code.string(nameArg);
    if (written === undefined) return this.unread(call, 'a table named at run time');
    const name = prefix === undefined || prefix === 'public' ? written : `${prefix}.${written}`;
    const columns = this.columns(columnsArg, call);
    let table = this.schema.tables.get(name);
    if (!table) {
      table = { name, columns: new Map(), indexes: [], foreignKeys: [], declared: this.code.span(variable) };
      this.schema.tables.set(name, table);
      for (const [column, type] of columns.types) table.columns.set(column, { name: column, type });
    }
    if (columns.primary.length) addIndex(table, { name: `${written}_pkey`, columns: columns.primary, unique: true });
    for (const unique of columns.unique) addIndex(table, { ...(unique.name ? { name: unique.name } : {}), columns: [unique.column], unique: true });
    if (extraArg) this.extraConfig(table, columns, extraArg);
    for (const { column, variable: referenced } of columns.references) this.pending.push({ table, column, variable: referenced });
    this.schema.models.push({ orm: 'Drizzle', className: variable.text, declared: this.code.span(variable), table: name, tried: [name], fields: columns.fields, underscored: false, joins: new Map() });
  }

  /** `{ id: serial('id').primaryKey(), …timestamps }`, or `(c) => ({ id: c.serial() })`. */
  private columns(node: ts.Expression | undefined, call: ts.CallExpression): Columns {
    const columns: Columns = { fields: new Map(), types: new Map(), primary: [], unique: [], references: [] };
    const value = node && this.code.unwrap(node);
    const builders = value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) ? value.parameters[0]?.name : undefined;
    const object = this.code.object(value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) ? returned(value) : value);
    if (!object) {
      this.unread(call, 'columns built at run time');
      return columns;
    }
    const properties = (from: ts.ObjectLiteralExpression): void => {
      for (const property of from.properties) {
        if (ts.isSpreadAssignment(property)) {
          const spread = this.code.object(property.expression);
          if (spread) properties(spread);
          else this.unread(property, 'columns built at run time');
          continue;
        }
        const key = propertyNameOf(property);
        if (key === undefined || !ts.isPropertyAssignment(property)) continue;
        this.column(columns, key, property.initializer, builders && ts.isIdentifier(builders) ? builders.text : undefined);
      }
    };
    properties(object);
    return columns;
  }

  /** `varchar('email', { length: 255 }).notNull().unique()`: a builder of Drizzle's and its modifiers. A column of the project's own builder is left out. */
  private column(columns: Columns, key: string, initializer: ts.Expression, buildersParameter: string | undefined): void {
    const { root, calls } = callChain(initializer);
    const head = calls[0];
    if (!head) return;
    const builder = head.name === undefined ? this.drizzleName(root) : ts.isIdentifier(root) && root.text === buildersParameter ? head.name : undefined;
    if (builder === undefined) return;
    // Without a name the column is stored under its key (unless `casing` renames it at run time).
    const column = this.code.string(head.call.arguments[0]) ?? key;
    columns.fields.set(key, column);
    columns.types.set(column, COLUMN_TYPES[builder] ?? 'text');
    for (const { name, call } of calls.slice(1)) {
      if (name === 'primaryKey') columns.primary.push(column);
      else if (name === 'unique') columns.unique.push({ column, ...(this.code.string(call.arguments[0]) ? { name: this.code.string(call.arguments[0])! } : {}) });
      else if (name === 'references') {
        const target = call.arguments[0] && this.code.unwrap(call.arguments[0]);
        const body = target && (ts.isArrowFunction(target) || ts.isFunctionExpression(target)) ? returned(target) : undefined;
        if (body && ts.isPropertyAccessExpression(body) && ts.isIdentifier(body.expression)) columns.references.push({ column, variable: body.expression.text });
        else this.unread(call, 'a foreign key built at run time');
      }
    }
  }

  /** `(t) => [index('n').on(t.a), …]` or `(t) => ({ n: index('n').on(t.a) })`. */
  private extraConfig(table: Table, columns: Columns, node: ts.Expression): void {
    const value = this.code.unwrap(node);
    const parameter = (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) && value.parameters[0]?.name;
    const result = (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) && returned(value);
    const body = result && this.code.unwrap(result);
    const items = body && ts.isArrayLiteralExpression(body) ? [...body.elements] : body && ts.isObjectLiteralExpression(body) ? body.properties.map((property) => (ts.isPropertyAssignment(property) ? property.initializer : undefined)) : undefined;
    if (!parameter || !ts.isIdentifier(parameter) || !items) return this.unread(node, 'indexes built at run time');
    const keyOf = (expression: ts.Expression): string | undefined => {
      // `t.createdAt.desc()`: the order and operator class leave the column a btree key.
      let current = expression;
      while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression) && ['asc', 'desc', 'nullsFirst', 'nullsLast', 'op'].includes(current.expression.name.text)) current = current.expression.expression;
      if (ts.isPropertyAccessExpression(current) && ts.isIdentifier(current.expression) && current.expression.text === parameter.text) {
        const column = columns.fields.get(current.name.text);
        return column === undefined ? undefined : quoteIdentifier(column);
      }
      return this.sqlTemplate(current, parameter.text, columns);
    };
    for (const item of items) {
      if (!item) {
        this.unread(node, 'indexes built at run time');
        continue;
      }
      const { root, calls } = callChain(item);
      const kind = calls[0]?.name === undefined ? this.drizzleName(root) : undefined;
      const args = calls[0]?.call.arguments ?? [];
      if (kind === 'primaryKey') {
        // `primaryKey({ columns: [t.a, t.b] })`, or the older `primaryKey(t.a, t.b)`.
        const list = this.code.unwrap(propertyOf(this.code.object(args[0]), 'columns') ?? ts.factory.createArrayLiteralExpression([...args]));
        const keys = ts.isArrayLiteralExpression(list) ? list.elements.map((element) => (ts.isPropertyAccessExpression(element) ? columns.fields.get(element.name.text) : undefined)) : [];
        if (keys.length === 0 || keys.some((key) => key === undefined)) this.unread(item, 'a primary key of columns built at run time');
        else addIndex(table, { name: `${table.name.split('.').pop()}_pkey`, columns: keys as string[], unique: true });
        continue;
      }
      if (kind !== 'index' && kind !== 'uniqueIndex' && kind !== 'unique') continue;
      const name = this.code.string(args[0]);
      let method = 'btree';
      let keys: (string | undefined)[] | undefined;
      let where: string | undefined;
      let whereRead = true;
      for (const { name: link, call } of calls.slice(1)) {
        if (link === 'on' || link === 'onOnly') keys = call.arguments.map(keyOf);
        else if (link === 'using') {
          method = this.code.string(call.arguments[0]) ?? '';
          keys = call.arguments.slice(1).map(keyOf);
        } else if (link === 'where') {
          where = call.arguments[0] && this.sqlTemplate(call.arguments[0], parameter.text, columns);
          whereRead = where !== undefined;
        }
      }
      if (!keys?.length || keys.some((key) => key === undefined) || !method) {
        this.unread(item, 'index columns built at run time (or expressions)');
        continue;
      }
      const unique = kind !== 'index';
      const sqlName = name ?? `${table.name.split('.').pop()}_${keys.map((key) => key!.replace(/\W+/g, '_').replace(/^_|_$/g, '')).join('_')}_index`;
      // A partial index whose predicate is not SQL written out counts as a whole-table index: it may hide a finding but never makes one.
      const text = `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${quoteIdentifier(sqlName)} ON ${table.name.split('.').map(quoteIdentifier).join('.')} USING ${method} (${keys.join(', ')})${where && whereRead ? ` WHERE ${where}` : ''}`;
      const parsed = parseSql(text);
      const statement = parsed.ok ? parsed.statements[0] : undefined;
      if (statement) applyStatement(this.schema, statement.node, this.code.span(item));
      else this.unread(item, 'an index whose SQL does not parse');
    }
  }

  /** `sql\`lower(${t.email})\`` as SQL text, its interpolations columns of the table; undefined when one is anything else. */
  private sqlTemplate(node: ts.Expression, parameter: string, columns: Columns): string | undefined {
    if (!ts.isTaggedTemplateExpression(node) || this.drizzleName(node.tag) !== 'sql') return undefined;
    const template = node.template;
    if (ts.isNoSubstitutionTemplateLiteral(template)) return template.text;
    let text = template.head.text;
    for (const span of template.templateSpans) {
      const reference = span.expression;
      const column = ts.isPropertyAccessExpression(reference) && ts.isIdentifier(reference.expression) && reference.expression.text === parameter ? columns.fields.get(reference.name.text) : undefined;
      if (column === undefined) return undefined;
      text += quoteIdentifier(column) + span.literal.text;
    }
    return text;
  }

  private unread(node: ts.Node, what: string): void {
    const text = node.getText(this.code.source).replace(/\s+/g, ' ');
    this.schema.unread.push({ span: this.code.span(node), message: `${what}: \`${text.length > 80 ? `${text.slice(0, 77)}...` : text}\`` });
  }
}

/** What a function returns: its expression body, or the expression of its one `return`. */
function returned(fn: ts.ArrowFunction | ts.FunctionExpression): ts.Expression | undefined {
  if (!ts.isBlock(fn.body)) return fn.body;
  const statement = fn.body.statements.find(ts.isReturnStatement);
  return fn.body.statements.length === 1 ? statement?.expression : undefined;
}
