import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeTsconfig, FIXTURES, ROOT } from '../analyze';
import { expectedFindings } from '../markers';
import { generatePrismaClient, PRISMA_MAJORS, type PrismaMajor } from './generate';

/**
 * The majors of Prisma real apps pin, with both generators, as `prisma generate` writes them:
 * `prisma-client-js` into node_modules (the default) and `prisma-client` into the app (`output`).
 * Each case is an app of its own under test-fixtures/ (so the root's other packages resolve)
 * with that major's `@prisma/client` in its node_modules.
 */
type Generator = 'prisma-client-js' | 'prisma-client';
const CASES: readonly { major: PrismaMajor; generator: Generator }[] = [
  { major: 5, generator: 'prisma-client-js' },
  { major: 6, generator: 'prisma-client-js' },
  { major: 6, generator: 'prisma-client' },
  { major: 7, generator: 'prisma-client-js' },
  { major: 7, generator: 'prisma-client' },
];

const SCHEMA = (generator: Generator, major: PrismaMajor): string => `generator client {
  provider = "${generator}"${generator === 'prisma-client' ? '\n  output   = "../src/generated/prisma"' : ''}
}

datasource db {
  provider = "postgresql"${major < 7 ? '\n  url      = env("DATABASE_URL")' : ''}
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  authorId Int
  title    String
  author   User   @relation(fields: [authorId], references: [id])
}
`;

/** The app: the loop of issue 25's report, two independent reads, and reads on one transaction (silent). */
const APP = (generator: Generator, major: PrismaMajor): string => `${major >= 7 ? "import { PrismaPg } from '@prisma/adapter-pg';\n" : ''}import { PrismaClient } from '${generator === 'prisma-client' ? './generated/prisma/client' : '@prisma/client'}';

const prisma = new PrismaClient(${major >= 7 ? '{ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) }' : ''});

export async function usersOf(ids: number[]) {
  const users = [];
  for (const id of ids) {
    users.push(await prisma.user.findUnique({ where: { id } })); // expect: n-plus-one
  }
  return users;
}

export async function profile(id: number) {
  const user = await prisma.user.findUnique({ where: { id } });
  const posts = await prisma.post.findMany({ take: 10 }); // expect: sequential-await
  return { user, posts };
}

export async function inOneTransaction(id: number) {
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id } });
    const posts = await tx.post.findMany({ where: { authorId: id } });
    return { user, posts };
  });
}
`;

const TSCONFIG = JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022'], types: ['node'], strict: true, noEmit: true, skipLibCheck: true },
  include: ['src'],
});

const apps: string[] = [];
afterAll(() => {
  for (const app of apps) fs.rmSync(app, { recursive: true, force: true });
});

/**
 * An app with this major's real `@prisma/client` (as installed, source maps aside) and its
 * generated client. The CLI must be installed beside the client, as in a real app.
 */
function createApp(major: PrismaMajor, generator: Generator): string {
  const app = fs.mkdtempSync(path.join(FIXTURES, `.tmp-prisma-${major}-${generator}-`));
  apps.push(app);
  fs.cpSync(path.join(ROOT, 'node_modules', PRISMA_MAJORS[major].client), path.join(app, 'node_modules', '@prisma', 'client'), {
    recursive: true,
    filter: (source) => !source.endsWith('.map'),
  });
  fs.symlinkSync(path.join(ROOT, 'node_modules', PRISMA_MAJORS[major].cli), path.join(app, 'node_modules', 'prisma'), 'dir');
  fs.mkdirSync(path.join(app, 'prisma'));
  fs.mkdirSync(path.join(app, 'src'));
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  fs.writeFileSync(path.join(app, 'tsconfig.json'), TSCONFIG);
  fs.writeFileSync(path.join(app, 'prisma', 'schema.prisma'), SCHEMA(generator, major));
  fs.writeFileSync(path.join(app, 'src', 'app.ts'), APP(generator, major));
  generatePrismaClient(path.join(app, 'prisma', 'schema.prisma'), major, app);
  return app;
}

describe('Prisma as generated', () => {
  for (const { major, generator } of CASES) {
    it(`Prisma ${major}, ${generator}: the loop, the serial reads, and nothing on one transaction`, () => {
      const app = createApp(major, generator);
      const run = analyzeTsconfig(path.join(app, 'tsconfig.json'));
      const diagnostics = ts.getPreEmitDiagnostics(run.program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      expect(diagnostics).toEqual([]);
      const file = path.join(app, 'src', 'app.ts');
      const sourceFile = run.program.getSourceFile(file)!;
      const actual = run.findings
        .filter((finding) => finding.file === sourceFile.fileName && finding.ruleId !== 'missing-timeout' && finding.ruleId !== 'unindexed-sql')
        .map((finding) => `${sourceFile.getLineAndCharacterOfPosition(finding.start).line + 1}: ${finding.ruleId}`);
      expect(actual).toEqual(expectedFindings(file));
    });
  }
});
