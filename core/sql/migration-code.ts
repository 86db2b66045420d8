import ts from 'typescript';
import { walkTree } from '../walk';
import { parseSqlScript } from './parser';
import { addForeignKey, addIndex, applyStatement, dropTable, quoteIdentifier, relationKey, removeForeignKeys, removeIndexes, type Schema, type Table } from './schema';
import { callChain, propertyNameOf, propertyOf, StaticFile } from './static-code';

/**
 * Migrations written as code (Sequelize's queryInterface, Knex's and Kysely's schema builders,
 * TypeORM's queryRunner), read without running them: the calls of the `up` function whose arguments
 * the code spells out are applied in order. A call whose table, columns or SQL are computed is
 * listed in `schema.unread`, never guessed.
 */

type Orm = 'Sequelize' | 'Knex' | 'Kysely' | 'TypeORM';

/** Applies the `up` migrations of one file; returns whether the file held one. */
export function applyMigrationCode(schema: Schema, file: string, text: string): boolean {
  const code = StaticFile.parse(file, text);
  const ups = upFunctions(code.source);
  if (ups.length === 0) return false;
  const orm = ormOf(code.source);
  const reader = new MigrationReader(schema, code);
  for (const up of ups) reader.read(up, orm);
  return true;
}

/** The `up` of a migration: `up: async (queryInterface) => …`, `exports.up = …`, `export async function up(db)`, a class's `up(queryRunner)`. */
function upFunctions(source: ts.SourceFile): { body: ts.Node; receiver: string }[] {
  const found: { body: ts.Node; receiver: string }[] = [];
  walkTree(source, (node) => {
    let fn: ts.Node | undefined;
    if ((ts.isMethodDeclaration(node) || ts.isFunctionDeclaration(node)) && node.name && propertyNameOf(node as ts.MethodDeclaration) === 'up') fn = node;
    else if (ts.isPropertyAssignment(node) && propertyNameOf(node) === 'up') fn = node.initializer;
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && node.left.name.text === 'up') fn = node.right;
    if (!fn || !(ts.isFunctionLike(fn) && 'body' in fn && fn.body)) return;
    const receiver = receiverName(fn.parameters[0]?.name);
    if (receiver) found.push({ body: fn.body, receiver });
    return false;
  });
  return found;
}

/** The first parameter's name, or umzug's `{ context: queryInterface }`. */
function receiverName(name: ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name)) return name.text;
  if (!ts.isObjectBindingPattern(name)) return undefined;
  const context = name.elements.find((element) => (element.propertyName ?? element.name).getText() === 'context');
  return context && ts.isIdentifier(context.name) ? context.name.text : undefined;
}

/** Which builder the file's migrations use, from its imports; a file that imports none is a Sequelize or Knex migration (told from its calls). */
function ormOf(source: ts.SourceFile): Orm | undefined {
  for (const statement of source.statements) {
    const specifier = ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
    if (specifier === 'kysely') return 'Kysely';
    if (specifier === 'typeorm') return 'TypeORM';
    if (specifier === 'knex') return 'Knex';
    if (specifier === 'sequelize' || specifier === 'sequelize-typescript' || specifier === '@sequelize/core') return 'Sequelize';
  }
  return undefined;
}

const SEQUELIZE_TYPES: Readonly<Record<string, string>> = {
  UUID: 'uuid', UUIDV4: 'uuid', STRING: 'varchar(255)', CHAR: 'char(255)', TEXT: 'text', CITEXT: 'text', INTEGER: 'integer', BIGINT: 'bigint', SMALLINT: 'smallint',
  TINYINT: 'smallint', MEDIUMINT: 'integer', FLOAT: 'real', REAL: 'real', DOUBLE: 'double precision', DECIMAL: 'numeric', NUMBER: 'numeric', BOOLEAN: 'boolean',
  DATE: 'timestamptz', DATEONLY: 'date', TIME: 'time', NOW: 'timestamptz', JSON: 'json', JSONB: 'jsonb', BLOB: 'bytea', ENUM: 'text', ARRAY: 'text[]',
  TSVECTOR: 'tsvector', INET: 'inet', CIDR: 'cidr', MACADDR: 'macaddr', RANGE: 'text', GEOMETRY: 'text', GEOGRAPHY: 'text', HSTORE: 'text', VIRTUAL: 'text',
};

