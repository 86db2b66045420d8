import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { ResolvedConfig } from '../config';
import { directoryEntries, SKIPPED_FOLDERS } from '../discovery';
import { workspaceDependencyFolders } from '../workspace';
import { applyDrizzleTables } from './drizzle-schema';
import { applyMigrationCode } from './migration-code';
import { applyModels } from './orm-models';
import { parseSqlScript, type ScriptOutcome } from './parser';
import { applyPrismaSchema, type PrismaSchemaFile } from './prisma-schema';
import { applyStatements, emptySchema, type Schema } from './schema';

/**
 * Where projects keep their schema when `sql.schema` does not say: SQL migrations of the common
 * tools, then schema.prisma or the files of a `prisma/schema/` folder (`prismaSchemaFolder`).
 */
export const CONVENTIONAL_SCHEMA_GLOBS: readonly string[] = [
  'migrations/**/*.sql',
  // Migrations written as code (Sequelize, Knex, Kysely, TypeORM), wherever the project keeps them.
  '**/migrations/**/*.{js,cjs,mjs,ts,mts,cts}',
  '**/migration/**/*.{js,cjs,mjs,ts,mts,cts}',
  'prisma/migrations/*/migration.sql',
  'drizzle/**/*.sql',
  'db/**/*.sql',
  'prisma/schema.prisma',
  'prisma/schema/**/*.prisma',
  'schema.prisma',
];

/**
 * The schema files of a project, in the order they apply: migrations by file name, then the Prisma
 * schema. Without `sql.schema`, the workspace packages the project depends on are read too: a
 * monorepo's schema often lives in its database package (`packages/database/prisma/`).
 */
export function schemaFiles(config: ResolvedConfig): string[] {
  const globs = config.sql?.schema;
  const folders = [config.root, ...workspaceDependencyFolders(config.root)];
  const found = new Set(globs ? explicitSchemaFiles(config.globRoot, globs) : folders.flatMap((folder) => filesMatching(folder, CONVENTIONAL_SCHEMA_GLOBS).filter((file) => !inOtherDatabaseFolder(folder, file))));
  const byName = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });
  return [...[...found].filter((file) => !isPrisma(file)).sort(byName), ...[...found].filter(isPrisma).sort(byName)];
}

/**
 * Explicit globs are relative to the config file, and may reach out of its folder: a repository
 * root's names a database package of its own, a backend's names its sibling package
 * (`../../packages/db/prisma/schema.prisma`). Each is walked from the folder its literal part names.
 */
function explicitSchemaFiles(configFolder: string, globs: readonly string[]): string[] {
  return globs.flatMap((glob) => {
    const { base, glob: pattern, isGlob } = picomatch.scan(glob);
    const start = path.resolve(configFolder, base);
    if (!isGlob) return fs.statSync(start, { throwIfNoEntry: false })?.isFile() ? [start] : [];
    return filesMatching(start, [pattern], true);
  });
}

/**
 * A folder named for another database (`db/clickhouse/`, `migrations/mysql/`): projects that support
 * several keep each one's SQL apart, and only PostgreSQL's can be read here. `sql.schema` overrides.
 */
const OTHER_DATABASE_FOLDER = /^(mysql|mariadb|clickhouse|sqlite3?|mssql|sqlserver|oracle|snowflake|bigquery|duckdb|cassandra)$/i;

function inOtherDatabaseFolder(root: string, file: string): boolean {
  return path.relative(root, path.dirname(file)).split(path.sep).some((segment) => OTHER_DATABASE_FOLDER.test(segment));
}

function isPrisma(file: string): boolean {
  return file.endsWith('.prisma');
}

function isCode(file: string): boolean {
  return /\.[cm]?[jt]s$/.test(file) && !/\.d\.[cm]?ts$/.test(file);
}

