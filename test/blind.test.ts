import { describe, expect, it } from 'vitest';
import { hotpath, N_PLUS_ONE, project, TSCONFIG } from './cli-project';

/**
 * Never silently blind: a library the project obtains a client of, with evidence that calls into it
 * were missed, is named once in the run's notes instead of a clean run.
 */
describe('a library imported and never recognised', () => {
  it('is named once, and --explain (or --debug) says why: @prisma/client resolves but declares no PrismaClient (no `prisma generate`)', async () => {
    const source = `import { PrismaClient } from '@prisma/client';
// A shape neither the checker (no generated client: PrismaClient has no declaration) nor the import-origin fallback follows.
const prisma = Reflect.construct(PrismaClient, []);
export async function owners(ids: string[]) {
  const users = [];
  for (const id of ids) users.push(await prisma.user.findUnique({ where: { id } }));
  return users;
}
`;
    const directory = project('blind', { 'tsconfig.json': TSCONFIG, 'a.ts': source, 'b.ts': source.replace('owners', 'others') });
    const plain = await hotpath(['.'], directory);
    expect(plain.stdout.match(/no call into it recognised/g)).toHaveLength(1);
    expect(plain.stdout).toContain('@prisma/client imported in 2 files, no call into it recognised — please report');
    const explain = await hotpath(['.', '--explain'], directory);
    expect(explain.stderr).toMatch(/@prisma\/client unseen: @prisma\/client resolves, but declares no `PrismaClient` \(has `prisma generate` run\?\); imported in a\.ts, b\.ts/);
  });

  it('is not named when a call into it is recognised, or when a package only creates the client', async () => {
    const recognised = project('seen', { 'tsconfig.json': TSCONFIG, 'a.ts': N_PLUS_ONE });
    expect((await hotpath(['.'], recognised)).stdout).not.toContain('no call into it recognised');
    const creates = project('creates', { 'tsconfig.json': TSCONFIG, 'db.ts': "import { PrismaClient } from '../generated/prisma';\nexport const prisma = new PrismaClient();\n" });
    expect((await hotpath(['.'], creates)).stdout).not.toContain('no call into it recognised');
  });
});
