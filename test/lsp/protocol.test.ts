import { fork, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  createProtocolConnection,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ExecuteCommandRequest,
  FileChangeType,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  MessageType,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  TextDocumentSyncKind,
  WorkDoneProgress,
  type CodeAction,
  type PublishDiagnosticsParams,
  type TextEdit,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol/node';
import type { JsonReport } from '../../cli/format/json';
import { ensureBuilt, fileUri, LspClient, ROOT, SERVER } from './client';
import { applyTextEdits, byRule, positionOf, rangeOf, TempProject, TSCONFIG } from './project';

const DB = `import { Pool } from 'pg';\n\nexport const pool = new Pool();\n`;
const LOAD = `import { pool } from './db';

export async function loadUsers(ids: string[]) {
  const users = [];
  for (const id of ids) {
    users.push(await pool.query('SELECT * FROM users WHERE id = $1', [id]));
  }
  return users;
}
`;
/** A loop over the rows a query returned: n-plus-one reports it under its defaults too (a bad config falls back to them). */
const LOAD_ROWS = LOAD.replace('for (const id of ids) {', "for (const { id } of (await pool.query<{ id: string }>('SELECT id FROM users WHERE id = ANY($1)', [ids])).rows) {");
const LOAD_BATCHED = `import { pool } from './db';

export async function loadUsers(ids: string[]) {
  return pool.query('SELECT * FROM users WHERE id = ANY($1)', [ids]);
}
`;
const PAGE = `import { pool } from './db';

export async function page(id: string) {
  const a = await pool.query('SELECT 1');
  const b = await pool.query('SELECT 2');
  return [a, b, id];
}
`;
const TWO = `${LOAD}\n${PAGE.replace("import { pool } from './db';\n\n", '')}`;
const REPO_PURE = `export async function findUser(id: string): Promise<{ id: string }> {
  return { id };
}
`;
const REPO_QUERYING = `import { pool } from './db';

export async function findUser(id: string): Promise<{ id: string }> {
  const { rows } = await pool.query<{ id: string }>('SELECT id FROM users WHERE id = $1', [id]);
  return rows[0]!;
}
`;
const SERVICE = `import { findUser } from './repo';

export async function loadAll(ids: string[]) {
  const users = [];
  for (const id of ids) {
    users.push(await findUser(id));
  }
  return users;
}
`;

beforeAll(() => ensureBuilt());

describe('language server over stdio', () => {
  let project: TempProject;
  let client: LspClient;
  let enabled = true;

  beforeAll(async () => {
    project = new TempProject('protocol', { 'tsconfig.json': TSCONFIG, 'db.ts': DB, 'load.ts': LOAD, 'page.ts': PAGE, 'repo.ts': REPO_PURE, 'service.ts': SERVICE, 'closing.ts': LOAD, 'toggled.ts': LOAD_ROWS, 'ignored.ts': PAGE, 'two.ts': TWO });
    client = await LspClient.start({ workspaceFolder: project.root, settings: () => ({ enable: enabled }), initializationOptions: { verifyIncremental: true, timing: true } });
  });
  afterAll(async () => {
    try {
      await client?.stop();
    } finally {
      project?.remove();
    }
  });
  afterAll(() => {
    // Handler failures and incremental results that differ from a full analysis (rules that throw are caught by design).
    expect(client.logs.filter((line) => /hotpath: \w+ failed|analysis failed|diverged/.test(line))).toEqual([]);
  });

  it('announces incremental sync, quick fixes and its commands, and watches config, tsconfig and schema files', async () => {
    const capabilities = client.initializeResult!.capabilities;
    expect(capabilities.textDocumentSync).toMatchObject({ openClose: true, change: TextDocumentSyncKind.Incremental });
    expect(capabilities.codeActionProvider).toMatchObject({ codeActionKinds: ['quickfix', 'source.fixAll.hotpath'] });
    expect(capabilities.executeCommandProvider?.commands).toEqual(expect.arrayContaining(['hotpath.analyzeWorkspace', 'hotpath.openDocs']));
    const registration = await client.until(() => client.registrations.find((item) => (item as { method: string }).method === DidChangeWatchedFilesNotification.method), 'watcher registration');
    const globs = (registration as { registerOptions: { watchers: { globPattern: string }[] } }).registerOptions.watchers.map((watcher) => watcher.globPattern);
    expect(globs).toEqual(expect.arrayContaining(['**/hotpath.json', '**/tsconfig*.json', '**/*.sql', '**/*.prisma']));
  });

  it('publishes an N+1 with its rule id, exact range, docs link, severity and the loop as related information', async () => {
    const uri = await client.open(project.file('load.ts'));
    const published = await client.diagnostics(uri, (params) => byRule(params.diagnostics, 'n-plus-one').length > 0);
    expect(published.version).toBe(1);
    const [finding] = byRule(published.diagnostics, 'n-plus-one');
    expect(finding).toMatchObject({
      source: 'hotpath',
      code: 'n-plus-one',
      severity: DiagnosticSeverity.Error,
      range: rangeOf(LOAD, "pool.query('SELECT * FROM users WHERE id = $1', [id])"),
      codeDescription: { href: expect.stringMatching(/rules\/n-plus-one\/README\.md$/) },
      data: { ruleId: 'n-plus-one' },
    });
    expect(finding!.message).toContain('`pool.query` runs once per element of `ids`');
    const [loop] = finding!.relatedInformation!;
    expect(loop!.location.uri).toBe(uri);
    expect(loop!.location.range.start).toEqual(positionOf(LOAD, 'for (const id of ids)'));
    expect(loop!.message).toBe('the loop over `ids`');
  });

  it('drops the finding when an incremental edit removes it, publishing only the newest of two quick edits', async () => {
    const uri = fileUri(project.file('load.ts'));
    const since = client.published.length;
    // Version 2 reintroduces nothing new; version 3 batches the query. Only version 3 may be published.
    await client.change(uri, 2, [{ range: rangeOf(LOAD, 'users.push'), text: 'users.unshift' }]);
    const afterUnshift = LOAD.replace('users.push', 'users.unshift');
    await client.change(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: positionOf(afterUnshift, '\n}\n') }, text: LOAD_BATCHED.slice(0, LOAD_BATCHED.indexOf('\n}\n')) }]);
    const published = await client.diagnostics(uri, () => true, { since });
    expect(published.version).toBe(3);
    expect(byRule(published.diagnostics, 'n-plus-one')).toEqual([]);
    expect(client.published.slice(since).filter((params) => params.uri === uri).map((params) => params.version)).not.toContain(2);
  });

  it('offers the Promise.all fix as the preferred quick fix; applying it removes the sequential-await finding', async () => {
    const uri = await client.open(project.file('page.ts'));
    const published = await client.diagnostics(uri, (params) => byRule(params.diagnostics, 'sequential-await').length > 0);
    const [diagnostic] = byRule(published.diagnostics, 'sequential-await');
    expect(diagnostic!.range).toEqual(rangeOf(PAGE, "await pool.query('SELECT 2')"));
    expect(diagnostic!.relatedInformation?.[0]?.location.range).toEqual(rangeOf(PAGE, "await pool.query('SELECT 1')"));
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic!.range, context: { diagnostics: [diagnostic!] } })) as CodeAction[];
    expect(actions.map((action) => action.title)).toEqual([
      'Run the 2 reads together with Promise.all',
      'Ignore this line (hotpath)',
      'Ignore sequential-await in this file',
      'Open the docs of sequential-await',
    ]);
    const [fix] = actions;
    expect(fix).toMatchObject({ kind: 'quickfix', isPreferred: true, diagnostics: [diagnostic] });
    const fixed = applyEdit(PAGE, fix!, uri, 1);
    expect(fixed).toContain("const [a, b] = await Promise.all([pool.query('SELECT 1'), pool.query('SELECT 2')]);");
    const since = client.published.length;
    await client.change(uri, 2, [{ text: fixed }]);
    const after = await client.diagnostics(uri, (params) => params.version === 2, { since });
    expect(byRule(after.diagnostics, 'sequential-await')).toEqual([]);
  });

  it('suppresses a finding with "Ignore this line" and opens the docs through the client', async () => {
    const uri = await client.open(project.file('ignored.ts'));
    const published = await client.diagnostics(uri, (params) => byRule(params.diagnostics, 'sequential-await').length > 0);
    const [diagnostic] = byRule(published.diagnostics, 'sequential-await');
    // No diagnostics in the context: the server finds the finding under the requested range itself.
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic!.range, context: { diagnostics: [] } })) as CodeAction[];
    const ignore = actions.find((action) => action.title === 'Ignore this line (hotpath)')!;
    const ignored = applyEdit(PAGE, ignore, uri, 1);
    expect(ignored).toContain("  // hotpath-ignore-next-line sequential-await -- <reason>\n  const b = await pool.query('SELECT 2');");
    const since = client.published.length;
    await client.change(uri, 2, [{ text: ignored }]);
    const after = await client.diagnostics(uri, (params) => params.version === 2, { since });
    expect(byRule(after.diagnostics, 'sequential-await')).toEqual([]);
    expect(byRule(after.diagnostics, 'unused-suppression')).toEqual([]);

    const docs = actions.find((action) => action.title === 'Open the docs of sequential-await')!;
    await client.connection.sendRequest(ExecuteCommandRequest.type, docs.command!);
    expect(client.shownDocuments).toContain(diagnostic!.codeDescription!.href);
  });

  it('after an edit inside one function, re-analyses only that function and moves the other findings with the text', async () => {
    const uri = await client.open(project.file('two.ts'));
    const first = await client.diagnostics(uri, (params) => params.diagnostics.length >= 2);
    expect(first.diagnostics.map((diagnostic) => diagnostic.code).sort()).toEqual(['n-plus-one', 'sequential-await']);
    const since = client.published.length;
    const inserted = '  const started = Date.now();\n  console.log(started);\n';
    await client.change(uri, 2, [{ range: { start: positionOf(TWO, '  const users = [];'), end: positionOf(TWO, '  const users = [];') }, text: inserted }]);
    const edited = TWO.replace('  const users = [];', `${inserted}  const users = [];`);
    const after = await client.diagnostics(uri, (params) => params.version === 2, { since });
    expect(byRule(after.diagnostics, 'sequential-await')[0]!.range).toEqual(rangeOf(edited, "await pool.query('SELECT 2')"));
    expect(byRule(after.diagnostics, 'n-plus-one')[0]!.range).toEqual(rangeOf(edited, "pool.query('SELECT * FROM users WHERE id = $1', [id])"));
    const timing = await client.until(() => client.timings.find((item) => item.uri === uri && item.version === 2), 'timing');
    expect(timing).toMatchObject({ incremental: true });
  });

  it('re-diagnoses an open caller when its callee in another file starts querying the database', async () => {
    const serviceUri = await client.open(project.file('service.ts'));
    const clean = await client.diagnostics(serviceUri);
    expect(byRule(clean.diagnostics, 'n-plus-one')).toEqual([]);
    const repoUri = await client.open(project.file('repo.ts'));
    await client.diagnostics(repoUri);
    let since = client.published.length;
    await client.change(repoUri, 2, [{ text: REPO_QUERYING }]);
    const dirty = await client.diagnostics(serviceUri, (params) => byRule(params.diagnostics, 'n-plus-one').length > 0, { since });
    expect(dirty.version).toBe(1);
    const [finding] = byRule(dirty.diagnostics, 'n-plus-one');
    expect(finding!.range).toEqual(rangeOf(SERVICE, 'findUser(id)'));
    // The path to the query in the other file is part of the finding.
    expect(finding!.relatedInformation?.some((related) => related.location.uri === repoUri)).toBe(true);
    since = client.published.length;
    await client.change(repoUri, 3, [{ text: REPO_PURE }]);
    const again = await client.diagnostics(serviceUri, () => true, { since });
    expect(byRule(again.diagnostics, 'n-plus-one')).toEqual([]);
  });

  it('clears the diagnostics of a closed file', async () => {
    const uri = await client.open(project.file('closing.ts'));
    await client.diagnostics(uri, (params) => params.diagnostics.length > 0);
    const since = client.published.length;
    await client.close(uri);
    const cleared = await client.diagnostics(uri, () => true, { since });
    expect(cleared.diagnostics).toEqual([]);
  });

  it('honours hotpath.enable, re-reading it on didChangeConfiguration', async () => {
    const uri = await client.open(project.file('toggled.ts'));
    await client.diagnostics(uri, (params) => params.diagnostics.length > 0);
    enabled = false;
    let since = client.published.length;
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const off = await client.diagnostics(uri, () => true, { since });
    expect(off.diagnostics).toEqual([]);
    enabled = true;
    since = client.published.length;
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const on = await client.diagnostics(uri, (params) => params.diagnostics.length > 0, { since });
    expect(byRule(on.diagnostics, 'n-plus-one')).toHaveLength(1);
  });

  it('reports a bad hotpath.json at the offending key and by message, keeps analysing with defaults, and recovers', async () => {
    const uri = fileUri(project.file('toggled.ts'));
    const configUri = fileUri(project.file('hotpath.json'));
    const bad = '{\n  // team settings\n  "rules": {\n    "n-plus-one": "loud"\n  }\n}\n';
    // Counted before the write: the server watches its config files itself too (test/lsp/config-watch.test.ts).
    let since = client.published.length;
    project.write('hotpath.json', bad);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: configUri, type: FileChangeType.Created }] });
    const problem = await client.diagnostics(configUri, (params) => params.diagnostics.length > 0, { since });
    expect(problem.diagnostics).toHaveLength(1);
    expect(problem.diagnostics[0]).toMatchObject({ severity: DiagnosticSeverity.Error, source: 'hotpath', range: rangeOf(bad, '"n-plus-one": "loud"') });
    expect(problem.diagnostics[0]!.message).toContain('severity must be one of');
    const message = await client.until(() => client.messages.find((item) => item.message.includes('"rules.n-plus-one"')), 'showMessage');
    expect(message.type).toBe(MessageType.Error);
    const defaults = await client.diagnostics(uri, () => true, { since });
    expect(byRule(defaults.diagnostics, 'n-plus-one')[0]?.severity).toBe(DiagnosticSeverity.Error);

    since = client.published.length;
    project.write('hotpath.json', '{ "rules": { "n-plus-one": ["warning", { "collections": "any" }] } }\n');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: configUri, type: FileChangeType.Changed }] });
    const cleared = await client.diagnostics(configUri, () => true, { since });
    expect(cleared.diagnostics).toEqual([]);
    const warned = await client.diagnostics(uri, (params) => byRule(params.diagnostics, 'n-plus-one')[0]?.severity === DiagnosticSeverity.Warning, { since });
    expect(byRule(warned.diagnostics, 'n-plus-one')).toHaveLength(1);
    expect(client.alive).toBe(true);
  });
});