/** Project files that may declare ORM models or Drizzle tables: they name sequelize, typeorm or drizzle-orm (the readers check the imports). */
function modelFiles(config: ResolvedConfig): { models: string[]; drizzle: string[] } {
  const models: string[] = [];
  const drizzle: string[] = [];
  for (const file of filesMatching(config.root, ['**/*.{ts,mts,cts,js,cjs,mjs}'])) {
    if (!isCode(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    if (/sequelize|typeorm/.test(text)) models.push(file);
    if (text.includes('drizzle-orm')) drizzle.push(file);
  }
  return { models, drizzle };
}

/**
 * Files under `root` matching globs relative to it (no build output, dependencies or hidden folders).
 * A folder with a tsconfig.json of its own is another project (its migrations and models are its
 * own), unless it is a migrations folder compiled apart or the globs were written to reach it.
 */
function filesMatching(root: string, globs: readonly string[], intoOtherProjects = false): string[] {
  const matches = picomatch([...globs], { dot: false });
  const found: string[] = [];
  const walk = (directory: string): void => {
    for (const entry of directoryEntries(directory)) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        const otherProject = !intoOtherProjects && !/^migrations?$/.test(entry.name) && fs.existsSync(path.join(full, 'tsconfig.json'));
        if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.') && !otherProject) walk(full);
      } else if (entry.isFile() && matches(path.relative(root, full).replace(/\\/g, '/'))) {
        found.push(full);
      }
    }
  };
  walk(root);
  return found;
}

/**
 * Loads a project's schema. A statement that does not parse is skipped, and the first one of a file
 * becomes one problem at its location; the rest of its migration and the other files still apply. Returns undefined when the project has no schema files.
 */
export function loadSchema(config: ResolvedConfig): Schema | undefined {
  const files = schemaFiles(config);
  const { models, drizzle } = modelFiles(config);
  if (files.length === 0 && models.length === 0 && drizzle.length === 0) return undefined;
  const schema = emptySchema();
  // The Prisma files of one folder are one schema (a `prisma/schema/` folder, its subfolders included); separate folders are separate schemas.
  const prismaFolders = new Map<string, PrismaSchemaFile[]>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    if (isPrisma(file)) {
      schema.files.push(file);
      const folder = /^(.*[\\/]prisma[\\/]schema)[\\/]/.exec(file)?.[1] ?? path.dirname(file);
      prismaFolders.set(folder, [...(prismaFolders.get(folder) ?? []), { file, text }]);
      continue;
    }
    if (isCode(file)) {
      schema.files.push(file);
      // A file under migrations/ that is not a migration (a helper, a config) is not part of the schema.
      if (!applyMigrationCode(schema, file, text)) schema.files.pop();
      continue;
    }
    const parsed = parseSqlScript(text);
    // Rows only (a data migration or a seed an operator runs): it holds no table or index, and a
    // statement of it that does not parse (another database's variant) hides none.
    if (changesRowsOnly(parsed, text)) continue;
    schema.files.push(file);
    // Not one statement reads as PostgreSQL: another database's SQL, not a broken migration. One
    // problem says a file was only partly read; the others would repeat it.
    const [error] = parsed.statements.length ? parsed.errors : [];
    if (error) schema.problems.push({ span: { file, start: error.offset, end: tokenEnd(text, error.offset) }, message: error.message });
    applyStatements(schema, file, parsed.statements, text);
  }
  for (const prismaFiles of prismaFolders.values()) applyPrismaSchema(schema, prismaFiles);
  applyModels(schema, models, schema.tables.size > 0);
  applyDrizzleTables(schema, drizzle);
  if (schema.files.length === 0 && schema.models.length === 0) return undefined;
  schema.files.push(...new Set(schema.models.map((model) => model.declared.file)));
  return schema;
}

/** Statements that read or change rows, not the schema. */
const ROW_STATEMENTS = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'SelectStmt', 'MergeStmt', 'TruncateStmt', 'CopyStmt', 'LockStmt', 'TransactionStmt', 'VariableSetStmt']);
/** The first word of a statement that does not parse, past comments, when it reads or changes rows. */
const ROW_STATEMENT_START = /^(?:\s|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*(?:insert|update|delete|select|with|replace|merge|truncate|copy|lock|begin|start|commit|rollback|set)\b/i;

/** Every statement of the script, whether it parses or not, reads or changes rows: it declares no schema. */
function changesRowsOnly(parsed: ScriptOutcome, text: string): boolean {
  return parsed.statements.every((statement) => Object.keys(statement.node).some((kind) => ROW_STATEMENTS.has(kind))) && parsed.errors.every((error) => ROW_STATEMENT_START.test(text.slice(error.start)));
}

/** The end of the word or symbol at `offset`, so a diagnostic underlines the token the parser stopped at. */
export function tokenEnd(text: string, offset: number): number {
  const match = /^(\w+|\S)/.exec(text.slice(offset));
  return offset + (match ? match[0].length : 0);
}