/** A column type as SQL: `Sequelize.STRING(64)`, `DataTypes.UUID`, `'TIMESTAMP WITH TIME ZONE'`. */
export function sequelizeType(code: StaticFile, node: ts.Expression | undefined): string {
  if (!node) return 'text';
  const written = code.string(node);
  if (written !== undefined) return /^[a-z][a-z0-9 ]*(\(\d+(,\s*\d+)?\))?(\[\])?$/i.test(written) ? written.toLowerCase() : 'text';
  const value = code.unwrap(node);
  const callee = ts.isCallExpression(value) ? value.expression : value;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
  const type = SEQUELIZE_TYPES[name] ?? 'text';
  const length = ts.isCallExpression(value) && value.arguments[0] && ts.isNumericLiteral(value.arguments[0]) ? value.arguments[0].text : undefined;
  return length && /^(varchar|char)\(/.test(type) ? type.replace(/\(\d+\)/, `(${length})`) : type;
}

type ChainLink = { name: string | undefined; call: ts.CallExpression };

/** Knex's column builders and the PostgreSQL types they create. */
const KNEX_TYPES: Readonly<Record<string, string>> = {
  increments: 'integer', bigIncrements: 'bigint', integer: 'integer', bigInteger: 'bigint', bigint: 'bigint', smallint: 'smallint', tinyint: 'smallint',
  string: 'varchar(255)', text: 'text', boolean: 'boolean', date: 'date', datetime: 'timestamptz', timestamp: 'timestamptz', time: 'time', uuid: 'uuid',
  json: 'json', jsonb: 'jsonb', float: 'real', double: 'double precision', decimal: 'numeric', enum: 'text', enu: 'text', binary: 'bytea', specificType: 'text',
};

class MigrationReader {
  constructor(
    private readonly schema: Schema,
    private readonly code: StaticFile,
  ) {}

  read(up: { body: ts.Node; receiver: string }, orm: Orm | undefined): void {
    walkTree(up.body, (node) => {
      if (!ts.isCallExpression(node)) return;
      // The outermost call of a chain is read with its links; its arguments may hold more calls.
      if (ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node) return;
      const { root, calls } = callChain(node);
      const first = calls[0];
      if (!first) return;
      const rootName = ts.isIdentifier(root) ? root.text : undefined;
      const through = ts.isPropertyAccessExpression(first.call.expression) ? first.call.expression.expression : undefined;
      // `queryInterface.sequelize.query(…)`, `knex.schema.createTable(…)`: one property between the receiver and the call.
      const via = through && ts.isPropertyAccessExpression(through) && ts.isIdentifier(through.expression) && through.expression.text === up.receiver ? through.name.text : undefined;
      if (rootName === up.receiver && via === undefined && first.name) this.receiverCall(first.name, first.call, calls, orm);
      else if (via === 'sequelize' && first.name === 'query') this.sql(first.call.arguments[0], first.call);
      else if (via === 'schema') this.schemaBuilder(calls, orm);
      else if (ts.isTaggedTemplateExpression(root) && calls.length === 1 && first.name === 'execute' && this.code.string(root.template as ts.Expression) !== undefined) this.sql(root.template as ts.Expression, node);
    });
  }

  private unread(node: ts.Node, what: string): void {
    const text = node.getText(this.code.source).replace(/\s+/g, ' ');
    this.schema.unread.push({ span: this.code.span(node), message: `${what}: \`${text.length > 80 ? `${text.slice(0, 77)}...` : text}\`` });
  }

  /** SQL a migration sends as written. */
  private sql(argument: ts.Expression | undefined, call: ts.CallExpression): void {
    const text = this.code.string(argument);
    if (text === undefined) return this.unread(call, 'SQL built at run time');
    const parsed = parseSqlScript(text);
    for (const statement of parsed.statements) applyStatement(this.schema, statement.node, this.code.span(call));
  }

  private table(node: ts.Expression | undefined, call: ts.CallExpression): Table | undefined {
    const name = this.tableName(node);
    if (name === undefined) {
      this.unread(call, 'a table named at run time');
      return undefined;
    }
    return this.schema.tables.get(name);
  }

  /** `'users'`, `{ tableName: 'users', schema: 'audit' }` (Sequelize). */
  private tableName(node: ts.Expression | undefined): string | undefined {
    const object = this.code.object(node);
    if (object) {
      const name = this.code.string(propertyOf(object, 'tableName'));
      return name === undefined ? undefined : relationKey(this.code.string(propertyOf(object, 'schema')), name);
    }
    const written = this.code.string(node);
    return written === undefined ? undefined : qualifiedTable(written);
  }

  /** `receiver.method(…)`: Sequelize's queryInterface, TypeORM's queryRunner, `knex.raw(…)`. */
  private receiverCall(method: string, call: ts.CallExpression, calls: readonly ChainLink[], orm: Orm | undefined): void {
    const args = call.arguments;
    if (method === 'query' || method === 'raw') return this.sql(args[0], call);
    if (orm === 'TypeORM') return this.typeormCall(method, call);
    if (orm !== undefined && orm !== 'Sequelize') return;
    if (calls.length > 1) return;
    switch (method) {
      case 'createTable':
        return this.sequelizeCreateTable(call);
      case 'addColumn': {
        const table = this.table(args[0], call);
        const column = this.code.string(args[1]);
        if (!table || column === undefined) return column === undefined ? this.unread(call, 'a column named at run time') : undefined;
        return this.sequelizeColumn(table, column, args[2]);
      }
      case 'changeColumn': {
        const table = this.table(args[0], call);
        const column = this.code.string(args[1]);
        const definition = this.code.object(args[2]);
        if (table && column !== undefined && this.code.boolean(propertyOf(definition, 'unique')) === true) addIndex(table, { columns: [column], unique: true });
        if (table && column !== undefined) this.sequelizeReference(table, column, definition);
        return;
      }
      case 'renameColumn': {
        const table = this.table(args[0], call);
        const from = this.code.string(args[1]);
        const to = this.code.string(args[2]);
        if (!table) return;
        if (from === undefined || to === undefined) return this.unread(call, 'a column named at run time');
        return this.applySql(`ALTER TABLE ${quoteIdentifier(table.name)} RENAME COLUMN ${quoteIdentifier(from)} TO ${quoteIdentifier(to)}`, call);
      }
      case 'removeColumn': {
        const table = this.table(args[0], call);
        const column = this.code.string(args[1]);
        if (!table) return;
        if (column === undefined) return this.unread(call, 'a column named at run time');
        return this.applySql(`ALTER TABLE ${quoteIdentifier(table.name)} DROP COLUMN ${quoteIdentifier(column)}`, call);
      }
      case 'renameTable': {
        const from = this.tableName(args[0]);
        const to = this.tableName(args[1]);
        if (from === undefined || to === undefined) return this.unread(call, 'a table named at run time');
        return this.applySql(`ALTER TABLE ${quoteIdentifier(from)} RENAME TO ${quoteIdentifier(to)}`, call);
      }
      case 'dropTable': {
        const name = this.tableName(args[0]);
        if (name === undefined) return this.unread(call, 'a table named at run time');
        return dropTable(this.schema, name);
      }
      case 'addIndex':
        return this.sequelizeAddIndex(call);
      case 'removeIndex': {
        const table = this.table(args[0], call);
        if (!table) return;
        const name = this.code.string(args[1]);
        const columns = this.code.strings(args[1]);
        if (columns === undefined) return this.unread(call, 'an index named at run time');
        const defaultName = `${table.name}_${columns.join('_')}`.toLowerCase();
        return removeIndexes(table, (index) => (name !== undefined && index.name === name) || index.name.toLowerCase() === defaultName || (name === undefined && sameColumns(index.keys, columns)));
      }
      case 'addConstraint':
        return this.sequelizeConstraint(call);
      case 'removeConstraint': {
        const table = this.table(args[0], call);
        const name = this.code.string(args[1]);
        if (!table) return;
        if (name === undefined) return this.unread(call, 'a constraint named at run time');
        removeIndexes(table, (index) => index.name === name);
        return removeForeignKeys(table, (foreignKey) => foreignKey.name === name);
      }
    }
  }

  /** `queryRunner.createIndex('users', new TableIndex({ name, columnNames, isUnique }))`, `dropIndex('users', 'name')`. */
  private typeormCall(method: string, call: ts.CallExpression): void {
    const [tableArgument, second] = call.arguments;
    if (method !== 'createIndex' && method !== 'dropIndex' && method !== 'createForeignKey') return;
    const table = this.table(tableArgument, call);
    if (!table) return;
    if (method === 'createForeignKey') {
      // `createForeignKey('orders', new TableForeignKey({ columnNames, referencedTableName }))`
      const created = second && this.code.unwrap(second);
      const options = created && ts.isNewExpression(created) ? this.code.object(created.arguments?.[0]) : undefined;
      const columns = this.code.strings(propertyOf(options, 'columnNames'));
      const references = this.tableName(propertyOf(options, 'referencedTableName'));
      if (!columns || references === undefined) return this.unread(call, 'a foreign key built at run time');
      const name = this.code.string(propertyOf(options, 'name'));
      return addForeignKey(table, { ...(name !== undefined ? { name } : {}), columns, references });
    }
    if (method === 'dropIndex') {
      const name = this.code.string(second);
      if (name === undefined) return this.unread(call, 'an index named at run time');
      return removeIndexes(table, (index) => index.name === name);
    }
    const created = second && this.code.unwrap(second);
    const options = created && ts.isNewExpression(created) ? this.code.object(created.arguments?.[0]) : undefined;
    const columns = this.code.strings(propertyOf(options, 'columnNames'));
    if (!columns) return this.unread(call, 'index columns built at run time');
    const name = this.code.string(propertyOf(options, 'name'));
    addIndex(table, { ...(name !== undefined ? { name } : {}), columns, unique: this.code.boolean(propertyOf(options, 'isUnique')) === true });
  }

  /** `knex.schema.createTable(name, (t) => { … }).alterTable(…)`, `db.schema.createTable(name).addColumn(…).execute()` (Kysely). */
  private schemaBuilder(calls: readonly ChainLink[], orm: Orm | undefined): void {
    if (orm === 'Kysely' || (orm === undefined && calls.some((link) => link.name === 'execute'))) return this.kyselyBuilder(calls);
    for (const { name, call } of calls) {
      const [first, second] = call.arguments;
      if (name === 'raw') this.sql(first, call);
      else if (name === 'createTable' || name === 'createTableIfNotExists') {
        const tableName = this.tableName(first);
        if (tableName === undefined) return this.unread(call, 'a table named at run time');
        if (name === 'createTableIfNotExists' && this.schema.tables.has(tableName)) continue;
        const table: Table = { name: tableName, columns: new Map(), indexes: [], foreignKeys: [], declared: this.code.span(call) };
        this.schema.tables.set(tableName, table);
        this.knexTableBody(table, second, call);
      } else if (name === 'alterTable' || name === 'table') {
        const table = this.table(first, call);
        if (table) this.knexTableBody(table, second, call);
      } else if (name === 'renameTable' || name === 'dropTable' || name === 'dropTableIfExists') {
        this.receiverCall(name === 'renameTable' ? 'renameTable' : 'dropTable', call, [], 'Sequelize');
      }
    }
  }

  /** The callback of `createTable`/`alterTable`: each statement a chain on its table builder parameter. */
  private knexTableBody(table: Table, callback: ts.Expression | undefined, call: ts.CallExpression): void {
    const fn = callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) ? callback : undefined;
    const builder = fn?.parameters[0]?.name;
    if (!fn || !builder || !ts.isIdentifier(builder)) return this.unread(call, 'a table body built at run time');
    walkTree(fn.body, (node) => {
      if (!ts.isCallExpression(node) || (ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node)) return;
      const { root, calls } = callChain(node);
      if (!ts.isIdentifier(root) || root.text !== builder.text || !calls[0]?.name) return;
      this.knexColumnChain(table, calls, node);
    });
  }

  private knexColumnChain(table: Table, calls: readonly ChainLink[], node: ts.CallExpression): void {
    const [head, ...modifiers] = calls;
    const method = head!.name!;
    const args = head!.call.arguments;
    const columns = this.code.strings(args[0]);
    const name = this.code.string(args[1]) ?? this.code.string(propertyOf(this.code.object(args[1]), 'indexName'));
    switch (method) {
      case 'index':
      case 'unique':
      case 'primary':
        if (!columns) return this.unread(node, 'index columns built at run time');
        return addIndex(table, { name: name ?? (method === 'primary' ? `${table.name}_pkey` : `${table.name}_${columns.join('_')}_${method}`), columns, unique: method !== 'index' });
      case 'dropIndex':
      case 'dropUnique':
      case 'dropPrimary': {
        const dropped = name ?? (method === 'dropPrimary' ? this.code.string(args[0]) ?? `${table.name}_pkey` : columns && `${table.name}_${columns.join('_')}_${method === 'dropIndex' ? 'index' : 'unique'}`);
        if (dropped === undefined) return this.unread(node, 'an index named at run time');
        return removeIndexes(table, (index) => index.name === dropped);
      }
      case 'dropColumn':
      case 'dropColumns':
        for (const column of args.map((arg) => this.code.string(arg))) if (column !== undefined) this.applySql(`ALTER TABLE ${quoteIdentifier(table.name)} DROP COLUMN ${quoteIdentifier(column)}`, node);
        return;
      case 'renameColumn': {
        const to = this.code.string(args[1]);
        if (columns?.length !== 1 || to === undefined) return this.unread(node, 'a column named at run time');
        return this.applySql(`ALTER TABLE ${quoteIdentifier(table.name)} RENAME COLUMN ${quoteIdentifier(columns[0]!)} TO ${quoteIdentifier(to)}`, node);
      }
      case 'timestamps': {
        const camel = this.code.boolean(args[2]) === true;
        for (const column of camel ? ['createdAt', 'updatedAt'] : ['created_at', 'updated_at']) table.columns.set(column, { name: column, type: 'timestamptz' });
        return;
      }
      case 'foreign': {
        const references = this.knexReference(modifiers);
        if (!columns || references === undefined) return this.unread(node, 'a foreign key built at run time');
        const name = this.code.string(args[1]);
        return addForeignKey(table, { ...(name !== undefined ? { name } : {}), columns, references });
      }
      case 'dropForeign': {
        const dropped = this.code.string(args[1]) ?? (columns && `${table.name}_${columns.join('_')}_foreign`);
        if (dropped === undefined) return this.unread(node, 'a foreign key named at run time');
        return removeForeignKeys(table, (foreignKey) => foreignKey.name === dropped || (columns !== undefined && foreignKey.columns.join() === columns.join()));
      }
      case 'comment':
      case 'engine':
      case 'charset':
      case 'collate':
      case 'inherits':
        return;
    }
    const type = KNEX_TYPES[method];
    if (type === undefined) return;
    const column = this.code.string(args[0]);
    if (column === undefined) return this.unread(node, 'a column named at run time');
    const length = method === 'string' && args[1] && ts.isNumericLiteral(args[1]) ? args[1].text : undefined;
    table.columns.set(column, { name: column, type: method === 'specificType' ? (this.code.string(args[1]) ?? 'text') : length ? `varchar(${length})` : type });
    if (method === 'increments' || method === 'bigIncrements' || modifiers.some((link) => link.name === 'primary')) addIndex(table, { name: `${table.name}_pkey`, columns: [column], unique: true });
    if (modifiers.some((link) => link.name === 'unique')) addIndex(table, { name: `${table.name}_${column}_unique`, columns: [column], unique: true });
    if (modifiers.some((link) => link.name === 'index')) addIndex(table, { name: `${table.name}_${column}_index`, columns: [column], unique: false });
    if (modifiers.some((link) => link.name === 'references')) {
      const references = this.knexReference(modifiers);
      if (references === undefined) return this.unread(node, 'a foreign key built at run time');
      addForeignKey(table, { name: `${table.name}_${column}_foreign`, columns: [column], references });
    }
  }

  /** The table of `.references('users.id')` or `.references('id').inTable('users')`. */
  private knexReference(modifiers: readonly ChainLink[]): string | undefined {
    const inTable = modifiers.find((link) => link.name === 'inTable');
    if (inTable) return this.tableName(inTable.call.arguments[0]);
    return referencedTable(this.code.string(modifiers.find((link) => link.name === 'references')?.call.arguments[0]));
  }

  /** Kysely: `createTable(name).addColumn(name, type, (col) => col.primaryKey())…`, `createIndex(name).on(table).columns([...])`, `alterTable`, `dropIndex`. */
  private kyselyBuilder(calls: readonly ChainLink[]): void {
    const [head, ...links] = calls;
    if (!head) return;
    const first = head.call.arguments[0];
    if (head.name === 'createIndex' || head.name === 'dropIndex') {
      const name = this.code.string(first);
      const on = links.find((link) => link.name === 'on');
      if (head.name === 'dropIndex') {
        if (name === undefined) return this.unread(head.call, 'an index named at run time');
        for (const table of this.schema.tables.values()) removeIndexes(table, (index) => index.name === name);
        return;
      }
      const table = on && this.table(on.call.arguments[0], on.call);
      const columns = links.filter((link) => link.name === 'column' || link.name === 'columns').flatMap((link) => this.code.strings(link.call.arguments[0]) ?? ['\0']);
      if (!table) return;
      if (columns.length === 0 || columns.includes('\0') || links.some((link) => link.name === 'expression')) return this.unread(head.call, 'index columns built at run time (or expressions)');
      const method = this.code.string(links.find((link) => link.name === 'using')?.call.arguments[0]);
      return addIndex(table, { ...(name !== undefined ? { name } : {}), columns, unique: links.some((link) => link.name === 'unique'), ...(method ? { method } : {}) });
    }
    if (head.name !== 'createTable' && head.name !== 'alterTable') {
      if (head.name === 'dropTable') this.receiverCall('dropTable', head.call, [], 'Sequelize');
      return;
    }
    const tableName = this.tableName(first);
    if (tableName === undefined) return this.unread(head.call, 'a table named at run time');
    let table = this.schema.tables.get(tableName);
    if (head.name === 'createTable' && !(table && links.some((link) => link.name === 'ifNotExists'))) {
      table = { name: tableName, columns: new Map(), indexes: [], foreignKeys: [], declared: this.code.span(head.call) };
      this.schema.tables.set(tableName, table);
    }
    if (!table) return;
    for (const { name, call } of links) {
      const [a, b, c] = call.arguments;
      if (name === 'addColumn') {
        const column = this.code.string(a);
        if (column === undefined) return this.unread(call, 'a column named at run time');
        table.columns.set(column, { name: column, type: this.code.string(b)?.toLowerCase() ?? 'text' });
        const modifiers = c && (ts.isArrowFunction(c) || ts.isFunctionExpression(c)) ? callChain(c.body as ts.Expression).calls : [];
        const has = (modifier: string): ChainLink | undefined => modifiers.find((link) => link.name === modifier);
        if (has('primaryKey')) addIndex(table, { name: `${table.name}_pkey`, columns: [column], unique: true });
        if (has('unique')) addIndex(table, { columns: [column], unique: true });
        // `(col) => col.references('users.id')`
        const references = has('references');
        if (references) {
          const referenced = referencedTable(this.code.string(references.call.arguments[0]));
          if (referenced === undefined) this.unread(references.call, 'a foreign key built at run time');
          else addForeignKey(table, { columns: [column], references: referenced });
        }
      } else if (name === 'addForeignKeyConstraint') {
        // `addForeignKeyConstraint(name, ['user_id'], 'users', ['id'])`
        const columns = this.code.strings(b);
        const references = this.tableName(c);
        if (!columns || references === undefined) return this.unread(call, 'a foreign key built at run time');
        const constraint = this.code.string(a);
        addForeignKey(table, { ...(constraint !== undefined ? { name: constraint } : {}), columns, references });
      } else if (name === 'addPrimaryKeyConstraint' || name === 'addUniqueConstraint') {
        const columns = this.code.strings(b);
        if (!columns) return this.unread(call, 'constraint columns built at run time');
        addIndex(table, { ...(this.code.string(a) !== undefined ? { name: this.code.string(a) } : {}), columns, unique: true });
      } else if (name === 'dropColumn' || name === 'renameColumn') {
        const column = this.code.string(a);
        const to = this.code.string(b);
        if (column === undefined || (name === 'renameColumn' && to === undefined)) return this.unread(call, 'a column named at run time');
        this.applySql(`ALTER TABLE ${quoteIdentifier(table.name)} ${name === 'dropColumn' ? `DROP COLUMN ${quoteIdentifier(column)}` : `RENAME COLUMN ${quoteIdentifier(column)} TO ${quoteIdentifier(to!)}`}`, call);
      } else if (name === 'dropConstraint') {
        const constraint = this.code.string(a);
        if (constraint === undefined) continue;
        removeIndexes(table, (index) => index.name === constraint);
        removeForeignKeys(table, (foreignKey) => foreignKey.name === constraint);
      }
    }
  }

  private applySql(sql: string, call: ts.CallExpression): void {
    for (const statement of parseSqlScript(sql).statements) applyStatement(this.schema, statement.node, this.code.span(call));
  }

  private sequelizeCreateTable(call: ts.CallExpression): void {
    const name = this.tableName(call.arguments[0]);
    const attributes = this.code.object(call.arguments[1]);
    if (name === undefined || !attributes) return this.unread(call, name === undefined ? 'a table named at run time' : 'columns built at run time');
    const table: Table = { name, columns: new Map(), indexes: [], foreignKeys: [], declared: this.code.span(call) };
    this.schema.tables.set(name, table);
    for (const property of attributes.properties) {
      const column = propertyNameOf(property);
      if (column === undefined || !ts.isPropertyAssignment(property)) {
        this.unread(property, 'a column named at run time');
        continue;
      }
      this.sequelizeColumn(table, column, property.initializer);
    }
    // `{ uniqueKeys: { name: { fields: [...] } } }`
    const uniqueKeys = this.code.object(propertyOf(this.code.object(call.arguments[2]), 'uniqueKeys'));
    for (const property of uniqueKeys?.properties ?? []) {
      const fields = ts.isPropertyAssignment(property) ? this.code.strings(propertyOf(this.code.object(property.initializer), 'fields')) : undefined;
      if (fields) addIndex(table, { name: propertyNameOf(property), columns: fields, unique: true });
      else this.unread(property, 'unique key columns built at run time');
    }
  }

  /** One attribute of `createTable`/`addColumn`: a type, or `{ type, primaryKey, unique }`. */
  private sequelizeColumn(table: Table, column: string, definition: ts.Expression | undefined): void {
    const object = this.code.object(definition);
    table.columns.set(column, { name: column, type: sequelizeType(this.code, object ? propertyOf(object, 'type') : definition) });
    if (!object) return;
    if (this.code.boolean(propertyOf(object, 'primaryKey')) === true) addIndex(table, { name: `${table.name}_pkey`, columns: [column], unique: true });
    const unique = propertyOf(object, 'unique');
    if (unique && this.code.boolean(unique) !== false) addIndex(table, { name: this.code.string(unique), columns: [column], unique: true });
    this.sequelizeReference(table, column, object);
  }

  /** `references: { model: 'users', key: 'id' }` (or `model: { tableName }`): a foreign key on the column. */
  private sequelizeReference(table: Table, column: string, definition: ts.ObjectLiteralExpression | undefined): void {
    const references = propertyOf(definition, 'references');
    if (!references) return;
    const referenced = this.tableName(propertyOf(this.code.object(references), 'model'));
    if (referenced === undefined) return this.unread(references, 'a referenced table named at run time');
    addForeignKey(table, { columns: [column], references: referenced });
  }

  /** `addIndex(table, ['a', 'b'], { unique })`, `addIndex(table, { fields, unique, name, using, where })`. */
  private sequelizeAddIndex(call: ts.CallExpression): void {
    const [tableArgument, second, third] = call.arguments;
    const table = this.table(tableArgument, call);
    if (!table) return;
    const secondObject = this.code.object(second);
    const options = secondObject ?? this.code.object(third);
    const fieldList = secondObject ? propertyOf(secondObject, 'fields') : second;
    const columns = this.indexFields(fieldList);
    if (!columns) return this.unread(call, 'index columns built at run time (or expressions)');
    const unique = this.code.boolean(propertyOf(options, 'unique')) === true || this.code.string(propertyOf(options, 'type'))?.toUpperCase() === 'UNIQUE';
    const method = this.code.string(propertyOf(options, 'using'))?.toLowerCase();
    const name = this.code.string(propertyOf(options, 'name')) ?? `${table.name}_${columns.join('_')}`.toLowerCase();
    // A partial index's predicate (`where`) is not read: it counts as a whole-table index, which may hide a finding but never makes one.
    addIndex(table, { name, columns, unique, ...(method ? { method } : {}) });
  }

  /** `['a', { name: 'b', order: 'DESC' }]`; undefined when one is an expression or computed. */
  private indexFields(node: ts.Expression | undefined): string[] | undefined {
    const value = node && this.code.unwrap(node);
    if (!value || !ts.isArrayLiteralExpression(value)) return this.code.strings(value);
    const columns: string[] = [];
    for (const element of value.elements) {
      const object = this.code.object(element);
      const column = object ? (this.code.string(propertyOf(object, 'name')) ?? this.code.string(propertyOf(object, 'attribute'))) : this.code.string(element);
      if (column === undefined) return undefined;
      columns.push(column);
    }
    return columns;
  }

  /** `addConstraint(table, { type: 'unique', fields, name })`, or the older `addConstraint(table, ['a'], { type })`. */
  private sequelizeConstraint(call: ts.CallExpression): void {
    const [tableArgument, second, third] = call.arguments;
    const table = this.table(tableArgument, call);
    if (!table) return;
    const options = this.code.object(second) ?? this.code.object(third);
    const type = this.code.string(propertyOf(options, 'type'))?.toLowerCase();
    if (type !== 'unique' && type !== 'primary key' && type !== 'foreign key') return;
    const columns = this.code.strings(this.code.object(second) ? propertyOf(options, 'fields') : second);
    if (!columns) return this.unread(call, 'constraint columns built at run time');
    if (type === 'foreign key') {
      // `references: { table: 'users', field: 'id' }`
      const references = this.tableName(propertyOf(this.code.object(propertyOf(options, 'references')), 'table'));
      if (references === undefined) return this.unread(call, 'a referenced table named at run time');
      const name = this.code.string(propertyOf(options, 'name'));
      return addForeignKey(table, { ...(name !== undefined ? { name } : {}), columns, references });
    }
    addIndex(table, { name: this.code.string(propertyOf(options, 'name')) ?? `${table.name}_${columns.join('_')}_${type === 'unique' ? 'uk' : 'pk'}`, columns, unique: true });
  }

}

/** `'audit.events'` → the schema's key for it. */
function qualifiedTable(written: string): string {
  const dot = written.indexOf('.');
  return dot > 0 ? relationKey(written.slice(0, dot), written.slice(dot + 1)) : written;
}

/** The table of a `'users.id'` reference (Knex, Kysely). */
function referencedTable(written: string | undefined): string | undefined {
  const dot = written?.lastIndexOf('.') ?? -1;
  return written !== undefined && dot > 0 ? qualifiedTable(written.slice(0, dot)) : undefined;
}

function sameColumns(keys: readonly ({ column: string } | { expression: string })[], columns: readonly string[]): boolean {
  return keys.length === columns.length && keys.every((key, position) => 'column' in key && key.column === columns[position]);
}
