// The status-bar item counting hotpath's findings across everything VS Code holds diagnostics for.
import * as vscode from 'vscode';

const SOURCE = 'hotpath';

/** Creates the item, keeps it current and returns what disposes both. */
export function createFindingsStatus(): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('hotpath.findings', vscode.StatusBarAlignment.Left);
  item.name = 'hotpath findings';
  item.command = 'workbench.actions.view.problems';
  // Counted per URI so each change event recounts only the documents it names.
  const counts = new Map<string, number>();
  const recount = (uris: readonly vscode.Uri[]): void => {
    for (const uri of uris) {
      const count = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE).length;
      if (count === 0) counts.delete(uri.toString());
      else counts.set(uri.toString(), count);
    }
    render(item, [...counts.values()].reduce((sum, count) => sum + count, 0));
  };
  const subscription = vscode.languages.onDidChangeDiagnostics((event) => recount(event.uris));
  recount(vscode.languages.getDiagnostics().map(([uri]) => uri));
  item.show();
  return vscode.Disposable.from(subscription, item);
}

function render(item: vscode.StatusBarItem, total: number): void {
  const findings = total === 1 ? '1 finding' : `${total} findings`;
  item.text = total === 0 ? '$(check) hotpath' : `$(flame) hotpath: ${total}`;
  item.tooltip = `hotpath: ${findings}. Click to open the Problems view.`;
  item.accessibilityInformation = { label: `hotpath: ${findings}` };
}