describe('hotpath.analyzeWorkspace', () => {
  let project: TempProject;
  let client: LspClient;

  beforeAll(async () => {
    project = new TempProject('workspace', { 'tsconfig.json': TSCONFIG, 'db.ts': DB, 'load.ts': LOAD, 'page.ts': PAGE, 'nested/service.ts': SERVICE, 'nested/repo.ts': REPO_QUERYING.replace("'./db'", "'../db'") });
    client = await LspClient.start({ workspaceFolder: project.root, settings: () => ({}) });
  });
  afterAll(async () => {
    try {
      await client?.stop();
    } finally {
      project?.remove();
    }
  });

  it('analyses every file of the project, reports progress, returns the counts the CLI reports and publishes files never opened', async () => {
    const progress: (WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd)[] = [];
    client.connection.onProgress(WorkDoneProgress.type, 'analyze-1', (value) => void progress.push(value));
    const summary = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'hotpath.analyzeWorkspace', arguments: [], workDoneToken: 'analyze-1' });
    const cli = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), '--project', project.file('tsconfig.json'), '--format', 'json', '--exit-zero'], { cwd: ROOT, encoding: 'utf8' });
    const report = JSON.parse(cli.stdout) as JsonReport;
    expect(summary).toEqual({ files: report.summary.files, findings: report.findings.length });
    expect(summary).toMatchObject({ files: 5 });
    await client.until(() => (progress.at(-1)?.kind === 'end' ? true : undefined), 'progress end');
    expect(progress[0]).toMatchObject({ kind: 'begin', title: 'hotpath', cancellable: true });
    expect(progress.some((value) => value.kind === 'report' && value.percentage === 100)).toBe(true);

    const serviceUri = fileUri(project.file('nested/service.ts'));
    expect(byRule(client.latest(serviceUri)!.diagnostics, 'n-plus-one')).toHaveLength(1);
    expect(client.latest(serviceUri)!.version).toBeUndefined();
    const loadUri = fileUri(project.file('load.ts'));
    expect(byRule(client.latest(loadUri)!.diagnostics, 'n-plus-one')[0]!.range).toEqual(rangeOf(LOAD, "pool.query('SELECT * FROM users WHERE id = $1', [id])"));
  });

  it('keeps the diagnostics of a file it published when that file is opened and closed again', async () => {
    const uri = fileUri(project.file('load.ts'));
    await client.open(project.file('load.ts'));
    await client.diagnostics(uri, (params) => params.version === 1, { since: 0 });
    const since = client.published.length;
    await client.close(uri);
    const afterClose = await client.diagnostics(uri, () => true, { since });
    expect(byRule(afterClose.diagnostics, 'n-plus-one')).toHaveLength(1);
  });
});

