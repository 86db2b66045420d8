import { addForeignKey, quoteIdentifier, type Index, type Schema, type Table } from './schema';

/** Prisma scalar types and the PostgreSQL types `prisma migrate` creates for them. */
const SCALAR_TYPES: Readonly<Record<string, string>> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'decimal(65,30)',
  Boolean: 'boolean',
  DateTime: 'timestamp(3)',
  Json: 'jsonb',
  Bytes: 'bytea',
};

interface PrismaField {
  readonly name: string;
  readonly type: string;
  readonly list: boolean;
  readonly attributes: string;
}

interface Block {
  readonly kind: 'model' | 'enum';
  readonly name: string;
  readonly start: number;
  readonly bodyStart: number;
  readonly closingBrace: number;
}

/** One file of a Prisma schema: `schema.prisma`, or one of a `prisma/schema/` folder's files. */
export interface PrismaSchemaFile {
  readonly file: string;
  readonly text: string;
}

/**
 * Reads the models of a Prisma schema into tables, the way `prisma migrate` creates them on
 * PostgreSQL: `@id`/`@@id` primary keys, `@unique`/`@@unique` unique indexes, `@@index` indexes,
 * `@map`/`@@map` names. A relation's `fields` are a foreign key, whose columns get no index of their own. The files of a
 * schema folder are one schema: a model's relations and enums may be declared in another file.
 */
export function applyPrismaSchema(schema: Schema, files: readonly PrismaSchemaFile[]): void {
  const blocks = files.flatMap(({ file, text }) => findBlocks(text).map((block) => ({ ...block, file, text })));
  const models = blocks.filter((block) => block.kind === 'model');
  const enums = new Set(blocks.filter((block) => block.kind === 'enum').map((block) => block.name));
  for (const block of blocks) {
    if (block.kind !== 'enum') continue;
    const values = block.text
      .slice(block.bodyStart, block.closingBrace)
      .split('\n')
      .map((line) => line.replace(/\/\/.*$/, '').trim().split(/\s+/)[0] ?? '')
      .filter((value) => /^\w+$/.test(value));
    schema.enums.set(block.name, `CREATE TYPE ${quoteIdentifier(block.name)} AS ENUM (${values.map((value) => `'${value}'`).join(', ')})`);
  }
  const modelNames = new Set(models.map((block) => block.name));
  const tableNames = new Map(models.map((block) => [block.name, mappedName(block.text.slice(block.bodyStart, block.closingBrace), '@@map') ?? block.name]));
  for (const block of models) {
    const { file, text } = block;
    const body = text.slice(block.bodyStart, block.closingBrace);
    const fields = parseFields(body);
    const tableName = tableNames.get(block.name)!;
    const columnOf = new Map<string, string>();
    const relations = new Map<string, { model: string; fields: string[]; references: string[] }>();
    const table: Table = schema.tables.get(tableName) ?? { name: tableName, columns: new Map(), indexes: [], foreignKeys: [], declared: { file, start: block.start, end: block.closingBrace + 1 } };
    for (const field of fields) {
      if (modelNames.has(field.type)) {
        const relation = /@relation\(([^)]*)\)/.exec(field.attributes)?.[1] ?? '';
        relations.set(field.name, { model: field.type, fields: listArgument(relation, 'fields'), references: listArgument(relation, 'references') });
        continue;
      }
      const column = mappedName(field.attributes, '@map') ?? field.name;
      columnOf.set(field.name, column);
      const type = SCALAR_TYPES[field.type] ?? (enums.has(field.type) ? quoteIdentifier(field.type) : 'text');
      if (!table.columns.has(column)) table.columns.set(column, { name: column, type: field.list ? `${type}[]` : type });
    }
    for (const relation of relations.values()) {
      if (relation.fields.length > 0) addForeignKey(table, { columns: relation.fields.map((field) => columnOf.get(field) ?? field), references: tableNames.get(relation.model)! });
    }
    const add = (columns: readonly string[], kind: 'pkey' | 'key' | 'idx'): void => {
      const mapped = columns.map((field) => columnOf.get(field) ?? field);
      if (mapped.length === 0 || table.indexes.some((index) => sameColumns(index, mapped) && (kind === 'idx' || index.unique))) return;
      const name = kind === 'pkey' ? `${tableName}_pkey` : `${tableName}_${mapped.join('_')}_${kind}`;
      table.indexes.push({ name, keys: mapped.map((column) => ({ column })), unique: kind !== 'idx', method: 'btree', where: [], sql: { keys: mapped.map(quoteIdentifier) } });
    };
    for (const field of fields) {
      if (/@id\b/.test(field.attributes)) add([field.name], 'pkey');
      if (/@unique\b/.test(field.attributes)) add([field.name], 'key');
    }
    for (const match of body.matchAll(/@@(id|unique|index)\s*\(([^)]*(?:\([^)]*\)[^)]*)*)\)/g)) {
      const list = /\[([^\]]*)\]/.exec(match[2]!)?.[1] ?? '';
      const columns = list.split(',').map((item) => item.trim().replace(/\(.*$/, '')).filter(Boolean);
      add(columns, match[1] === 'id' ? 'pkey' : match[1] === 'unique' ? 'key' : 'idx');
    }
    const lineStart = text.lastIndexOf('\n', block.closingBrace - 1) + 1;
    const braceOnOwnLine = text.slice(lineStart, block.closingBrace).trim() === '';
    table.model = { name: block.name, fields: columnOf, relations, insertAt: braceOnOwnLine ? lineStart : block.closingBrace, braceOnOwnLine };
    schema.tables.set(tableName, table);
  }
}

