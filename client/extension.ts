// The VS Code extension: starts the bundled language server and wires its commands and settings.
// It does no analysis of its own; findings, code actions and `hotpath.enable` are the server's.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { createFindingsStatus } from './status';

const ANALYZE_WORKSPACE = 'hotpath.analyzeWorkspace';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('hotpath', { log: true });
  client = createClient(context, output);
  const running = client;
  context.subscriptions.push(
    output,
    createFindingsStatus(),
    vscode.commands.registerCommand('hotpath.restartServer', () => restart(running, output)),
  );
  await running.start();
  registerAnalyzeFallback(context, running);
}

export async function deactivate(): Promise<void> {
  await client?.dispose();
  client = undefined;
}

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  // dist/server.js ships next to dist/client.js, which is this file once bundled.
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'].map((language) => ({ scheme: 'file', language })),
    synchronize: {
      // Pushes the `hotpath.*` settings on change; a server that pulls them re-reads them on the same notification.
      configurationSection: 'hotpath',
      // Any of these changes what the server's program, config or schema knowledge is built from.
      fileEvents: ['**/hotpath.json', '**/tsconfig*.json', '**/*.sql', '**/schema.prisma'].map((glob) =>
        vscode.workspace.createFileSystemWatcher(glob),
      ),
    },
    outputChannel: output,
    traceOutputChannel: output,
  };
  return new LanguageClient('hotpath', 'hotpath', serverOptions, clientOptions);
}

async function restart(running: LanguageClient, output: vscode.LogOutputChannel): Promise<void> {
  output.info('Restarting the hotpath server');
  if (running.isRunning()) await running.stop();
  await running.start();
}

/**
 * The language client itself registers every command the server lists in `executeCommandProvider`,
 * forwarding it as `workspace/executeCommand`; registering the same id again would throw. Only a
 * server that does not list `hotpath.analyzeWorkspace` needs the client to forward it.
 */
function registerAnalyzeFallback(context: vscode.ExtensionContext, running: LanguageClient): void {
  const advertised = running.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
  if (advertised.includes(ANALYZE_WORKSPACE)) return;
  context.subscriptions.push(
    vscode.commands.registerCommand(ANALYZE_WORKSPACE, () => running.sendRequest('workspace/executeCommand', { command: ANALYZE_WORKSPACE, arguments: [] })),
  );
}
