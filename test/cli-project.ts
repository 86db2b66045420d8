import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll } from 'vitest';
import { main } from '../cli/main';
import { FIXTURES, ROOT } from './analyze';

/** Helpers of the `cli-*` tests: tiny projects beside the fixtures (so library typings resolve) and the CLI run in process. */

export const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', types: ['node'], skipLibCheck: true },
  include: ['**/*.ts'],
});

/** Prisma-shaped I/O (the fixtures' generated client): no SQL text, so the result depends on no SQL parser. */
export const PRISMA_IMPORT = "import { PrismaClient } from '../generated/prisma';\nconst prisma = new PrismaClient();\n";

/** One lookup per row a query returned (n-plus-one's default reports loops over what a read returned). */
export const N_PLUS_ONE = `${PRISMA_IMPORT}export async function owners(ids: string[]) {
  const users = [];
  for (const { authorId: id } of await prisma.post.findMany({ where: { id: { in: ids.map(Number) } } })) {
    users.push(await prisma.user.findUnique({ where: { id } }));
  }
  return users;
}
`;

export const SEQUENTIAL = `${PRISMA_IMPORT}export async function page(id: string) {
  const user = await prisma.user.findUnique({ where: { id } });
  const posts = await prisma.post.findMany();
  return { user, posts };
}
`;

/** A project helper that does no I/O… */
export const PURE_HELPER = `export async function nameOf(id: string): Promise<string> {
  return \`user \${id}\`;
}
`;

/** …and the same helper once it reads the database: its callers in loops become N+1s. */
export const DB_HELPER = `${PRISMA_IMPORT}export async function nameOf(id: string): Promise<string> {
  const user = await prisma.user.findUnique({ where: { id } });
  return user?.name ?? id;
}
`;

/**
 * n-plus-one reporting every loop, whatever its collection holds: the fixtures' config
 * (test-fixtures/hotpath.json), for a repository of its own, which is out of its reach.
 */
export const ANY_COLLECTIONS = '{ "rules": { "n-plus-one": ["error", { "collections": "any" }] } }';

/** Calls the helper once per id. */
export const CALLER = `import { nameOf } from './helper';
export async function names(ids: string[]) {
  const out: string[] = [];
  for (const id of ids) out.push(await nameOf(id));
  return out;
}
`;

const created: string[] = [];
afterAll(() => created.forEach((directory) => fs.rmSync(directory, { recursive: true, force: true })));

/** A project folder `test-fixtures/.cli-<name>-*` (git-ignored), removed after the test file. */
export function project(name: string, files: Record<string, string>): string {
  const directory = fs.mkdtempSync(path.join(FIXTURES, `.cli-${name}-`));
  created.push(directory);
  writeFiles(directory, files);
  return directory;
}

export function writeFiles(directory: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
    fs.writeFileSync(path.join(directory, file), text);
  }
}

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A writable that keeps what is written; `isTTY` as asked. */
export function captureStream(isTTY = false): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = {
    isTTY,
    write(chunk: string | Uint8Array): boolean {
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    },
  };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

/** The CLI's `main` in this process: the same code as `dist/cli.js`, without a bundle step or a process per run. */
export async function hotpath(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const stdout = captureStream();
  const stderr = captureStream();
  const status = await main(args, { stdout: stdout.stream, stderr: stderr.stream, cwd, env: { NO_COLOR: '1', ...env } });
  return { status, stdout: stdout.text(), stderr: stderr.text() };
}

/** The built CLI (`dist/cli.js`, `npm run build`) as a child process, as a user or CI runs it. */
export function hotpathProcess(args: readonly string[], cwd: string, options: { input?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): CliResult {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], {
    cwd,
    encoding: 'utf8',
    input: options.input,
    maxBuffer: 256 * 1024 * 1024,
    timeout: options.timeout,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A project that is a git repository of its own, as a user's checkout is: CI reports name files from its root. */
export function repository(name: string, files: Record<string, string>): string {
  const directory = project(name, files);
  spawnSync('git', ['init', '-q'], { cwd: directory });
  return directory;
}