describe('watched tsconfig files', () => {
  it('rebuilds the projects when a tsconfig changes: a file it starts to include is analysed with its path aliases', async () => {
    const aliased = (include: string[]): string =>
      JSON.stringify({ compilerOptions: { ...JSON.parse(TSCONFIG).compilerOptions, baseUrl: '.', paths: { '@db': ['./src/db.ts'] } }, include });
    const project = new TempProject('tsconfig', {
      'tsconfig.json': aliased(['src/**/*.ts']),
      'src/db.ts': DB,
      'jobs/load.ts': LOAD.replace("'./db'", "'@db'"),
    });
    const client = await LspClient.start({ workspaceFolder: project.root, settings: () => ({}) });
    try {
      const uri = await client.open(project.file('jobs/load.ts'));
      // No tsconfig lists jobs/: an inferred project without the alias, so `pool` is unknown.
      const unresolved = await client.diagnostics(uri);
      expect(byRule(unresolved.diagnostics, 'n-plus-one')).toEqual([]);
      project.write('tsconfig.json', aliased(['src/**/*.ts', 'jobs/**/*.ts']));
      const since = client.published.length;
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri(project.file('tsconfig.json')), type: FileChangeType.Changed }] });
      const resolved = await client.diagnostics(uri, (params) => byRule(params.diagnostics, 'n-plus-one').length > 0, { since });
      expect(byRule(resolved.diagnostics, 'n-plus-one')[0]!.range).toEqual(rangeOf(LOAD.replace("'./db'", "'@db'"), "pool.query('SELECT * FROM users WHERE id = $1', [id])"));
    } finally {
      await client.stop();
      project.remove();
    }
  });
});

