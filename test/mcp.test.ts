import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonReport } from '../cli/format/json';
import { ROOT } from './analyze';
import { ANY_COLLECTIONS, DB_HELPER, CALLER, hotpathProcess, N_PLUS_ONE, PURE_HELPER, repository, TSCONFIG, writeFiles } from './cli-project';
import { ensureBuilt } from './lsp/client';

/** `hotpath --mcp` driven by the MCP SDK's own client, as an agent's host runs it. */
async function connect(cwd: string): Promise<Client> {
  const client = new Client({ name: 'hotpath-test', version: '0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [path.join(ROOT, 'dist', 'cli.js'), '--mcp'], cwd, stderr: 'pipe' }));
  clients.push(client);
  return client;
}

const clients: Client[] = [];
afterAll(async () => {
  for (const client of clients) await client.close();
});
beforeAll(() => ensureBuilt());

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<JsonReport> {
  const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 240_000 });
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  const report = result.structuredContent as unknown as JsonReport;
  // Hosts that read only the text content get the same report.
  expect(JSON.parse((result.content as { text: string }[])[0]!.text)).toEqual(report);
  return report;
}

function cli(args: readonly string[], cwd: string): JsonReport {
  return JSON.parse(hotpathProcess([...args, '--format', 'json', '--exit-zero'], cwd).stdout) as JsonReport;
}

const nPlusOnes = (report: JsonReport): string[] => report.findings.filter((finding) => finding.ruleId === 'n-plus-one').map((finding) => `${finding.file}:${finding.line}`);

describe('hotpath --mcp', () => {
  it('takes no other options or paths (its tools take the paths)', () => {
    const result = hotpathProcess(['--mcp', 'src'], ROOT);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--mcp takes no other options or paths');
    expect(result.stdout).toBe('');
  });

  it('lists its tools, and reports what the CLI reports on the fixture projects, fixes included', async () => {
    const client = await connect(ROOT);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['analyze-changes', 'analyze-files']);
    for (const target of [path.join('test-fixtures', 'example-shop'), path.join('test-fixtures', 'tsconfig.json')]) {
      const expected = cli([target], ROOT);
      expect(await call(client, 'analyze-files', { paths: [target] })).toEqual(expected);
      expect(expected.findings.length).toBeGreaterThan(5);
      expect(expected.findings.some((finding) => finding.fixes?.some((fix) => fix.safety === 'safe' && fix.edits.length > 0))).toBe(true);
    }
  }, 600_000);

  it('reads the files again on each call: an edit on disk changes the next answer', async () => {
    const directory = repository('mcp-edit', { 'tsconfig.json': TSCONFIG, 'helper.ts': PURE_HELPER, 'caller.ts': CALLER, 'hotpath.json': ANY_COLLECTIONS });
    const client = await connect(directory);
    expect(nPlusOnes(await call(client, 'analyze-files', { paths: ['.'] }))).toEqual([]);
    // The helper starts reading the database: its caller's loop is an N+1, found through the summary kept warm for the helper.
    writeFiles(directory, { 'helper.ts': DB_HELPER });
    const edited = await call(client, 'analyze-files', { paths: ['.'] });
    expect(nPlusOnes(edited)).toEqual(['caller.ts:4']);
    expect(edited).toEqual(cli(['.'], directory));
    writeFiles(directory, { 'helper.ts': PURE_HELPER });
    expect(nPlusOnes(await call(client, 'analyze-files', { paths: ['caller.ts'] }))).toEqual([]);
  }, 240_000);

  it("reads the config again when a file it came from changes: the repository root's hotpath.json above the project, a file it extends, a nearer one created", async () => {
    const directory = repository('mcp-config-above', {
      'hotpath.json': '{ "extends": "./config/base.json" }\n',
      'config/base.json': '{ "rules": { "n-plus-one": ["error", { "collections": "any" }] } }\n',
      'app/tsconfig.json': TSCONFIG,
      'app/helper.ts': DB_HELPER.replace("'../generated/prisma'", "'../../generated/prisma'"),
      'app/caller.ts': CALLER,
    });
    const app = path.join(directory, 'app');
    const client = await connect(app);
    const severities = async (): Promise<string[]> => {
      const report = await call(client, 'analyze-files', { paths: ['.'] });
      expect(report).toEqual(cli(['.'], app));
      return report.findings.filter((finding) => finding.ruleId === 'n-plus-one').map((finding) => `${finding.file}:${finding.line} ${finding.severity}`);
    };
    expect(await severities()).toEqual(['caller.ts:4 error']);
    // A mistake in the extended file is the call's error, naming that file; mended, the next call uses it.
    writeFiles(directory, { 'config/base.json': '{ "rules": { "n-plus-one": "loud" } }\n' });
    const broken = await client.callTool({ name: 'analyze-files', arguments: { paths: ['.'] } }, undefined, { timeout: 240_000 });
    expect(broken.isError).toBe(true);
    expect((broken.content as { text: string }[])[0]!.text).toMatch(/base\.json.*severity/s);
    writeFiles(directory, { 'config/base.json': '{ "rules": { "n-plus-one": ["warning", { "collections": "any" }] } }\n' });
    expect(await severities()).toEqual(['caller.ts:4 warning']);
    writeFiles(directory, { 'hotpath.json': '{ "extends": "./config/base.json", "rules": { "n-plus-one": "off" } }\n' });
    expect(await severities()).toEqual([]);
    writeFiles(directory, { 'app/hotpath.json': '{ "rules": { "n-plus-one": ["info", { "collections": "any" }] } }\n' });
    expect(await severities()).toEqual(['caller.ts:4 info']);
  }, 240_000);

  it('analyze-changes reports what the uncommitted changes introduced, as --changed-since does', async () => {
    const directory = repository('mcp-changes', { 'tsconfig.json': TSCONFIG, 'old.ts': N_PLUS_ONE });
    const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=hotpath', '-c', 'user.email=hotpath@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: directory, encoding: 'utf8' });
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    writeFiles(directory, { 'new.ts': N_PLUS_ONE });
    const client = await connect(directory);
    const changes = await call(client, 'analyze-changes', {});
    expect(nPlusOnes(changes)).toEqual(['new.ts:6']);
    expect(changes).toEqual(cli(['--changed-since', 'HEAD'], directory));
    const wrongRef = await client.callTool({ name: 'analyze-changes', arguments: { since: 'no-such-ref' } });
    expect(wrongRef.isError).toBe(true);
    expect((wrongRef.content as { text: string }[])[0]!.text).toContain('unknown git ref "no-such-ref"');
  }, 240_000);
});
