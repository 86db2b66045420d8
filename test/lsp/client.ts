import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowDocumentRequest,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type ConfigurationItem,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type ShowMessageParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

import type { AnalysisTiming } from '../../server/diagnostics';

export const ROOT = path.resolve(__dirname, '..', '..');
const TIMING = '$/hotpath/timing';
export const SERVER = path.join(ROOT, 'dist', 'server.js');

export interface ClientOptions {
  readonly workspaceFolder: string;
  readonly initializationOptions?: Record<string, unknown>;
  /** The `hotpath` settings the client answers `workspace/configuration` with; omit for a client without configuration support. */
  readonly settings?: (item: ConfigurationItem) => unknown;
  readonly capabilities?: ClientCapabilities;
  /** Node options for the server process (e.g. `--cpu-prof` in a benchmark). */
  readonly nodeOptions?: readonly string[];
  /** The server's entry point: the repository's dist/server.js unless given (an installed package's). */
  readonly server?: string;
}

const CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true },
    workspaceFolders: true,
  },
  window: { workDoneProgress: true, showDocument: { support: true } },
  textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true } },
};

export function fileUri(fileName: string): string {
  return pathToFileURL(fileName).href;
}

/** Builds dist/ when the server bundle is missing or older than any server, core or rules source. */
export function ensureBuilt(): void {
  const built = fs.existsSync(SERVER) ? fs.statSync(SERVER).mtimeMs : 0;
  const newest = Math.max(...['server', 'cli', 'core', 'rules'].flatMap((folder) => sourcesUnder(path.join(ROOT, folder))).map((file) => fs.statSync(file).mtimeMs));
  if (built >= newest) return;
  const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
}

function sourcesUnder(folder: string): string[] {
  return fs.readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.ts')).map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * A language client for tests: spawns the built server on stdio, answers the requests a real
 * editor answers, and records everything the server sends.
 */
export class LspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly logs: string[] = [];
  readonly registrations: unknown[] = [];
  readonly shownDocuments: string[] = [];
  /** `$/hotpath/timing` notifications (sent when `initializationOptions.timing` is set). */
  readonly timings: AnalysisTiming[] = [];
  stderr = '';
  exited: number | null | undefined;
  initializeResult: InitializeResult | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly publishListeners: ((params: PublishDiagnosticsParams) => void)[] = [];

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {}

  static async start(options: ClientOptions): Promise<LspClient> {
    const child = spawn(process.execPath, [...(options.nodeOptions ?? []), options.server ?? SERVER, '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection);
    child.stderr!.on('data', (chunk: Buffer) => (client.stderr += chunk.toString()));
    child.on('exit', (code) => {
      client.exited = code;
      client.notify();
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      client.published.push(params);
      for (const listener of client.publishListeners) listener(params);
      client.notify();
    });
    connection.onNotification(ShowMessageNotification.type, (params) => {
      client.messages.push(params);
      client.notify();
    });
    connection.onNotification(LogMessageNotification.type, (params) => {
      client.logs.push(params.message);
    });
    connection.onNotification(TIMING, (params: AnalysisTiming) => {
      client.timings.push(params);
      client.notify();
    });
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => options.settings?.(item) ?? null));
    connection.onRequest(RegistrationRequest.type, (params) => {
      client.registrations.push(...params.registrations);
      client.notify();
    });
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.onRequest(ShowDocumentRequest.type, (params) => {
      client.shownDocuments.push(params.uri);
      client.notify();
      return { success: true };
    });
    connection.listen();
    const capabilities = options.capabilities ?? (options.settings ? CAPABILITIES : { ...CAPABILITIES, workspace: { ...CAPABILITIES.workspace, configuration: false } });
    client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: fileUri(options.workspaceFolder),
      workspaceFolders: [{ uri: fileUri(options.workspaceFolder), name: path.basename(options.workspaceFolder) }],
      capabilities,
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Called with every publication as it arrives. */
  onPublish(listener: (params: PublishDiagnosticsParams) => void): void {
    this.publishListeners.push(listener);
  }

  get alive(): boolean {
    return this.exited === undefined;
  }

  async open(fileName: string, text = fs.readFileSync(fileName, 'utf8'), version = 1): Promise<string> {
    const uri = fileUri(fileName);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version, text } });
    return uri;
  }

  async change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** The latest diagnostics published for a URI. */
  latest(uri: string): PublishDiagnosticsParams | undefined {
    return [...this.published].reverse().find((params) => params.uri === uri);
  }

  /** Resolves with the first publication for `uri` (from now on, or already received when `since` is given) that satisfies `accept`. */
  diagnostics(uri: string, accept: (params: PublishDiagnosticsParams) => boolean = () => true, options: { since?: number; timeoutMs?: number } = {}): Promise<PublishDiagnosticsParams> {
    const since = options.since ?? this.published.length;
    return this.until(() => this.published.slice(since).find((params) => params.uri === uri && accept(params)), `diagnostics for ${uri}`, options.timeoutMs);
  }

  /** Resolves once `probe` returns something, rejecting after the timeout or when the server exits. */
  until<T>(probe: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = probe();
        if (found !== undefined) {
          finish();
          resolve(found);
        } else if (!this.alive) {
          finish();
          reject(new Error(`server exited (${this.exited}) while waiting for ${what}; stderr: ${this.stderr}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out waiting for ${what}; logs: ${this.logs.join('\n')}`));
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Shuts the server down politely, and kills it if it does not exit within a few seconds. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 10_000);
    try {
      await Promise.race([
        (async () => {
          await this.connection.sendRequest(ShutdownRequest.type);
          await this.connection.sendNotification(ExitNotification.type);
        })(),
        exited,
      ]);
      await exited;
    } finally {
      clearTimeout(timer);
      this.connection.dispose();
    }
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
