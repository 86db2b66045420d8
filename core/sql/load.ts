import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { ResolvedConfig } from '../config';
import { directoryEntries, SKIPPED_FOLDERS } from '../discovery';
import { workspaceDependencyFolders } from '../workspace';
import { parseSqlScript } from './parser';
import { applyPrismaSchema, type PrismaSchemaFile } from './prisma-schema';
import { applyStatements, emptySchema, type Schema } from './schema';

/**
 * Where projects keep their schema when `sql.schema` does not say: SQL migrations of the common
 * tools, then schema.prisma or the files of a `prisma/schema/` folder (`prismaSchemaFolder`).
 */
export const CONVENTIONAL_SCHEMA_GLOBS: readonly string[] = [
  'migrations/**/*.sql',
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
  const folders = globs ? [config.root] : [config.root, ...workspaceDependencyFolders(config.root)];
  const found = new Set(folders.flatMap((folder) => filesMatching(folder, globs ?? CONVENTIONAL_SCHEMA_GLOBS)));
  const byName = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });
  return [...[...found].filter((file) => !isPrisma(file)).sort(byName), ...[...found].filter(isPrisma).sort(byName)];
}

function isPrisma(file: string): boolean {
  return file.endsWith('.prisma');
}

/** Files under `root` matching globs relative to it (no build output, dependencies or hidden folders). */
function filesMatching(root: string, globs: readonly string[]): string[] {
  const matches = picomatch([...globs], { dot: false });
  const found: string[] = [];
  const walk = (directory: string): void => {
    for (const entry of directoryEntries(directory)) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) walk(full);
      } else if (entry.isFile() && matches(path.relative(root, full).replace(/\\/g, '/'))) {
        found.push(full);
      }
    }
  };
  walk(root);
  return found;
}

/**
 * Loads a project's schema. A statement that does not parse becomes one problem at its location and
 * is skipped; the rest of its migration and the other files still apply. Returns undefined when the project has no schema files.
 */
export function loadSchema(config: ResolvedConfig): Schema | undefined {
  const files = schemaFiles(config);
  if (files.length === 0) return undefined;
  const schema = emptySchema();
  // The Prisma files of one folder are one schema (a `prisma/schema/` folder, its subfolders included); separate folders are separate schemas.
  const prismaFolders = new Map<string, PrismaSchemaFile[]>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    schema.files.push(file);
    if (isPrisma(file)) {
      const folder = /^(.*[\\/]prisma[\\/]schema)[\\/]/.exec(file)?.[1] ?? path.dirname(file);
      prismaFolders.set(folder, [...(prismaFolders.get(folder) ?? []), { file, text }]);
      continue;
    }
    const parsed = parseSqlScript(text);
    for (const error of parsed.errors) schema.problems.push({ span: { file, start: error.offset, end: tokenEnd(text, error.offset) }, message: error.message });
    applyStatements(schema, file, parsed.statements, text);
  }
  for (const prismaFiles of prismaFolders.values()) applyPrismaSchema(schema, prismaFiles);
  return schema;
}

/** The end of the word or symbol at `offset`, so a diagnostic underlines the token the parser stopped at. */
export function tokenEnd(text: string, offset: number): number {
  const match = /^(\w+|\S)/.exec(text.slice(offset));
  return offset + (match ? match[0].length : 0);
}
