import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecuteCommandRequest, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import type { JsonReport } from '../../cli/format/json';
import { readTsconfig } from '../../core/project';
import { ensureBuilt, fileUri, LspClient, ROOT } from './client';

/** What both faces must agree on, in the CLI's 1-based terms. */
interface Comparable {
  readonly file: string;
  readonly ruleId: string;
  readonly severity: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message: string;
  readonly related: readonly string[];
}

const SEVERITIES = ['', 'error', 'warning', 'info'];

function cliFindings(tsconfig: string): Comparable[] {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), '--project', tsconfig, '--format', 'json', '--exit-zero'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const report = JSON.parse(result.stdout) as JsonReport;
  return sorted(
    report.findings.map((finding) => ({
      file: path.resolve(ROOT, finding.file),
      ruleId: finding.ruleId,
      severity: finding.severity,
      line: finding.line,
      column: finding.column,
      endLine: finding.endLine,
      endColumn: finding.endColumn,
      message: finding.message,
      related: finding.related.map((related) => `${path.resolve(ROOT, related.file)}:${related.line}:${related.column}-${related.endLine}:${related.endColumn} ${related.message}`),
    })),
  );
}

function serverFindings(published: readonly PublishDiagnosticsParams[]): Comparable[] {
  return sorted(
    published.flatMap(({ uri, diagnostics }) =>
      diagnostics.map((diagnostic: Diagnostic) => ({
        file: fileURLToPath(uri),
        ruleId: String(diagnostic.code),
        severity: SEVERITIES[diagnostic.severity ?? 0]!,
        line: diagnostic.range.start.line + 1,
        column: diagnostic.range.start.character + 1,
        endLine: diagnostic.range.end.line + 1,
        endColumn: diagnostic.range.end.character + 1,
        message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
        related: (diagnostic.relatedInformation ?? []).map(
          ({ location: { uri: relatedUri, range }, message }) => `${fileURLToPath(relatedUri)}:${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1} ${message}`,
        ),
      })),
    ),
  );
}

function sorted(findings: Comparable[]): Comparable[] {
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
}

/** The newest publication for each URI. */
function latestPerUri(published: readonly PublishDiagnosticsParams[], uris: ReadonlySet<string>): PublishDiagnosticsParams[] {
  const latest = new Map<string, PublishDiagnosticsParams>();
  for (const params of published) if (uris.has(params.uri)) latest.set(params.uri, params);
  return [...latest.values()];
}

beforeAll(() => ensureBuilt());

describe('the server and the CLI report identical findings', () => {
  const clients: LspClient[] = [];
  afterAll(async () => {
    for (const client of clients) await client.stop();
  });

  it('on test-fixtures/example-shop, through hotpath.analyzeWorkspace', async () => {
    const shop = path.join(ROOT, 'test-fixtures', 'example-shop');
    const expected = cliFindings(path.join(shop, 'tsconfig.json'));
    const client = await LspClient.start({ workspaceFolder: shop, settings: () => ({}) });
    clients.push(client);
    const summary = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'hotpath.analyzeWorkspace', arguments: [] })) as { files: number; findings: number };
    const shopUris = new Set(client.published.map((params) => params.uri).filter((uri) => fileURLToPath(uri).startsWith(shop + path.sep)));
    expect(serverFindings(latestPerUri(client.published, shopUris))).toEqual(expected);
    expect(summary.findings).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(0);
  });

  it('on the rule fixtures, with every file open in the editor', async () => {
    const tsconfig = path.join(ROOT, 'test-fixtures', 'tsconfig.json');
    const files = readTsconfig(tsconfig).fileNames.filter((file) => !file.includes('/generated/'));
    const cli = cliFindings(tsconfig);
    const client = await LspClient.start({ workspaceFolder: path.dirname(tsconfig), settings: () => ({}), initializationOptions: { debounceMs: 0 } });
    clients.push(client);
    const uris = new Set<string>();
    for (const file of files) uris.add(await client.open(file, fs.readFileSync(file, 'utf8')));
    // Every open file is published at least once, and a round re-analyses all of them after the last open.
    await client.until(() => (latestPerUri(client.published, uris).length === uris.size ? true : undefined), 'diagnostics of every fixture', 120_000);
    const quiet = async (): Promise<void> => {
      for (let count = -1; count !== client.published.length; ) {
        count = client.published.length;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    };
    await quiet();
    const expected = cli.filter((finding) => uris.has(fileUri(finding.file)));
    expect(serverFindings(latestPerUri(client.published, uris))).toEqual(expected);
    expect(expected.length).toBeGreaterThan(50);
  }, 240_000);
});
