import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { sequelizeType } from './migration-code';
import { addForeignKey, addIndex, type OrmModel, type Schema, type Table } from './schema';
import { propertyNameOf, propertyOf, snakeCase, StaticFile } from './static-code';

/**
 * ORM model classes read without running them: sequelize-typescript models (`@Table`, `@Column`,
 * `@Index`…) and `Model.init(attributes, options)`. Each maps to a table of the schema (its
 * `tableName`, else the name the ORM derives); its declared indexes are added to that table. A
 * project without migrations (the ORM's `sync()` creates the tables) gets its tables from the models.
 */

const ORM_MODULES: ReadonlyMap<string, OrmModel['orm']> = new Map([
  ['sequelize-typescript', 'Sequelize'],
  ['sequelize', 'Sequelize'],
  ['@sequelize/core', 'Sequelize'],
  ['typeorm', 'TypeORM'],
]);

interface ClassInfo {
  readonly code: StaticFile;
  readonly node: ts.ClassDeclaration;
  /** Local names of the decorators and classes the file imports from the ORM modules: the ORM and the name they export. */
  readonly imports: ReadonlyMap<string, { readonly orm: OrmModel['orm']; readonly name: string }>;
}

/** Every class of the files that import an ORM, by file and name (a default export also as `default`). */
class ModelFiles {
  private readonly classes = new Map<string, Map<string, ClassInfo>>();

  constructor(files: readonly { file: string; text: string }[]) {
    for (const { file, text } of files) {
      const code = StaticFile.parse(file, text);
      const imports = ormImports(code.source);
      const byName = new Map<string, ClassInfo>();
      for (const statement of code.source.statements) {
        if (!ts.isClassDeclaration(statement) || !statement.name) continue;
        const info = { code, node: statement, imports };
        byName.set(statement.name.text, info);
        if (statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword)) byName.set('default', info);
      }
      for (const statement of code.source.statements) {
        if (ts.isExportAssignment(statement) && ts.isIdentifier(statement.expression) && byName.has(statement.expression.text)) byName.set('default', byName.get(statement.expression.text)!);
      }
      this.classes.set(path.resolve(file), byName);
    }
  }

  all(): ClassInfo[] {
    return [...this.classes.values()].flatMap((byName) => [...new Set(byName.values())]);
  }

  /** The class an `extends` clause names. */
  base(info: ClassInfo): ClassInfo | undefined {
    const heritage = info.node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    return heritage && ts.isIdentifier(heritage) ? this.named(info, heritage.text) : undefined;
  }

  /** The class a name refers to in a file: declared in it, or imported from a relative path. */
  named(info: ClassInfo, name: string): ClassInfo | undefined {
    const local = this.classes.get(path.resolve(info.code.file))?.get(name);
    if (local && local.node !== info.node) return local;
    for (const statement of info.code.source.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || !statement.moduleSpecifier.text.startsWith('.')) continue;
      const clause = statement.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements.find((element) => element.name.text === name) : undefined;
      const exported = clause?.name?.text === name ? 'default' : named ? (named.propertyName ?? named.name).text : undefined;
      if (!exported) continue;
      const base = path.resolve(path.dirname(info.code.file), statement.moduleSpecifier.text);
      for (const candidate of [base, ...['.ts', '.tsx', '.js', '/index.ts', '/index.js'].map((extension) => base + extension), base.replace(/\.js$/, '.ts')]) {
        const found = this.classes.get(candidate)?.get(exported);
        if (found) return found;
      }
    }
    return undefined;
  }
}

/** `import { Table, Column as Col } from 'sequelize-typescript'` → `Col` → Sequelize's `Column`. */
function ormImports(source: ts.SourceFile): Map<string, { orm: OrmModel['orm']; name: string }> {
  const imports = new Map<string, { orm: OrmModel['orm']; name: string }>();
  for (const statement of source.statements) {
    const orm = ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) ? ORM_MODULES.get(statement.moduleSpecifier.text) : undefined;
    const bindings = orm && (statement as ts.ImportDeclaration).importClause?.namedBindings;
    if (orm && bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) imports.set(element.name.text, { orm, name: (element.propertyName ?? element.name).text });
  }
  return imports;
}