describe('module resolution across keystrokes', () => {
  it('finds a package installed after an import of it failed, at the next edit, though no file event reports node_modules', async () => {
    const load = LOAD.replace("'./db'", "'late-db'");
    const project = new TempProject('late-package', { 'tsconfig.json': TSCONFIG, 'load.ts': load });
    const client = await LspClient.start({ workspaceFolder: project.root, settings: () => ({}) });
    try {
      const uri = await client.open(project.file('load.ts'));
      expect(byRule((await client.diagnostics(uri)).diagnostics, 'n-plus-one')).toEqual([]);
      project.write('node_modules/late-db/package.json', JSON.stringify({ name: 'late-db', version: '1.0.0', types: 'index.d.ts' }));
      project.write('node_modules/late-db/index.d.ts', "import { Pool } from 'pg';\nexport declare const pool: Pool;\n");
      // A keystroke elsewhere in the file: its imports are resolved again, and the remembered failure is not trusted.
      await client.change(uri, 2, [{ text: `${load}// edited\n` }]);
      const resolved = await client.diagnostics(uri, (params) => params.version === 2);
      expect(byRule(resolved.diagnostics, 'n-plus-one').map((diagnostic) => diagnostic.range)).toEqual([rangeOf(load, "pool.query('SELECT * FROM users WHERE id = $1', [id])")]);
    } finally {
      await client.stop();
      project.remove();
    }
  });
});

