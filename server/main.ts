// The hotpath language server: wiring between the connection and the services. `--stdio` or
// `--node-ipc` on the command line picks the transport (vscode-languageserver reads argv).
// Started by server/index.ts (dist/server.js) from the engine bundle, which the CLI loads too.
import path from 'node:path';
import {
  createConnection,
  DidChangeConfigurationNotification,
  DiagnosticSeverity,
  ErrorCodes,
  ResponseError,
  DidChangeWatchedFilesNotification,
  ExecuteCommandRequest,
  FileChangeType,
  MessageType,
  ProposedFeatures,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type Diagnostic,
  type FileEvent,
  type InitializeParams,
  type InitializeResult,
  type WorkDoneProgressReporter,
  type WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver/node';
import { CONFIG_FILE_NAME } from '../core/config';
import { VERSION } from '../core/version';
import { codeActionsFor, FIX_ALL_KIND, OPEN_DOCS_COMMAND, wantsFixAll } from './code-actions';
import { messageWithoutFile, ProjectConfigs, type ConfigProblem } from './configs';
import { fileNameOf, Locator, uriOfFile } from './convert';
import { DiagnosticsService, type AnalysisTiming } from './diagnostics';
import { OpenDocuments } from './documents';
import { ProjectService } from './projects';
import { SettingsCache } from './settings';

const ANALYZE_WORKSPACE_COMMAND = 'hotpath.analyzeWorkspace';
const DEFAULT_DEBOUNCE_MS = 150;
/** `{ state: 'analysing' | 'ready' }`: what the VS Code client's status item shows. */
const STATUS_NOTIFICATION = '$/hotpath/status';
const WATCHED_GLOBS = ['**/hotpath.json', '**/tsconfig*.json', '**/*.sql', '**/*.prisma', '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];
const SOURCE_FILE = /\.[cm]?[jt]sx?$/;

/** Internal knobs for tests and the benchmark, passed as `initializationOptions`. */
interface InitializationOptions {
  readonly debounceMs?: number;
  /** Send `$/hotpath/timing` after each document's analysis. */
  readonly timing?: boolean;
  /** Check every incremental analysis against a full one, logging differences. */
  readonly verifyIncremental?: boolean;
}

interface Services {
  readonly capabilities: ClientCapabilities;
  readonly projects: ProjectService;
  readonly configs: ProjectConfigs;
  readonly settings: SettingsCache;
  readonly diagnostics: DiagnosticsService;
  readonly workspaceFoldersChanged: (event: WorkspaceFoldersChangeEvent) => void;
}

/** The handlers `guarded` wraps that answer requests (the others handle notifications). */
const REQUESTS: ReadonlySet<string> = new Set(['codeAction', 'executeCommand']);
const isRequest = (name: string): boolean => REQUESTS.has(name);

export function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new OpenDocuments();
  let services: Services | undefined;
  // After `shutdown` the server only waits for `exit`: requests are errors (InvalidRequest, as the LSP says), notifications are dropped.
  let shuttingDown = false;
  connection.onShutdown(() => {
    shuttingDown = true;
  });
  const log = (message: string): void => connection.console.error(message);
  const guarded =
    <A extends unknown[], R>(name: string, fallback: R, handler: (services: Services, ...args: A) => R | Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (shuttingDown && isRequest(name)) throw new ResponseError(ErrorCodes.InvalidRequest, `hotpath is shutting down: ${name} is not answered`);
      if (!services || shuttingDown) return fallback;
      try {
        return await handler(services, ...args);
      } catch (error) {
        log(`hotpath: ${name} failed: ${describeError(error)}`);
        return fallback;
      }
    };

  connection.onInitialize((params): InitializeResult => {
    services = createServices(connection, documents, params, () => shuttingDown);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND] },
        executeCommandProvider: { commands: [ANALYZE_WORKSPACE_COMMAND, OPEN_DOCS_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'hotpath', version: VERSION },
    };
  });

  connection.onInitialized(
    guarded('initialized', undefined, ({ capabilities, workspaceFoldersChanged }) => {
      if (capabilities.workspace?.workspaceFolders) connection.workspace.onDidChangeWorkspaceFolders(workspaceFoldersChanged);
      if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
        void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) });
      }
      if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
        void connection.client.register(DidChangeConfigurationNotification.type, { section: 'hotpath' });
      }
    }),
  );

  documents.all.onDidChangeContent(
    guarded('didChange', undefined, async ({ projects, diagnostics, settings }, { document }) => {
      projects.openFileChanged();
      // With `hotpath.run: onSave` an edit waits for the save; a document just opened is analysed at once.
      if (diagnostics.hasAnalysed(document.uri) && (await settings.get(document.uri)).run === 'onSave') return;
      diagnostics.documentChanged(document.uri);
    }),
  );

  documents.all.onDidSave(
    guarded('didSave', undefined, async ({ diagnostics, settings }, { document }) => {
      if ((await settings.get(document.uri)).run === 'onSave') diagnostics.documentChanged(document.uri);
    }),
  );

  documents.all.onDidClose(
    guarded('didClose', undefined, ({ settings, diagnostics }, { document }) => {
      settings.forget(document.uri);
      const fileName = documents.fileNameOf(document);
      if (fileName) diagnostics.documentClosed(document.uri, fileName);
    }),
  );

  connection.onDidChangeConfiguration(
    guarded('didChangeConfiguration', undefined, ({ settings, configs, diagnostics }) => {
      settings.clear();
      configs.invalidate();
      diagnostics.everythingChanged();
    }),
  );

  connection.onDidChangeWatchedFiles(guarded('didChangeWatchedFiles', undefined, (services, { changes }) => filesChanged(services, changes)));

  connection.onCodeAction(
    guarded('codeAction', [], async ({ capabilities, projects, diagnostics }, params) => {
      const uri = params.textDocument.uri;
      // Fix-all runs on save, maybe before the debounced analysis of the last edit: it analyses now.
      const analysis = wantsFixAll(params.context.only) ? await diagnostics.analysisNow(uri) : diagnostics.analysisOf(uri);
      const document = documents.all.get(uri);
      if (!document || !analysis) return [];
      const program = projects.projectOfOpenFile(analysis.fileName).program();
      return codeActionsFor({
        document,
        fileName: analysis.fileName,
        findings: analysis.findings,
        params,
        locator: new Locator(program, { fileName: analysis.fileName, document }),
        uriOf: (fileName) => documents.uriOf(fileName),
        versionOf: (uri) => documents.all.get(uri)?.version ?? null,
        versionedEdits: capabilities.workspace?.workspaceEdit?.documentChanges === true,
      });
    }),
  );

  // Registered directly (not through onExecuteCommand) to see whether the client sent a progress token.
  connection.onRequest(
    ExecuteCommandRequest.type,
    guarded('executeCommand', null, async ({ diagnostics }, params, token: CancellationToken) => {
      if (params.command === OPEN_DOCS_COMMAND) {
        const [url] = params.arguments ?? [];
        if (typeof url === 'string') await openExternal(connection, url);
        return null;
      }
      if (params.command !== ANALYZE_WORKSPACE_COMMAND) return null;
      const progress: WorkDoneProgressReporter & { token?: CancellationToken } =
        params.workDoneToken !== undefined ? connection.window.attachWorkDoneProgress(params.workDoneToken) : await connection.window.createWorkDoneProgress();
      const cancelled: CancellationToken = {
        get isCancellationRequested() {
          return token.isCancellationRequested || progress.token?.isCancellationRequested === true;
        },
        onCancellationRequested: token.onCancellationRequested,
      };
      return diagnostics.analyseWorkspace(progress, cancelled);
    }),
  );

  process.on('uncaughtException', (error) => log(`hotpath: unexpected error: ${describeError(error)}`));
  process.on('unhandledRejection', (error) => log(`hotpath: unexpected error: ${describeError(error)}`));
  documents.all.listen(connection);
  connection.listen();
}

