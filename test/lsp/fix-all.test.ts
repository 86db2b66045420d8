import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeActionRequest, DidSaveTextDocumentNotification, type CodeAction, type TextEdit } from 'vscode-languageserver-protocol/node';
import { checkWithOverrides } from '../typecheck';
import { ensureBuilt, fileUri, LspClient } from './client';
import { applyTextEdits, byRule, TempProject, TSCONFIG } from './project';

const DB = `import { Pool } from 'pg';\n\nexport const pool = new Pool();\n`;
/** Two functions with two independent reads each: two safe fixes in one file. */
const PAGES = `import { pool } from './db';

export async function page(id: string) {
  const a = await pool.query('SELECT 1');
  const b = await pool.query('SELECT 2');
  return [a, b, id];
}

export async function other(id: string) {
  const c = await pool.query('SELECT 3');
  const d = await pool.query('SELECT 4');
  return [c, d, id];
}
`;

beforeAll(() => ensureBuilt());

describe('fix all (source.fixAll.hotpath) and when documents are analysed', () => {
  let project: TempProject;
  let client: LspClient;
  let run = 'onType';
  const statuses: string[] = [];

  beforeAll(async () => {
    project = new TempProject('fix-all', { 'tsconfig.json': TSCONFIG, 'db.ts': DB, 'pages.ts': PAGES, 'saved.ts': PAGES, 'pure.ts': 'export const answer = 42;\n' });
    client = await LspClient.start({ workspaceFolder: project.root, settings: () => ({ run }), initializationOptions: { debounceMs: 0 } });
    client.connection.onNotification('$/hotpath/status', (params: { state: string }) => {
      statuses.push(params.state);
    });
  });
  afterAll(async () => {
    try {
      await client?.stop();
    } finally {
      project?.remove();
    }
  });

  it('is announced, and asked on save right after opening, applies every safe fix of the file; the result type-checks and has no finding left', async () => {
    expect(client.initializeResult!.capabilities.codeActionProvider).toMatchObject({ codeActionKinds: ['quickfix', 'source.fixAll.hotpath'] });
    const uri = await client.open(project.file('pages.ts'));
    // No waiting for diagnostics: the request itself brings the analysis up to date, as a save does.
    const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: whole, context: { diagnostics: [], only: ['source.fixAll'] } })) as CodeAction[];
    expect(actions.map((action) => [action.kind, action.title])).toEqual([['source.fixAll.hotpath', 'Fix all auto-fixable hotpath problems']]);
    const [change] = actions[0]!.edit!.documentChanges as { textDocument: { uri: string; version: number }; edits: TextEdit[] }[];
    expect(change!.textDocument).toEqual({ uri, version: 1 });
    const fixed = applyTextEdits(PAGES, change!.edits);
    expect(fixed).toContain("const [a, b] = await Promise.all([pool.query('SELECT 1'), pool.query('SELECT 2')]);");
    expect(fixed).toContain("const [c, d] = await Promise.all([pool.query('SELECT 3'), pool.query('SELECT 4')]);");
    const checked = checkWithOverrides(project.file('tsconfig.json'), new Map([[project.file('pages.ts'), fixed]]));
    expect(checked.diagnostics).toEqual([]);
    expect(checked.findings.map((finding) => finding.ruleId)).toEqual([]);
  });

  it('is not among the quick fixes, and is not offered for a file with nothing to fix', async () => {
    const uri = await client.open(project.file('pure.ts'));
    await client.diagnostics(uri);
    const whole = { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } };
    expect(await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: whole, context: { diagnostics: [], only: ['source.fixAll.hotpath'] } })).toEqual([]);
    const pages = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: fileUri(project.file('pages.ts')) },
      range: whole,
      context: { diagnostics: [], only: ['quickfix'] },
    })) as CodeAction[];
    expect(pages.some((action) => action.kind === 'source.fixAll.hotpath')).toBe(false);
  });

  it('tells the client when it is analysing and when it is done', () => {
    expect(statuses).toContain('analysing');
    expect(statuses.at(-1)).toBe('ready');
  });

  it('with "hotpath.run": "onSave", analyses an edited document when it is saved, not before', async () => {
    run = 'onSave';
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const uri = await client.open(project.file('saved.ts'));
    await client.diagnostics(uri, (params) => byRule(params.diagnostics, 'sequential-await').length === 2);
    const since = client.published.length;
    const edited = PAGES.replace("  const b = await pool.query('SELECT 2');\n", '').replace('[a, b, id]', '[a, id]');
    await client.change(uri, 2, [{ text: edited }]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(client.published.slice(since).filter((params) => params.uri === uri)).toEqual([]);
    await client.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
    const saved = await client.diagnostics(uri, (params) => params.version === 2, { since });
    expect(byRule(saved.diagnostics, 'sequential-await')).toHaveLength(1);
  });
});