/** Reads the models of these files into the schema. `fromMigrations`: the tables come from migrations; a model whose table is not there is left unmapped. */
export function applyModels(schema: Schema, files: readonly string[], fromMigrations: boolean): void {
  const models = new ModelFiles(files.map((file) => ({ file, text: fs.readFileSync(file, 'utf8') })));
  for (const info of models.all()) {
    const table = decorator(info, info.node, 'Table');
    if (table) readSequelizeModel(schema, models, info, table.options, fromMigrations);
    const entity = decorator(info, info.node, 'Entity', 'TypeORM');
    if (entity) readEntity(schema, models, info, entity.args);
  }
  for (const info of new Set(models.all().map((item) => item.code))) readModelInit(schema, models, info, fromMigrations);
  // `@ForeignKey(() => User)`: the constraint `sync()` creates. With migrations, the migrations say which constraints exist.
  if (!fromMigrations) sequelizeForeignKeys(schema, models);
}

function sequelizeForeignKeys(schema: Schema, models: ModelFiles): void {
  const tableOf = (info: ClassInfo): Table | undefined => {
    const model = schema.models.find((item) => item.orm === 'Sequelize' && item.className === info.node.name?.text && item.declared.file === info.code.file);
    return model?.table === undefined ? undefined : schema.tables.get(model.table);
  };
  for (const info of models.all()) {
    if (!decorator(info, info.node, 'Table')) continue;
    const table = tableOf(info);
    const model = schema.models.find((item) => item.orm === 'Sequelize' && item.table === table?.name);
    for (const member of lineage(models, info)) {
      for (const element of member.node.members) {
        const property = propertyNameOf(element);
        const target = property !== undefined && ts.isPropertyDeclaration(element) ? decorator(member, element, 'ForeignKey')?.options : undefined;
        const referenced = target && relatedClass(models, member, target);
        const referencedTable = referenced && tableOf(referenced);
        const column = model?.fields.get(property!);
        if (table && referencedTable && column !== undefined) addForeignKey(table, { columns: [column], references: referencedTable.name });
      }
    }
  }
}

/** A decorator the file imports from the ORM (`@Table`, `@Table({ … })`), with its first argument. */
function decorator(info: ClassInfo, node: ts.HasDecorators, exported: string, orm: OrmModel['orm'] = 'Sequelize'): { options: ts.Expression | undefined; args: readonly ts.Expression[]; node: ts.Decorator } | undefined {
  for (const item of ts.getDecorators(node) ?? []) {
    const expression = item.expression;
    const callee = ts.isCallExpression(expression) ? expression.expression : expression;
    const imported = ts.isIdentifier(callee) ? info.imports.get(callee.text) : undefined;
    if (imported?.orm === orm && imported.name === exported) {
      const args = ts.isCallExpression(expression) ? expression.arguments : [];
      return { options: args[0], args, node: item };
    }
  }
  return undefined;
}

interface Attribute {
  readonly property: string;
  readonly column: string;
  readonly type: string;
  readonly primaryKey: boolean;
  readonly unique: boolean | string;
  /** `@Index`, `@Index('name')`, `@Index({ name, unique })`. */
  readonly index?: { readonly name?: string; readonly unique: boolean };
}

/** A model class and its bases, most basic first. */
function lineage(models: ModelFiles, info: ClassInfo): ClassInfo[] {
  const chain: ClassInfo[] = [];
  for (let current: ClassInfo | undefined = info; current && chain.length < 10; current = models.base(current)) chain.unshift(current);
  return chain;
}

