import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JsonReport } from '../cli/format/json';
import { FIXTURES, giveFixturesConfig } from './analyze';
import { hotpath } from './cli-project';
import { ensureBuilt, LspClient } from './lsp/client';
import { markersUnder } from './markers';

/** A pnpm workspace before its first build: every internal package points at a dist/ that does not exist. */
const WORKSPACE = path.join(FIXTURES, 'workspace');
/** A fresh checkout outside the repository: no node_modules above it (neither pg nor ioredis resolves), no generated Prisma client. */
const detached = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-workspace-'));
fs.cpSync(WORKSPACE, detached, { recursive: true });
giveFixturesConfig(detached);
fs.rmSync(path.join(detached, 'packages', 'database', 'src', 'generated'), { recursive: true, force: true });
afterAll(() => fs.rmSync(detached, { recursive: true, force: true }));

async function run(root: string): Promise<{ findings: string[]; notes: string }> {
  const result = await hotpath(['.', '--format', 'json'], root);
  const report = JSON.parse(result.stdout) as JsonReport;
  return { findings: report.findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`).sort(), notes: result.stderr };
}

describe('workspace packages before a build', () => {
  it('resolve to their sources (entry points mapped back from dist/, a source condition, the root paths): exactly the marked findings', async () => {
    const { findings, notes } = await run(WORKSPACE);
    expect(findings).toEqual(markersUnder(WORKSPACE));
    expect(notes).not.toContain('could not be resolved');
  });

  it('resolve to their sources without node_modules too, and the unresolved list names only real dependencies', async () => {
    const { findings, notes } = await run(detached);
    expect(findings).toEqual(markersUnder(WORKSPACE));
    expect(notes).toMatch(/3 imported packages.* could not be resolved \((I\/O libraries: )?@prisma\/client, ioredis, pg\)/);
    expect(notes).not.toContain('@acme/');
  });

  it('resolve to their sources in the language server', async () => {
    ensureBuilt();
    const client = await LspClient.start({ workspaceFolder: WORKSPACE, settings: () => ({}), initializationOptions: { debounceMs: 0 } });
    try {
      const file = path.join(WORKSPACE, 'apps', 'api', 'src', 'customers.ts');
      const uri = await client.open(file);
      const { diagnostics } = await client.diagnostics(uri, (params) => params.diagnostics.length > 0, { timeoutMs: 60_000 });
      const relative = path.relative(WORKSPACE, file);
      const expected = markersUnder(WORKSPACE).filter((marker) => marker.startsWith(`${relative}:`));
      expect(diagnostics.map((diagnostic) => `${relative}:${diagnostic.range.start.line + 1} ${String(diagnostic.code)}`).sort()).toEqual(expected);
    } finally {
      await client.stop();
    }
  });
});
