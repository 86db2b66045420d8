import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Prisma clients as `prisma generate` really writes them, for the fixtures and the version tests:
 * hand-written stand-ins drift from what users have (issue 25: the delegates of `prisma-client-js`
 * live in `namespace Prisma`, which no hand-written copy had).
 *
 * `prisma generate` needs no database, only engine binaries it cannot download here; it checks
 * that they exist and, for this command, never runs them, so a stub executable stands in.
 */

const ROOT = path.resolve(__dirname, '..', '..');

/** The Prisma CLIs installed as dev dependencies, by major: `prisma` is 7, the others are npm aliases. */
export const PRISMA_MAJORS = {
  5: { cli: 'prisma-5', client: 'prisma-client-5' },
  6: { cli: 'prisma-6', client: 'prisma-client-6' },
  7: { cli: 'prisma', client: '@prisma/client' },
} as const;
export type PrismaMajor = keyof typeof PRISMA_MAJORS;

/** The schemas of the fixture projects (a file, or a `prismaSchemaFolder` folder), each generating its client into the project (`output`). */
export const FIXTURE_SCHEMAS = [
  'test-fixtures/prisma/schema.prisma',
  'test-fixtures/example-shop/prisma/schema.prisma',
  'test-fixtures/unindexed-sql/prisma-project/prisma/schema.prisma',
  'test-fixtures/workspace/packages/database/prisma/schema.prisma',
  'test-fixtures/unindexed-sql/prisma-folder-project/prisma/schema',
];

function stubEngine(): string {
  const file = path.join(os.tmpdir(), `hotpath-prisma-engine-stub-${process.getuid?.() ?? 0}`);
  if (!fs.existsSync(file)) {
    const partial = `${file}.${process.pid}`;
    fs.writeFileSync(partial, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    fs.renameSync(partial, file);
  }
  return file;
}

/** Runs `prisma generate` of one major on a schema, from the schema's project folder. */
export function generatePrismaClient(schema: string, major: PrismaMajor = 7, cwd = path.dirname(path.dirname(schema))): void {
  const cli = path.join(ROOT, 'node_modules', PRISMA_MAJORS[major].cli, 'build', 'index.js');
  const engine = stubEngine();
  try {
    execFileSync(process.execPath, [cli, 'generate', '--schema', schema], {
      cwd,
      stdio: 'pipe',
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: engine,
        PRISMA_QUERY_ENGINE_LIBRARY: engine,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        PRISMA_DISABLE_WARNINGS: '1',
        CHECKPOINT_DISABLE: '1',
        // Prisma 5 and 6 read `url = env(...)` while validating; nothing connects.
        DATABASE_URL: 'postgresql://user:password@localhost:5432/unused',
      },
    });
  } catch (error) {
    const failed = error as { stderr?: Buffer; stdout?: Buffer };
    throw new Error(`prisma generate (${major}) failed for ${schema}:\n${failed.stderr?.toString() ?? ''}${failed.stdout?.toString() ?? ''}`);
  }
}

/** Generates the clients the fixture projects import, unless the schema and the CLI are those they were generated from. */
export function generateFixtureClients(): void {
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', PRISMA_MAJORS[7].cli, 'package.json'), 'utf8')).version;
  for (const relative of FIXTURE_SCHEMAS) {
    const schema = path.join(ROOT, relative);
    const files = fs.statSync(schema).isDirectory() ? schemaFolderFiles(schema) : [schema];
    const text = files.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
    const generatorFile = files.find((file) => /^\s*output\s*=/m.test(fs.readFileSync(file, 'utf8')))!;
    const output = path.resolve(path.dirname(generatorFile), /^\s*output\s*=\s*"([^"]+)"/m.exec(text)![1]!);
    const stamp = path.join(output, '.hotpath-stamp');
    const expected = createHash('sha256').update(`${version}\0${text}`).digest('hex');
    if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === expected) continue;
    generatePrismaClient(schema);
    fs.writeFileSync(stamp, expected);
  }
}

/** The `.prisma` files of a schema folder and its subfolders, in a stable order. */
function schemaFolderFiles(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.prisma'))
    .sort()
    .map((file) => path.join(folder, file));
}

if (require.main === module) generateFixtureClients();
