import fs from 'node:fs';
import path from 'node:path';

/** How many modules the generated project has besides `db.ts` and the big file. */
export const MODULES = 998;
export const BIG_FILE_LINES = 2000;
/** The modules the big file imports from. */
const IMPORTED_MODULES = 50;

const TSCONFIG = {
  compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022'], types: ['node'], strict: true, noEmit: true, skipLibCheck: true },
  include: ['src/**/*.ts'],
};

/** One repository-like module: a lookup, its batched form, a formatter that uses another module's, and an N+1. */
function moduleText(index: number): string {
  const parent = Math.floor(index / 2);
  const usesParent = index > 0;
  return [
    `import { pool } from '../db';`,
    ...(usesParent ? [`import { label${parent} } from './m${parent}';`] : []),
    '',
    `export interface Row${index} {`,
    '  id: string;',
    '  name: string;',
    '  total: number;',
    '}',
    '',
    `export async function find${index}(id: string): Promise<Row${index} | undefined> {`,
    `  const { rows } = await pool.query<Row${index}>('SELECT id, name, total FROM table_${index} WHERE id = $1', [id]);`,
    '  return rows[0];',
    '}',
    '',
    `export async function findMany${index}(ids: readonly string[]): Promise<Row${index}[]> {`,
    `  const { rows } = await pool.query<Row${index}>('SELECT id, name, total FROM table_${index} WHERE id = ANY($1)', [ids]);`,
    '  return rows;',
    '}',
    '',
    `export function label${index}(name: string, total: number): string {`,
    usesParent ? `  return \`\${label${parent}(name, total - 1)} / ${index}\`;` : `  return \`\${name} (\${total})\`;`,
    '}',
    '',
    `export async function report${index}(ids: readonly string[]): Promise<string[]> {`,
    '  const lines: string[] = [];',
    '  for (const id of ids) {',
    `    const row = await find${index}(id);`,
    `    if (row) lines.push(label${index}(row.name, row.total));`,
    '  }',
    '  return lines;',
    '}',
    '',
  ].join('\n');
}

/** Sixteen-line functions in four shapes: an N+1, sequential reads, a batched read, pure code. */
function bigFunction(index: number): string[] {
  const module = index % IMPORTED_MODULES;
  const next = (index + 1) % IMPORTED_MODULES;
  switch (index % 4) {
    case 0:
      return [
        `export async function loadEach${index}(ids: readonly string[]): Promise<string[]> {`,
        '  const names: string[] = [];',
        '  for (const id of ids) {',
        `    const row = await find${module}(id);`,
        '    if (!row) continue;',
        `    names.push(label${module}(row.name, row.total));`,
        '  }',
        '  // Every element costs one round trip above.',
        '  const sorted = [...names].sort();',
        '  const unique = new Set(sorted);',
        '  const result: string[] = [];',
        '  for (const name of unique) result.push(name.trim());',
        '  if (result.length === 0) return [];',
        '  const limit = Math.min(result.length, 100);',
        '  return result.slice(0, limit);',
        '}',
      ];
    case 1:
      return [
        `export async function page${index}(first: string, second: string): Promise<string> {`,
        `  const a = await find${module}(first);`,
        `  const b = await find${next}(second);`,
        '  const parts: string[] = [];',
        `  if (a) parts.push(label${module}(a.name, a.total));`,
        `  if (b) parts.push(label${next}(b.name, b.total));`,
        '  const joined = parts.join(", ");',
        '  const length = joined.length;',
        '  if (length > 200) {',
        '    return joined.slice(0, 200);',
        '  }',
        '  const padded = joined.padEnd(10, ".");',
        '  const upper = padded.toUpperCase();',
        '  const lower = padded.toLowerCase();',
        '  return upper === lower ? padded : `${upper}|${lower}`;',
        '}',
      ];
    case 2:
      return [
        `export async function batch${index}(ids: readonly string[]): Promise<Map<string, string>> {`,
        `  const rows = await findMany${module}(ids);`,
        '  const byId = new Map<string, string>();',
        '  for (const row of rows) {',
        `    byId.set(row.id, label${module}(row.name, row.total));`,
        '  }',
        '  for (const id of ids) {',
        '    if (!byId.has(id)) byId.set(id, "missing");',
        '  }',
        '  const keys = [...byId.keys()];',
        '  keys.sort();',
        '  const ordered = new Map<string, string>();',
        '  for (const key of keys) ordered.set(key, byId.get(key) ?? "");',
        '  const total = ordered.size;',
        '  return total > 0 ? ordered : byId;',
        '}',
      ];
    default:
      return [
        `export function score${index}(values: readonly number[]): number {`,
        '  let sum = 0;',
        '  let max = Number.NEGATIVE_INFINITY;',
        '  for (const value of values) {',
        '    sum += value;',
        '    if (value > max) max = value;',
        '  }',
        '  const mean = values.length ? sum / values.length : 0;',
        '  let variance = 0;',
        '  for (const value of values) variance += (value - mean) ** 2;',
        '  variance = values.length ? variance / values.length : 0;',
        '  const spread = Math.sqrt(variance);',
        `  const weight = ${index % 7} + 1;`,
        '  const result = (mean + spread) * weight;',
        '  return Number.isFinite(max) ? result : 0;',
        '}',
      ];
  }
}

/** The file the benchmark edits: BIG_FILE_LINES lines importing from many modules. */
export function bigFileText(): string {
  const imports = Array.from({ length: IMPORTED_MODULES }, (_, index) => `import { find${index}, findMany${index}, label${index} } from './models/m${index}';`);
  const lines = [...imports, ''];
  for (let index = 0; lines.length + 17 <= BIG_FILE_LINES; index++) lines.push(...bigFunction(index), '');
  while (lines.length < BIG_FILE_LINES - 1) lines.push('// padding');
  // Every imported name is used, whatever the shapes above happened to use.
  lines.push(`export const everything = [${Array.from({ length: IMPORTED_MODULES }, (_, index) => `find${index}, findMany${index}, label${index}`).join(', ')}];`);
  return `${lines.join('\n')}\n`;
}

/** Writes the project into `directory` and returns the big file's path. */
export function writeBenchProject(directory: string): string {
  fs.mkdirSync(path.join(directory, 'src', 'models'), { recursive: true });
  fs.writeFileSync(path.join(directory, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  fs.writeFileSync(path.join(directory, 'src', 'db.ts'), `import { Pool } from 'pg';\n\nexport const pool = new Pool({ max: 10 });\n`);
  for (let index = 0; index < MODULES; index++) fs.writeFileSync(path.join(directory, 'src', 'models', `m${index}.ts`), moduleText(index));
  const big = path.join(directory, 'src', 'big.ts');
  fs.writeFileSync(big, bigFileText());
  return big;
}