function readSequelizeModel(schema: Schema, models: ModelFiles, info: ClassInfo, optionsNode: ts.Expression | undefined, fromMigrations: boolean): void {
  const { code } = info;
  const options = code.object(optionsNode);
  const underscored = code.boolean(propertyOf(options, 'underscored')) === true;
  const attributes: Attribute[] = [];
  let paranoid = code.boolean(propertyOf(options, 'paranoid')) === true;
  const chain = lineage(models, info);
  for (const member of chain) {
    for (const element of member.node.members) {
      const property = propertyNameOf(element);
      if (!ts.isPropertyDeclaration(element) || property === undefined) continue;
      if (decorator(member, element, 'DeletedAt')) paranoid = true;
      const column = decorator(member, element, 'Column');
      const marked = ['PrimaryKey', 'Unique', 'Index', 'ForeignKey', 'CreatedAt', 'UpdatedAt', 'DeletedAt'].some((name) => decorator(member, element, name));
      if (!column && !marked) continue;
      const columnOptions = member.code.object(column?.options);
      const index = decorator(member, element, 'Index');
      const indexOptions = member.code.object(index?.options);
      attributes.push({
        property,
        column: member.code.string(propertyOf(columnOptions, 'field')) ?? (underscored ? snakeCase(property) : property),
        type: sequelizeType(member.code, columnOptions ? propertyOf(columnOptions, 'type') : column?.options),
        primaryKey: Boolean(decorator(member, element, 'PrimaryKey')) || member.code.boolean(propertyOf(columnOptions, 'primaryKey')) === true,
        unique: Boolean(decorator(member, element, 'Unique')) || (member.code.string(propertyOf(columnOptions, 'unique')) ?? member.code.boolean(propertyOf(columnOptions, 'unique')) === true),
        ...(index ? { index: { name: member.code.string(index.options) ?? member.code.string(propertyOf(indexOptions, 'name')), unique: member.code.boolean(propertyOf(indexOptions, 'unique')) === true } } : {}),
      });
    }
  }
  addModel(schema, info, { ...modelOptions(code, options, info.node.name!.text), paranoid: paranoid && code.boolean(propertyOf(options, 'paranoid')) !== false, attributes, fromMigrations, unreadBase: !extendsOrm(chain[0]!) });
}

/** What `@Table(options)` and `Model.init(…, options)` say alike. */
function modelOptions(code: StaticFile, options: ts.ObjectLiteralExpression | undefined, className: string): Pick<SequelizeModel, 'className' | 'tableName' | 'modelName' | 'freeze' | 'underscored' | 'indexes'> {
  return {
    className,
    tableName: code.string(propertyOf(options, 'tableName')),
    modelName: code.string(propertyOf(options, 'modelName')) ?? className,
    freeze: code.boolean(propertyOf(options, 'freezeTableName')) === true,
    underscored: code.boolean(propertyOf(options, 'underscored')) === true,
    indexes: propertyOf(options, 'indexes'),
  };
}

/** `class User extends Model {}` and `User.init({ … }, { sequelize, tableName, indexes })`. */
function readModelInit(schema: Schema, models: ModelFiles, code: StaticFile, fromMigrations: boolean): void {
  for (const statement of code.source.statements) {
    const call = ts.isExpressionStatement(statement) ? statement.expression : undefined;
    if (!call || !ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'init') continue;
    const target = call.expression.expression;
    const info = ts.isIdentifier(target) ? models.all().find((item) => item.code === code && item.node.name?.text === target.text) : undefined;
    const attributes = code.object(call.arguments[0]);
    const options = code.object(call.arguments[1]);
    if (!info || !attributes || !options || !ts.isIdentifier(target)) continue;
    const underscored = code.boolean(propertyOf(options, 'underscored')) === true;
    const read: Attribute[] = [];
    for (const property of attributes.properties) {
      const name = propertyNameOf(property);
      if (name === undefined || !ts.isPropertyAssignment(property)) continue;
      const definition = code.object(property.initializer);
      read.push({
        property: name,
        column: code.string(propertyOf(definition, 'field')) ?? (underscored ? snakeCase(name) : name),
        type: sequelizeType(code, definition ? propertyOf(definition, 'type') : property.initializer),
        primaryKey: code.boolean(propertyOf(definition, 'primaryKey')) === true,
        unique: code.string(propertyOf(definition, 'unique')) ?? code.boolean(propertyOf(definition, 'unique')) === true,
      });
    }
    addModel(schema, info, { ...modelOptions(code, options, target.text), paranoid: code.boolean(propertyOf(options, 'paranoid')) === true, attributes: read, fromMigrations, unreadBase: false });
  }
}

