// The server follows the config files it reads wherever they are, though the client reports only the
// hotpath.json files of its workspace folders (and this test's client reports no file event at all):
// a repository root's hotpath.json above the folder, a file it extends, a nearer one created.
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { describe, expect, it } from 'vitest';
import { ensureBuilt, fileUri, LspClient } from './client';
import { byRule, TempProject, TSCONFIG } from './project';

const USERS = `export async function loadUsers(url: string) {
  const users = [];
  for (const id of (await (await fetch(url, { signal: AbortSignal.timeout(5_000) })).json()) as string[]) users.push(await fetch(\`https://api.example.com/users/\${id}\`));
  return users;
}
`;

describe('config files outside the workspace folder', () => {
  it('re-analyses when the repository root\'s hotpath.json, a file it extends, or a nearer hotpath.json changes on disk', async () => {
    ensureBuilt();
    const project = new TempProject('config-watch', {
      '.git/HEAD': 'ref: refs/heads/main\n',
      'hotpath.json': '{ "extends": "./config/base.json" }\n',
      'config/base.json': '{ "rules": { "n-plus-one": "warning" } }\n',
      'app/tsconfig.json': TSCONFIG,
      'app/src/users.ts': USERS,
    });
    const client = await LspClient.start({ workspaceFolder: project.file('app'), settings: () => ({}) });
    const nPlusOne = (severity: DiagnosticSeverity | undefined) => async (since: number) =>
      client.diagnostics(uri, ({ diagnostics }) => byRule(diagnostics, 'n-plus-one')[0]?.severity === severity, { since });
    let uri = '';
    const rootConfigUri = fileUri(project.file('hotpath.json'));
    try {
      uri = await client.open(project.file('app/src/users.ts'));
      await nPlusOne(DiagnosticSeverity.Warning)(0);
      // A mistake in the extended file: reported on the hotpath.json that extends it, the defaults
      // apply meanwhile (n-plus-one an error), and mending the file is seen too.
      let since = client.published.length;
      project.write('config/base.json', '{ "rules": { "n-plus-one": "loud" } }\n');
      const problem = await client.diagnostics(rootConfigUri, ({ diagnostics }) => diagnostics.length > 0, { since });
      expect(problem.diagnostics[0]!.message).toMatch(/base\.json.*severity/s);
      await nPlusOne(DiagnosticSeverity.Error)(since);
      since = client.published.length;
      project.write('config/base.json', '{ "rules": { "n-plus-one": "off" } }\n');
      await client.diagnostics(rootConfigUri, ({ diagnostics }) => diagnostics.length === 0, { since });
      await nPlusOne(undefined)(since);
      since = client.published.length;
      project.write('hotpath.json', '{ "extends": "./config/base.json", "rules": { "n-plus-one": "warning" } }\n');
      await nPlusOne(DiagnosticSeverity.Warning)(since);
      since = client.published.length;
      project.write('app/hotpath.json', '{ "rules": { "n-plus-one": "info" } }\n');
      await nPlusOne(DiagnosticSeverity.Information)(since);
    } finally {
      await client.stop();
      project.remove();
    }
  });
});