function sameColumns(index: Index, columns: readonly string[]): boolean {
  return index.keys.length === columns.length && index.keys.every((key, position) => 'column' in key && key.column === columns[position]);
}

function findBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const header = /^[ \t]*(model|enum)\s+(\w+)\s*\{/gm;
  for (let match = header.exec(text); match; match = header.exec(text)) {
    const bodyStart = match.index + match[0].length;
    const closingBrace = closingBraceOf(text, bodyStart);
    if (closingBrace < 0) break;
    blocks.push({ kind: match[1] as Block['kind'], name: match[2]!, start: match.index + match[0].indexOf(match[1]!), bodyStart, closingBrace });
    header.lastIndex = closingBrace;
  }
  return blocks;
}

/** The `}` that closes a block, skipping comments and strings (a `}` in a default string). */
function closingBraceOf(text: string, from: number): number {
  let depth = 1;
  for (let index = from; index < text.length; index += 1) {
    const char = text[index];
    if (char === '/' && text[index + 1] === '/') index = text.indexOf('\n', index) < 0 ? text.length : text.indexOf('\n', index);
    else if (char === '"') index = text.indexOf('"', index + 1) < 0 ? text.length : text.indexOf('"', index + 1);
    else if (char === '{') depth += 1;
    else if (char === '}' && (depth -= 1) === 0) return index;
  }
  return -1;
}

function parseFields(body: string): PrismaField[] {
  const fields: PrismaField[] = [];
  for (const rawLine of body.split('\n')) {
    const line = rawLine.replace(/\/\/.*$/, '').trim();
    const match = /^(\w+)\s+(\w+)(\[\])?\??\s*(.*)$/.exec(line);
    if (!match) continue;
    fields.push({ name: match[1]!, type: match[2]!, list: match[3] !== undefined, attributes: match[4] ?? '' });
  }
  return fields;
}

/** `@map("customer_id")` / `@@map("orders")` → the mapped name. */
function mappedName(text: string, attribute: '@map' | '@@map'): string | undefined {
  const pattern = attribute === '@map' ? /(?<!@)@map\(\s*(?:name:\s*)?"([^"]+)"/ : /@@map\(\s*(?:name:\s*)?"([^"]+)"/;
  return pattern.exec(text)?.[1];
}

function listArgument(args: string, name: string): string[] {
  const list = new RegExp(`${name}\\s*:\\s*\\[([^\\]]*)\\]`).exec(args)?.[1] ?? '';
  return list
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