interface SequelizeModel {
  readonly className: string;
  readonly tableName: string | undefined;
  readonly modelName: string;
  readonly freeze: boolean;
  readonly underscored: boolean;
  readonly paranoid: boolean;
  readonly attributes: readonly Attribute[];
  readonly indexes: ts.Expression | undefined;
  readonly fromMigrations: boolean;
  readonly unreadBase: boolean;
}

/** The most basic class of a lineage extends the ORM's own `Model` (or nothing): no base class of the project's was left unread. */
function extendsOrm(info: ClassInfo): boolean {
  const heritage = info.node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  return heritage === undefined || (ts.isIdentifier(heritage) && info.imports.has(heritage.text));
}

function addModel(schema: Schema, info: ClassInfo, model: SequelizeModel): void {
  const { code } = info;
  const tried = model.tableName !== undefined ? [model.tableName] : model.freeze ? [model.modelName] : [pluralize(model.modelName), model.modelName];
  let table = tried.map((name) => schema.tables.get(name)).find((item): item is Table => item !== undefined);
  const declared = code.span(info.node.name ?? info.node);
  if (!table && !model.fromMigrations) {
    // `sync()` creates the table the model describes: an `id` key and timestamps unless it declares them.
    table = { name: tried[0]!, columns: new Map(), indexes: [], foreignKeys: [], declared };
    schema.tables.set(table.name, table);
    if (!model.attributes.some((attribute) => attribute.primaryKey)) {
      table.columns.set('id', { name: 'id', type: 'integer' });
      addIndex(table, { name: `${table.name}_pkey`, columns: ['id'], unique: true });
    }
    for (const stamp of ['createdAt', 'updatedAt', ...(model.paranoid ? ['deletedAt'] : [])]) {
      const column = model.underscored ? snakeCase(stamp) : stamp;
      table.columns.set(column, { name: column, type: 'timestamptz' });
    }
    for (const attribute of model.attributes) table.columns.set(attribute.column, { name: attribute.column, type: attribute.type });
  }
  const fields = new Map(model.attributes.map((attribute) => [attribute.property, attribute.column]));
  const softDelete = model.paranoid ? (model.underscored ? 'deleted_at' : 'deletedAt') : undefined;
  const entry: OrmModel = { orm: 'Sequelize', className: model.className, declared, tried, fields, underscored: model.underscored, joins: new Map(), ...(table ? { table: table.name } : {}), ...(softDelete ? { softDelete } : {}), ...(model.unreadBase ? { unreadBase: true as const } : {}) };
  schema.models.push(entry);
  if (!table) return;
  for (const attribute of model.attributes) {
    if (attribute.primaryKey) addIndex(table, { name: `${table.name}_pkey`, columns: [attribute.column], unique: true });
    if (attribute.unique) addIndex(table, { ...(typeof attribute.unique === 'string' ? { name: attribute.unique } : {}), columns: [attribute.column], unique: true });
  }
  // Attributes marked `@Index('name')` with one name form one index, in the order they are declared.
  const named = new Map<string, { columns: string[]; unique: boolean }>();
  for (const attribute of model.attributes) {
    if (!attribute.index) continue;
    const name = attribute.index.name ?? `${table.name}_${attribute.column}`;
    const index = named.get(name) ?? { columns: [], unique: attribute.index.unique };
    index.columns.push(attribute.column);
    named.set(name, index);
  }
  for (const [name, index] of named) addIndex(table, { name, ...index });
  const indexes = code.unwrap(model.indexes ?? ts.factory.createArrayLiteralExpression());
  if (!ts.isArrayLiteralExpression(indexes)) {
    schema.unread.push({ span: code.span(indexes), message: `indexes of model ${model.className} built at run time` });
    return;
  }
  for (const element of indexes.elements) {
    const options = code.object(element);
    const columns = fieldNames(code, propertyOf(options, 'fields'), fields);
    if (!options || !columns) {
      schema.unread.push({ span: code.span(element), message: `an index of model ${model.className} with columns built at run time (or expressions)` });
      continue;
    }
    const method = code.string(propertyOf(options, 'using'))?.toLowerCase();
    const unique = code.boolean(propertyOf(options, 'unique')) === true || code.string(propertyOf(options, 'type'))?.toUpperCase() === 'UNIQUE';
    addIndex(table, { ...(code.string(propertyOf(options, 'name')) !== undefined ? { name: code.string(propertyOf(options, 'name')) } : {}), columns, unique, ...(method ? { method } : {}) });
  }
}