describe('schema files', () => {
  const QUERY = `import { pool } from './db';

export async function ordersOf(customerId: number) {
  const { rows } = await pool.query('SELECT id FROM orders WHERE customer_id = $1', [customerId]);
  return rows;
}
`;

  it('keeps the schema across edits; the quick fix creates the next migration, and the new index clears the finding', async () => {
    const project = new TempProject('schema', {
      'tsconfig.json': TSCONFIG,
      'db.ts': DB,
      'query.ts': QUERY,
      'migrations/001_orders.sql': 'CREATE TABLE orders (id serial PRIMARY KEY, customer_id integer NOT NULL);\n',
    });
    const client = await LspClient.start({ workspaceFolder: project.root, settings: () => ({}), initializationOptions: { verifyIncremental: true } });
    try {
      const uri = await client.open(project.file('query.ts'));
      const unindexed = await client.diagnostics(uri, (params) => byRule(params.diagnostics, 'unindexed-sql').length > 0);
      expect(byRule(unindexed.diagnostics, 'unindexed-sql')).toHaveLength(1);
      // An edit inside the function: a new program, the same schema (read once, kept across programs).
      const edited = QUERY.replace('return rows;', 'return rows.slice();');
      await client.change(uri, 2, [{ text: edited }]);
      const afterEdit = await client.diagnostics(uri, (params) => params.version === 2);
      const [diagnostic] = byRule(afterEdit.diagnostics, 'unindexed-sql');
      expect(diagnostic).toBeDefined();

      const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic!.range, context: { diagnostics: [diagnostic!] } })) as CodeAction[];
      const fix = actions.find((action) => action.title.startsWith('Add migration'));
      expect(fix).toMatchObject({ title: 'Add migration 002_idx_orders_customer_id.sql', kind: 'quickfix', isPreferred: false });
      const migrationUri = fileUri(project.file('migrations/002_idx_orders_customer_id.sql'));
      const [create, insert] = fix!.edit!.documentChanges!;
      expect(create).toEqual({ kind: 'create', uri: migrationUri, options: { ignoreIfExists: true } });
      expect(insert).toMatchObject({ textDocument: { uri: migrationUri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] });
      const migration = (insert as { edits: TextEdit[] }).edits[0]!.newText;
      expect(migration).toContain('CREATE INDEX CONCURRENTLY idx_orders_customer_id ON orders (customer_id);');

      // What the client does with the edit, then the file watcher's event.
      project.write('migrations/002_idx_orders_customer_id.sql', migration);
      const since = client.published.length;
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: migrationUri, type: FileChangeType.Created }] });
      const indexed = await client.diagnostics(uri, (params) => byRule(params.diagnostics, 'unindexed-sql').length === 0, { since });
      expect(indexed.version).toBe(2);
      expect(client.logs.filter((line) => /failed|diverged/.test(line))).toEqual([]);
    } finally {
      await client.stop();
      project.remove();
    }
  });
});