function createServices(connection: Connection, documents: OpenDocuments, params: InitializeParams, shuttingDown: () => boolean): Services {
  const capabilities = params.capabilities;
  const options = (params.initializationOptions ?? {}) as InitializationOptions;
  let workspaceRoots = workspaceRootsOf(params);
  const reportedLoadErrors = new Set<string>();
  const showError = (message: string): void => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message });
  const projects = new ProjectService(
    (fileName) => documents.openFile(fileName),
    () => workspaceRoots,
    ({ tsconfig, message }) => {
      const key = `${tsconfig}\0${message}`;
      if (reportedLoadErrors.has(key)) return;
      reportedLoadErrors.add(key);
      connection.console.error(`hotpath: ${message}`);
      showError(`hotpath: cannot read ${tsconfig}: ${message}. Its files are analysed with default compiler options until it is fixed.`);
    },
  );
  let diagnostics: DiagnosticsService | undefined;
  const configs = new ProjectConfigs(
    (file, problems) => diagnostics && reportConfigProblems(diagnostics, file, problems, showError),
    () => shuttingDown() || diagnostics?.everythingChanged(),
  );
  const settings = new SettingsCache(
    capabilities.workspace?.configuration ? (scopeUri) => connection.workspace.getConfiguration({ scopeUri, section: 'hotpath' }) : undefined,
  );
  diagnostics = new DiagnosticsService(
    {
      publish: (published) => {
        if (!shuttingDown()) void connection.sendDiagnostics(published);
      },
      error: (message) => connection.console.error(message),
      busy: (busy) => {
        if (!shuttingDown()) void connection.sendNotification(STATUS_NOTIFICATION, { state: busy ? 'analysing' : 'ready' });
      },
      ...(options.timing ? { timing: (timing: AnalysisTiming) => void connection.sendNotification('$/hotpath/timing', timing) } : {}),
    },
    documents,
    projects,
    configs,
    settings,
    {
      debounceMs: typeof options.debounceMs === 'number' && options.debounceMs >= 0 ? options.debounceMs : DEFAULT_DEBOUNCE_MS,
      verifyIncremental: options.verifyIncremental === true,
    },
  );
  const workspaceFoldersChanged = ({ added, removed }: WorkspaceFoldersChangeEvent): void => {
    const gone = new Set(removed.map((folder) => fileNameOf(folder.uri)));
    workspaceRoots = [...workspaceRoots.filter((root) => !gone.has(root)), ...added.flatMap((folder) => fileNameOf(folder.uri) ?? [])];
  };
  return { capabilities, projects, configs, settings, diagnostics, workspaceFoldersChanged };
}

