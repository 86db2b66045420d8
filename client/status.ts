// The status-bar item: the language server's state (analysing, ready, failed) and the count of
// hotpath's findings across everything VS Code holds diagnostics for.
import * as vscode from 'vscode';

const SOURCE = 'hotpath';

export type ServerState = 'starting' | 'analysing' | 'ready' | 'failed';

export class ServerStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('hotpath.status', vscode.StatusBarAlignment.Left);
  /** Counted per URI so each change event recounts only the documents it names. */
  private readonly counts = new Map<string, number>();
  private readonly subscription: vscode.Disposable;
  private state: ServerState = 'starting';

  constructor() {
    this.item.name = 'hotpath';
    this.subscription = vscode.languages.onDidChangeDiagnostics((event) => this.recount(event.uris));
    this.recount(vscode.languages.getDiagnostics().map(([uri]) => uri));
  }

  get current(): ServerState {
    return this.state;
  }

  /** Shown once a server is started: a workspace with nothing to analyse gets no item. */
  set(state: ServerState): void {
    this.state = state;
    this.render();
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }

  private recount(uris: readonly vscode.Uri[]): void {
    for (const uri of uris) {
      const count = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE).length;
      if (count === 0) this.counts.delete(uri.toString());
      else this.counts.set(uri.toString(), count);
    }
    this.render();
  }

  private render(): void {
    const total = [...this.counts.values()].reduce((sum, count) => sum + count, 0);
    const findings = total === 1 ? '1 finding' : `${total} findings`;
    const icon = { starting: '$(sync~spin)', analysing: '$(sync~spin)', failed: '$(error)', ready: total === 0 ? '$(check)' : '$(flame)' }[this.state];
    this.item.text = `${icon} hotpath${total ? `: ${total}` : ''}`;
    const state = { starting: 'starting', analysing: 'analysing', failed: 'the server stopped (see the output)', ready: 'ready' }[this.state];
    const tooltip = new vscode.MarkdownString(`hotpath: ${state}, ${findings}.\n\n[Restart server](command:hotpath.restartServer) · [Show output](command:hotpath.showOutput) · [Problems](command:workbench.actions.view.problems)`);
    tooltip.isTrusted = { enabledCommands: ['hotpath.restartServer', 'hotpath.showOutput', 'workbench.actions.view.problems'] };
    this.item.tooltip = tooltip;
    // A failed server is what a click should fix; otherwise the findings are what it leads to.
    this.item.command = this.state === 'failed' ? 'hotpath.restartServer' : 'workbench.actions.view.problems';
    this.item.backgroundColor = this.state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.accessibilityInformation = { label: `hotpath: ${state}, ${findings}` };
  }
}
