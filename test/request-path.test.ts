import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeTsconfig, FIXTURES, type ProjectRun } from './analyze';

/** What findings on the request path say of their entry; which lines are flagged is the fixture harness's. */
describe('request-path entries in messages', () => {
  const files = ['blocking-call/worker.ts', 'connection-per-call/processor.ts', 'unbounded-read/trpc.ts', 'unbounded-read/server-actions.ts'].map((file) => path.join(FIXTURES, file));
  let run: ProjectRun;
  beforeAll(() => {
    run = analyzeTsconfig(path.join(FIXTURES, 'tsconfig.json'), { onlyFiles: new Set(files) });
  }, 600_000);

  const messageAt = (file: string, line: number): string | undefined =>
    run.findings.find((finding) => finding.file.endsWith(file) && run.program.getSourceFile(finding.file)!.getLineAndCharacterOfPosition(finding.start).line + 1 === line)?.message;

  it('names an anonymous handler by its registration: the router key, the worker variable', () => {
    expect(messageAt('unbounded-read/trpc.ts', 13)).toContain('reached from `posts`, a tRPC handler');
    expect(messageAt('blocking-call/worker.ts', 6)).toContain('reached from `invoices`, a BullMQ handler');
  });

  it('says a worker runs per job, and a server action per request', () => {
    expect(messageAt('blocking-call/worker.ts', 13)).toContain('blocks the event loop on the job path (reached from `processExport`, a BullMQ handler): every other job waits');
    expect(messageAt('connection-per-call/processor.ts', 11)).toContain('creates a pg client on every job (reached from `MailConsumer.process`, a NestJS BullMQ handler)');
    expect(messageAt('unbounded-read/server-actions.ts', 9)).toContain('on the request path (reached from `listUsers`, a Next.js server action handler)');
  });
});
