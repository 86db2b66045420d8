// The VS Code extension: starts the bundled language server and wires its commands and settings.
// It does no analysis of its own; findings, code actions and `hotpath.enable` are the server's.
// `hotpath.analyzeWorkspace` is not registered here: the language client registers every command
// the server lists in `executeCommandProvider` and forwards it as `workspace/executeCommand`.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { createFindingsStatus } from './status';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('hotpath', { log: true });
  const languageClient = createClient(context, output);
  client = languageClient;
  context.subscriptions.push(
    output,
    createFindingsStatus(),
    vscode.commands.registerCommand('hotpath.restartServer', () => restart(languageClient, output)),
  );
  await languageClient.start();
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
    // Settings are not pushed: the server asks for them (`workspace/configuration`) and registers for their changes.
    synchronize: {
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

async function restart(languageClient: LanguageClient, output: vscode.LogOutputChannel): Promise<void> {
  output.info('Restarting the hotpath server');
  if (languageClient.isRunning()) await languageClient.stop();
  await languageClient.start();
}