/** A model index's `fields`: attribute names (mapped to their columns), or `{ name }` objects. */
function fieldNames(code: StaticFile, node: ts.Expression | undefined, fields: ReadonlyMap<string, string>): string[] | undefined {
  const value = node && code.unwrap(node);
  if (!value || !ts.isArrayLiteralExpression(value)) return undefined;
  const columns: string[] = [];
  for (const element of value.elements) {
    const name = code.string(element) ?? code.string(propertyOf(code.object(element), 'name')) ?? code.string(propertyOf(code.object(element), 'attribute'));
    if (name === undefined) return undefined;
    columns.push(fields.get(name) ?? name);
  }
  return columns;
}

/** English plurals the way Sequelize names a model's table (`user` → `users`, `category` → `categories`). */
function pluralize(word: string): string {
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${word}es`;
  return `${word}s`;
}

const TYPEORM_COLUMNS = ['Column', 'PrimaryColumn', 'PrimaryGeneratedColumn', 'CreateDateColumn', 'UpdateDateColumn', 'DeleteDateColumn', 'VersionColumn'];
const TYPEORM_OWNING_RELATIONS = ['ManyToOne', 'OneToOne'];

interface EntityColumn {
  readonly property: string;
  readonly column: string;
  readonly type: string;
  readonly primary: boolean;
  readonly unique: boolean;
  readonly index?: { readonly name?: string; readonly unique: boolean };
}

/**
 * A TypeORM entity: `@Entity(name?)`, columns named after their properties unless `name` says
 * (the default naming strategy), tables after the class in snake_case, a many-to-one relation's
 * key in `<relation><ReferencedKey>` unless `@JoinColumn({ name })` says; `@Index` and `@Unique` on
 * properties and on the class, `unique: true`, primary columns. Columns made by the project's own
 * decorators are kept apart: whether they are keys is not known.
 */
function readEntity(schema: Schema, models: ModelFiles, info: ClassInfo, entityArgs: readonly ts.Expression[]): void {
  const { code } = info;
  const className = info.node.name!.text;
  const tableName = entityTableName(info);
  const columns: EntityColumn[] = [];
  const joins = new Map<string, string>();
  const foreignKeys: { column: string; references: string }[] = [];
  const opaque = new Set<string>();
  let softDelete: string | undefined;
  for (const member of lineage(models, info)) {
    const typeorm = (element: ts.HasDecorators, name: string) => decorator(member, element, name, 'TypeORM');
    for (const element of member.node.members) {
      const property = propertyNameOf(element);
      if (!ts.isPropertyDeclaration(element) || property === undefined) continue;
      const index = typeorm(element, 'Index');
      const indexOptions = member.code.object(index?.args.find((arg) => ts.isObjectLiteralExpression(member.code.unwrap(arg))));
      const indexSpec = index ? { name: member.code.string(index.args[0]), unique: member.code.boolean(propertyOf(indexOptions, 'unique')) === true } : undefined;
      const kind = TYPEORM_COLUMNS.find((name) => typeorm(element, name));
      if (kind) {
        const found = typeorm(element, kind)!;
        const options = member.code.object(found.args.find((arg) => ts.isObjectLiteralExpression(member.code.unwrap(arg))));
        const column = member.code.string(propertyOf(options, 'name')) ?? property;
        if (kind === 'DeleteDateColumn') softDelete = column;
        columns.push({
          property,
          column,
          type: entityColumnType(kind, member.code.string(found.args[0]) ?? member.code.string(propertyOf(options, 'type')) ?? impliedColumnType(element)),
          primary: kind.startsWith('Primary') || member.code.boolean(propertyOf(options, 'primary')) === true,
          unique: member.code.boolean(propertyOf(options, 'unique')) === true,
          ...(indexSpec ? { index: indexSpec } : {}),
        });
        continue;
      }
      const relation = TYPEORM_OWNING_RELATIONS.find((name) => typeorm(element, name));
      if (relation) {
        const joinColumn = typeorm(element, 'JoinColumn');
        // A one-to-one relation holds the key only on the side with `@JoinColumn`.
        if (relation === 'OneToOne' && !joinColumn) continue;
        const joinOptions = member.code.object(joinColumn?.options);
        const referenced = member.code.string(propertyOf(joinOptions, 'referencedColumnName')) ?? primaryProperty(models, member, typeorm(element, relation)!.options);
        const column = member.code.string(propertyOf(joinOptions, 'name')) ?? (referenced === undefined ? undefined : `${property}${referenced.charAt(0).toUpperCase()}${referenced.slice(1)}`);
        if (column === undefined) continue;
        joins.set(property, column);
        // TypeORM creates the foreign key unless the relation says `createForeignKeyConstraints: false`.
        const relationOptions = member.code.object(typeorm(element, relation)!.args.find((arg) => ts.isObjectLiteralExpression(member.code.unwrap(arg))));
        const target = relatedClass(models, member, typeorm(element, relation)!.options);
        if (target && member.code.boolean(propertyOf(relationOptions, 'createForeignKeyConstraints')) !== false) foreignKeys.push({ column, references: entityTableName(target) });
        if (!columns.some((item) => item.column === column)) columns.push({ property: column, column, type: 'text', primary: false, unique: false, ...(indexSpec ? { index: indexSpec } : {}) });
        else if (indexSpec) columns.push({ property: column, column, type: 'text', primary: false, unique: false, index: indexSpec });
        continue;
      }
      // A decorator of the project's own (`@EntityId()`, `@PrimaryGeneratedId()`) registers a column TypeORM is told about at run time.
      const decorators = ts.getDecorators(element) ?? [];
      const own = decorators.some((item) => {
        const callee = ts.isCallExpression(item.expression) ? item.expression.expression : item.expression;
        return !(ts.isIdentifier(callee) && member.imports.has(callee.text));
      });
      if (own) opaque.add(property);
    }
  }
  let table = schema.tables.get(tableName);
  if (!table) {
    table = { name: tableName, columns: new Map(), indexes: [], foreignKeys: [], declared: code.span(info.node.name ?? info.node) };
    schema.tables.set(tableName, table);
  }
  for (const column of columns) if (!table.columns.has(column.column)) table.columns.set(column.column, { name: column.column, type: column.type });
  for (const column of opaque) if (!table.columns.has(column)) table.columns.set(column, { name: column, type: 'text' });
  const primary = columns.filter((column) => column.primary).map((column) => column.column);
  if (primary.length) addIndex(table, { name: `${tableName}_pkey`, columns: [...new Set(primary)], unique: true });
  for (const { column, references } of foreignKeys) addForeignKey(table, { columns: [column], references });
  for (const column of columns) {
    if (column.unique) addIndex(table, { columns: [column.column], unique: true });
    if (column.index) addIndex(table, { ...(column.index.name !== undefined ? { name: column.index.name } : {}), columns: [column.column], unique: column.index.unique });
  }
  const fields = new Map(columns.map((column) => [column.property, column.column]));
  const toColumn = (property: string): string => fields.get(property) ?? joins.get(property) ?? property;
  // Class-level `@Index([...])`, `@Index('name', [...], { unique })`, `@Index((e) => [e.a, e.b])`, `@Unique([...])`.
  for (const item of ts.getDecorators(info.node) ?? []) {
    const expression = item.expression;
    const callee = ts.isCallExpression(expression) ? expression.expression : undefined;
    const imported = callee && ts.isIdentifier(callee) ? info.imports.get(callee.text) : undefined;
    if (imported?.orm !== 'TypeORM' || (imported.name !== 'Index' && imported.name !== 'Unique') || !ts.isCallExpression(expression)) continue;
    const args = expression.arguments;
    const name = code.string(args[0]);
    const list = args[name === undefined ? 0 : 1];
    const properties = list && entityFields(code, list);
    if (!properties) {
      schema.unread.push({ span: code.span(item), message: `an index of entity ${className} with columns built at run time` });
      continue;
    }
    const options = code.object(args[name === undefined ? 1 : 2]);
    addIndex(table, { ...(name !== undefined ? { name } : {}), columns: properties.map(toColumn), unique: imported.name === 'Unique' || code.boolean(propertyOf(options, 'unique')) === true });
  }
  schema.models.push({ orm: 'TypeORM', className, declared: code.span(info.node.name ?? info.node), table: tableName, tried: [tableName], fields, underscored: false, joins, ...(softDelete ? { softDelete } : {}), ...(opaque.size ? { opaque } : {}) });
}

/** `['a', 'b']`, or `(entity) => [entity.a, entity.b]`. */
function entityFields(code: StaticFile, node: ts.Expression): string[] | undefined {
  const value = code.unwrap(node);
  if (ts.isArrowFunction(value) && ts.isArrayLiteralExpression(value.body)) {
    const names = value.body.elements.map((element) => (ts.isPropertyAccessExpression(element) ? element.name.text : undefined));
    return names.every((name): name is string => name !== undefined) ? names : undefined;
  }
  return code.strings(value);
}

/** The table of an entity: `@Entity('name')`, `@Entity({ name })`, else the class name in snake_case. */
function entityTableName(info: ClassInfo): string {
  const args = decorator(info, info.node, 'Entity', 'TypeORM')?.args ?? [];
  return info.code.string(args[0]) ?? info.code.string(propertyOf(info.code.object(args[0]), 'name')) ?? snakeCase(info.node.name!.text);
}

/** The class a relation targets (`@ManyToOne(() => Customer)`, `@ManyToOne('Customer')`). */
function relatedClass(models: ModelFiles, info: ClassInfo, target: ts.Expression | undefined): ClassInfo | undefined {
  const body = target && (ts.isArrowFunction(target) || ts.isFunctionExpression(target)) ? target.body : undefined;
  const name = body && ts.isIdentifier(body) ? body.text : target && ts.isStringLiteralLike(target) ? target.text : undefined;
  return name === undefined ? undefined : models.named(info, name);
}

/** The primary key property of a relation's target, looked up in its class and bases. */
function primaryProperty(models: ModelFiles, info: ClassInfo, target: ts.Expression | undefined): string | undefined {
  const related = relatedClass(models, info, target);
  if (!related) return undefined;
  for (const member of lineage(models, related).reverse()) {
    for (const element of member.node.members) {
      if (!ts.isPropertyDeclaration(element)) continue;
      if (decorator(member, element, 'PrimaryColumn', 'TypeORM') || decorator(member, element, 'PrimaryGeneratedColumn', 'TypeORM')) return propertyNameOf(element);
    }
  }
  // A primary key made by a decorator of the project's own: its name is not known.
  return undefined;
}

/** With no type written, TypeORM takes the column type from the property's declared type (reflect-metadata's design:type). */
function impliedColumnType(property: ts.PropertyDeclaration): string | undefined {
  return property.type?.kind === ts.SyntaxKind.BooleanKeyword ? 'boolean' : undefined;
}

function entityColumnType(kind: string, written: string | undefined): string {
  if (kind.endsWith('DateColumn')) return 'timestamptz';
  if (kind === 'PrimaryGeneratedColumn') return written === 'uuid' ? 'uuid' : 'integer';
  if (kind === 'VersionColumn') return 'integer';
  const type = written?.toLowerCase();
  return type && /^[a-z][a-z0-9 ]*$/.test(type) && !['enum', 'simple-array', 'simple-json', 'simple-enum'].includes(type) ? (type === 'datetime' ? 'timestamptz' : type === 'int' ? 'integer' : type) : 'text';
}
