import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { ResolvedConfig } from '../config';
import { directoryEntries, SKIPPED_FOLDERS } from '../discovery';
import { parseSqlScript } from './parser';
import { applyPrismaSchema } from './prisma-schema';
import { applyStatements, emptySchema, type Schema } from './schema';

/** Where projects keep their schema when `sql.schema` does not say: SQL migrations of the common tools, then schema.prisma. */
export const CONVENTIONAL_SCHEMA_GLOBS: readonly string[] = ['migrations/**/*.sql', 'prisma/migrations/*/migration.sql', 'drizzle/**/*.sql', 'db/**/*.sql', 'prisma/schema.prisma', 'schema.prisma'];

/** The schema files of a project, in the order they apply: migrations by file name, then schema.prisma. */
export function schemaFiles(config: ResolvedConfig): string[] {
  const globs = config.sql?.schema ?? CONVENTIONAL_SCHEMA_GLOBS;
  const matches = picomatch([...globs], { dot: false });
  const found: string[] = [];
  const walk = (directory: string): void => {
    for (const entry of directoryEntries(directory)) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) walk(full);
      } else if (entry.isFile() && matches(path.relative(config.root, full).replace(/\\/g, '/'))) {
        found.push(full);
      }
    }
  };
  walk(config.root);
  const isPrisma = (file: string): boolean => file.endsWith('.prisma');
  const byName = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });
  return [...found.filter((file) => !isPrisma(file)).sort(byName), ...found.filter(isPrisma).sort(byName)];
}

/**
 * Loads a project's schema. A statement that does not parse becomes one problem at its location and
 * is skipped; the rest of its migration and the other files still apply. Returns undefined when the project has no schema files.
 */
export function loadSchema(config: ResolvedConfig): Schema | undefined {
  const files = schemaFiles(config);
  if (files.length === 0) return undefined;
  const schema = emptySchema();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    schema.files.push(file);
    if (file.endsWith('.prisma')) {
      applyPrismaSchema(schema, file, text);
      continue;
    }
    const parsed = parseSqlScript(text);
    for (const error of parsed.errors) schema.problems.push({ span: { file, start: error.offset, end: tokenEnd(text, error.offset) }, message: error.message });
    applyStatements(schema, file, parsed.statements, text);
  }
  return schema;
}

/** The end of the word or symbol at `offset`, so a diagnostic underlines the token the parser stopped at. */
export function tokenEnd(text: string, offset: number): number {
  const match = /^(\w+|\S)/.exec(text.slice(offset));
  return offset + (match ? match[0].length : 0);
}