describe('other clients', () => {
  let project: TempProject;
  beforeAll(() => {
    project = new TempProject('clients', { 'tsconfig.json': TSCONFIG, 'db.ts': DB, 'load.ts': LOAD, 'loose/load.ts': LOAD.replace("'./db'", "'pg'").replace("import { pool }", 'import { Pool }') });
  });
  afterAll(() => project?.remove());

  it('uses the default settings when the client has no workspace/configuration', async () => {
    const client = await LspClient.start({ workspaceFolder: project.root });
    try {
      const uri = await client.open(project.file('load.ts'));
      const published = await client.diagnostics(uri, (params) => params.diagnostics.length > 0);
      expect(byRule(published.diagnostics, 'n-plus-one')).toHaveLength(1);
    } finally {
      await client.stop();
    }
  });

  it('reads the config named by hotpath.configPath, relative to the workspace folder', async () => {
    project.write('config/strict.json', '{ "rules": { "n-plus-one": ["info", { "collections": "any" }] } }\n');
    const client = await LspClient.start({ workspaceFolder: project.root, settings: (item) => (item.section === 'hotpath' ? { configPath: 'config/strict.json' } : null) });
    try {
      const uri = await client.open(project.file('load.ts'));
      const published = await client.diagnostics(uri, (params) => byRule(params.diagnostics, 'n-plus-one').length > 0);
      expect(byRule(published.diagnostics, 'n-plus-one')[0]!.severity).toBe(DiagnosticSeverity.Information);
    } finally {
      await client.stop();
    }
  });

  it('analyses a file no tsconfig lists in an inferred project', async () => {
    const loose = new TempProject('loose', {
      'load.ts': `import { Pool } from 'pg';\n\nconst pool = new Pool();\n\nexport async function loadUsers(ids: string[]) {\n  for (const id of ids) {\n    await pool.query('SELECT 1 WHERE $1', [id]);\n  }\n}\n`,
    });
    const client = await LspClient.start({ workspaceFolder: loose.root });
    try {
      const uri = await client.open(loose.file('load.ts'));
      const published = await client.diagnostics(uri, (params) => byRule(params.diagnostics, 'n-plus-one').length > 0);
      expect(byRule(published.diagnostics, 'n-plus-one')).toHaveLength(1);
    } finally {
      await client.stop();
      loose.remove();
    }
  });

  it('talks over node IPC (--node-ipc)', async () => {
    const child = fork(SERVER, ['--node-ipc'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const published: PublishDiagnosticsParams[] = [];
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => void published.push(params));
    connection.onRequest('workspace/configuration', () => [null]);
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    try {
      await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: fileUri(project.root), workspaceFolders: null, capabilities: {} });
      await connection.sendNotification('initialized', {});
      const uri = fileUri(project.file('load.ts'));
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: LOAD } });
      await expect.poll(() => published.find((params) => params.uri === uri && byRule(params.diagnostics, 'n-plus-one').length > 0), { timeout: 30_000 }).toBeTruthy();
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification('exit');
    } finally {
      connection.dispose();
      child.kill();
    }
  });
});

/** Applies a code action's edit to the document it targets, checking it is versioned against `version`. */
function applyEdit(text: string, action: CodeAction, uri: string, version: number): string {
  const changes = action.edit?.documentChanges ?? [];
  expect(changes).toHaveLength(1);
  const [change] = changes as { textDocument: { uri: string; version: number | null }; edits: TextEdit[] }[];
  expect(change!.textDocument).toEqual({ uri, version });
  return applyTextEdits(text, change!.edits);
}
