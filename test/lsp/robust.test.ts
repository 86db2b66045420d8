import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeActionRequest, ErrorCodes, ExecuteCommandRequest, ShutdownRequest } from 'vscode-languageserver-protocol/node';
import { ensureBuilt, LspClient } from './client';
import { byRule, TempProject, TSCONFIG } from './project';

/** The language server on bad input (issue 23): one file nobody can analyse never costs the others their diagnostics. */

const LOAD = `import { Pool } from 'pg';
const pool = new Pool();
export async function loadUsers(ids: string[]) {
  for (const id of ids) {
    await pool.query('SELECT * FROM users WHERE id = $1', [id]);
  }
}
`;

beforeAll(() => ensureBuilt());

describe('language server on bad input', () => {
  let project: TempProject;
  let client: LspClient;
  beforeAll(async () => {
    project = new TempProject('robust', {
      'tsconfig.json': TSCONFIG,
      'load.ts': LOAD,
      'chain.ts': `export const total = ${Array.from({ length: 3000 }, () => '1').join(' + ')};\n`,
      'deep.ts': `export const x = ${'('.repeat(5000)}1${')'.repeat(5000)};\n`,
    });
    client = await LspClient.start({ workspaceFolder: project.root });
  });
  afterAll(async () => {
    try {
      await client?.stop();
    } finally {
      project?.remove();
    }
  });

  it('publishes the findings of a file while the project holds a 3,000-operand chain and a file nested 5,000 deep', async () => {
    await client.open(project.file('chain.ts'));
    await client.open(project.file('deep.ts'));
    const uri = await client.open(project.file('load.ts'));
    const published = await client.diagnostics(uri, (params) => byRule(params.diagnostics, 'n-plus-one').length > 0);
    expect(byRule(published.diagnostics, 'n-plus-one')).toHaveLength(1);
    expect(client.logs.filter((line) => /failed|RangeError/.test(line))).toEqual([]);
    expect(client.alive).toBe(true);
  });

  it('answers no request after shutdown: InvalidRequest, as the protocol says', async () => {
    const uri = await client.open(project.file('load.ts'));
    await client.connection.sendRequest(ShutdownRequest.type);
    const range = { start: { line: 4, character: 4 }, end: { line: 4, character: 10 } };
    await expect(client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [] } })).rejects.toMatchObject({ code: ErrorCodes.InvalidRequest });
    await expect(client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'hotpath.analyzeWorkspace', arguments: [] })).rejects.toMatchObject({ code: ErrorCodes.InvalidRequest });
  });
});