function workspaceRootsOf(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const roots = uris.flatMap((uri) => fileNameOf(uri) ?? []);
  // rootPath is deprecated, but some older clients send only that.
  return roots.length === 0 && params.rootPath ? [params.rootPath.replace(/\\/g, '/')] : roots;
}

/** Routes file-system events: tsconfigs rebuild projects, configs and schemas re-analyse everything, sources the projects they are in. */
function filesChanged({ projects, configs, diagnostics }: Services, changes: readonly FileEvent[]): void {
  const sources: { fileName: string; createdOrDeleted: boolean }[] = [];
  let tsconfigs = false;
  let config = false;
  let schema = false;
  for (const change of changes) {
    const fileName = fileNameOf(change.uri);
    if (!fileName) continue;
    const base = path.basename(fileName);
    if (/^[tj]sconfig.*\.json$/.test(base)) tsconfigs = true;
    else if (base === CONFIG_FILE_NAME) config = true;
    else if (base.endsWith('.sql') || base.endsWith('.prisma')) schema = true;
    else if (SOURCE_FILE.test(base)) sources.push({ fileName, createdOrDeleted: change.type !== FileChangeType.Changed });
  }
  if (tsconfigs) projects.reloadAll();
  if (tsconfigs || config) configs.invalidate();
  if (schema) for (const project of projects.knownProjects()) project.dropAnalyzer();
  // Saving an open file reports a change too; the editor's copy is what is analysed while it is open.
  const diskChanges = sources.filter((source) => source.createdOrDeleted || !projects.openFiles().includes(source.fileName));
  if (diskChanges.length) diagnostics.projectsChanged(projects.sourceFilesChanged(diskChanges));
  if (tsconfigs || config || schema) diagnostics.everythingChanged();
}

/** One error diagnostic per problem in the config file, and a message the first time each problem appears. */
function reportConfigProblems(diagnostics: DiagnosticsService, file: string, problems: readonly ConfigProblem[], showError: (message: string) => void): void {
  const locator = new Locator(undefined);
  const unique = [...new Map(problems.map((problem) => [problem.message, problem])).values()];
  const items: Diagnostic[] = unique.map((problem) => ({
    range: locator.range(problem.span),
    severity: DiagnosticSeverity.Error,
    source: 'hotpath',
    message: `${messageWithoutFile(problem)}. hotpath uses its default rules until this is fixed.`,
  }));
  diagnostics.publisher.set(uriOfFile(file), 'config', items);
  for (const problem of unique) showError(`hotpath: ${problem.message}. Using the default rules until it is fixed.`);
}

async function openExternal(connection: Connection, url: string): Promise<void> {
  try {
    const { success } = await connection.window.showDocument({ uri: url, external: true });
    if (success) return;
  } catch {
    // The client cannot show documents: fall through to telling the user where the docs are.
  }
  void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `hotpath docs: ${url}` });
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
