// The VS Code extension: starts the bundled language server where there is something to analyse,
// and wires its commands, settings and status item. It does no analysis of its own; findings,
// code actions (fix all included) and `hotpath.enable`/`hotpath.run` are the server's.
// `hotpath.analyzeWorkspace` is not registered here: the language client registers every command
// the server lists in `executeCommandProvider` and forwards it as `workspace/executeCommand`.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { hasSomethingToAnalyse, type WorkspaceFiles } from './activation';
import { ServerStatus } from './status';

const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('hotpath');
/** Settings read when the server process starts: changing one restarts it. */
const PROCESS_SETTINGS = ['hotpath.server.nodeArgs', 'hotpath.debounce'];
/** What client/activation.ts reads to decide whether to start the server. */
const workspaceFiles: WorkspaceFiles<vscode.Uri> = {
  findFiles: (include, exclude, maxResults) => vscode.workspace.findFiles(include, exclude, maxResults),
  readFile: (uri) => vscode.workspace.fs.readFile(uri),
};

let server: Server | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('hotpath', { log: true });
  const status = new ServerStatus();
  const started = new Server(context, output, status);
  server = started;
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand('hotpath.restartServer', () => started.restart()),
    vscode.commands.registerCommand('hotpath.showOutput', () => output.show()),
    vscode.commands.registerCommand('hotpath.fixAll', fixAllInActiveEditor),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (started.running && PROCESS_SETTINGS.some((setting) => event.affectsConfiguration(setting))) void started.restart();
    }),
  );
  if (await hasSomethingToAnalyse(workspaceFiles)) {
    await started.start();
    return;
  }
  output.info('Not started: no hotpath.json, and no package.json depending on a library hotpath knows. "hotpath: Restart server" starts it anyway.');
  // A dependency added or a hotpath.json created later: start then.
  const watcher = vscode.workspace.createFileSystemWatcher('**/{package.json,hotpath.json}');
  const recheck = async (): Promise<void> => {
    if (!started.running && (await hasSomethingToAnalyse(workspaceFiles))) await started.start();
  };
  context.subscriptions.push(watcher, watcher.onDidCreate(recheck), watcher.onDidChange(recheck));
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}

/** "hotpath: Fix all auto-fixable problems": the server's fix-all action for the active file, applied. */
async function fixAllInActiveEditor(): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document) return;
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, whole, FIX_ALL_KIND.value)) ?? [];
  for (const action of actions) if (action.kind && FIX_ALL_KIND.contains(action.kind) && action.edit) await vscode.workspace.applyEdit(action.edit);
}

/** One language client at a time, made anew on each start so that the process settings apply. */
class Server {
  private client: LanguageClient | undefined;
  private stopping = false;
  /** Any of these changes what the server's program, config or schema knowledge is built from. */
  private readonly watchers: vscode.FileSystemWatcher[];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
    private readonly status: ServerStatus,
  ) {
    this.watchers = ['**/hotpath.json', '**/tsconfig*.json', '**/*.sql', '**/schema.prisma'].map((glob) => vscode.workspace.createFileSystemWatcher(glob));
    context.subscriptions.push(...this.watchers);
  }

  get running(): boolean {
    return this.client !== undefined;
  }

  async start(): Promise<void> {
    const client = this.createClient();
    this.client = client;
    this.status.set('starting');
    client.onDidChangeState(({ newState }) => {
      // Stopped without being asked: the client gave up restarting a crashing server.
      if (newState === State.Stopped && !this.stopping && this.client === client) this.status.set('failed');
    });
    client.onNotification('$/hotpath/status', ({ state }: { state: 'analysing' | 'ready' }) => this.status.set(state));
    try {
      await client.start();
    } catch (error) {
      this.output.error(`The hotpath server did not start: ${error instanceof Error ? error.message : String(error)}`);
      this.status.set('failed');
      return;
    }
    // Nothing open to analyse yet: no status notification comes until something is.
    if (this.status.current === 'starting') this.status.set('ready');
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    this.stopping = true;
    try {
      await client.dispose();
    } catch (error) {
      this.output.warn(`Stopping the hotpath server: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.stopping = false;
    }
  }

  async restart(): Promise<void> {
    this.output.info('Restarting the hotpath server');
    await this.stop();
    await this.start();
  }

  private createClient(): LanguageClient {
    const settings = vscode.workspace.getConfiguration('hotpath');
    // Big monorepos need more memory than Node's default heap (`--max-old-space-size=8192`).
    const nodeArgs = settings.get<string[]>('server.nodeArgs', []).filter((arg) => typeof arg === 'string');
    const debounceMs = settings.get<number>('debounce', 150);
    // dist/server.js ships next to dist/client.js, which is this file once bundled.
    const serverModule = this.context.asAbsolutePath(path.join('dist', 'server.js'));
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: nodeArgs } },
      debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...nodeArgs, '--nolazy', '--inspect=6009'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'].map((language) => ({ scheme: 'file', language })),
      // Settings are not pushed: the server asks for them (`workspace/configuration`) and registers for their changes.
      synchronize: { fileEvents: this.watchers },
      initializationOptions: { debounceMs: Number.isFinite(debounceMs) && debounceMs >= 0 ? debounceMs : 150 },
      outputChannel: this.output,
      traceOutputChannel: this.output,
    };
    return new LanguageClient('hotpath', 'hotpath', serverOptions, clientOptions);
  }
}
