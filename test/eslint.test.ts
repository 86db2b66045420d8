// The ESLint plugin (eslint/plugin.ts): each rule under typescript-eslint's RuleTester (findings,
// fixes, suggestions, hotpath.json's ignore), and ESLint over the example shop giving the CLI's findings.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import parser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../cli/api';
import { prepareSql } from '../core/sql/parser';
import plugin from '../eslint/plugin';
import { FIXTURES, ROOT } from './analyze';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

// unindexed-sql parses the schema with PostgreSQL's parser, which loads asynchronously (dist/eslint.mjs awaits it too).
beforeAll(() => prepareSql());

const PROJECT = path.join(FIXTURES, 'eslint');
const tester = new RuleTester({ languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: PROJECT } } });
const filename = path.join(PROJECT, 'file.ts');

/** ESLint's rule as the tester types it (typescript-eslint's RuleModule: the same object, stricter types). */
function rule(id: string): Parameters<RuleTester['run']>[1] {
  return plugin.rules[id] as unknown as Parameters<RuleTester['run']>[1];
}

/** A finding whose one fix is offered as a suggestion (an unsafe fix), and the code it makes. */
function suggesting(line: number, column: number, title: string, output: string) {
  return { messageId: 'finding' as const, line, column, suggestions: [{ messageId: 'fix' as const, data: { title }, output }] };
}

tester.run('n-plus-one', rule('n-plus-one'), {
  valid: [
    {
      filename,
      code: `export async function load(ids: string[]) {
  return fetch(\`https://api.example.com/users?ids=\${ids.join(',')}\`, { signal: AbortSignal.timeout(5_000) });
}
`,
    },
  ],
  invalid: [
    {
      filename,
      code: `export async function load(url: string) {
  const ids: string[] = await (await fetch(url, { signal: AbortSignal.timeout(5_000) })).json(), users = [];
  for (const id of ids) users.push(await fetch(\`https://api.example.com/users/\${id}\`, { signal: AbortSignal.timeout(5_000) }));
  return users;
}
`,
      errors: [{ messageId: 'finding', line: 3, column: 42, endLine: 3, endColumn: 126 }],
    },
  ],
});

tester.run('sequential-await', rule('sequential-await'), {
  valid: [
    {
      filename,
      code: `export async function page(id: string) {
  const [product, reviews] = await Promise.all([fetch(\`https://a.example.com/\${id}\`), fetch(\`https://b.example.com/\${id}\`)]);
  return { product, reviews };
}
`,
    },
  ],
  invalid: [
    {
      filename,
      code: `export async function page(id: string) {
  const product = await fetch(\`https://a.example.com/\${id}\`);
  const reviews = await fetch(\`https://b.example.com/\${id}\`);
  return { product, reviews };
}
`,
      // The safe fix is ESLint's fix (eslint --fix applies it).
      output: `export async function page(id: string) {
  const [product, reviews] = await Promise.all([
    fetch(\`https://a.example.com/\${id}\`),
    fetch(\`https://b.example.com/\${id}\`),
  ]);
  return { product, reviews };
}
`,
      errors: [{ messageId: 'finding', line: 3, column: 19 }],
    },
  ],
});

tester.run('unbounded-concurrency', rule('unbounded-concurrency'), {
  valid: [
    {
      filename,
      code: `export async function notify(urls: string[]) {
  for (const url of urls) await fetch(url, { method: 'POST', signal: AbortSignal.timeout(5_000) });
}
`,
    },
  ],
  invalid: [
    {
      filename,
      code: `export async function notify(urls: string[]) {
  await Promise.all(urls.map((url) => fetch(url, { method: 'POST', signal: AbortSignal.timeout(5_000) })));
}
`,
      // An unsafe fix (it adds a dependency) is only a suggestion: --fix leaves the code as it is.
      errors: [suggesting(2, 9, 'Bound the fan-out with p-map ({ concurrency: 8 })', `import pMap from 'p-map';
export async function notify(urls: string[]) {
  await pMap(urls, (url) => fetch(url, { method: 'POST', signal: AbortSignal.timeout(5_000) }), { concurrency: 8 });
}
`)],
    },
  ],
});

const UNTIMED = `export async function status(id: string) {
  return fetch(\`https://carrier.example.com/\${id}\`);
}
`;

tester.run('missing-timeout', rule('missing-timeout'), {
  valid: [
    {
      filename,
      code: `export async function status(id: string) {
  return fetch(\`https://carrier.example.com/\${id}\`, { signal: AbortSignal.timeout(5_000) });
}
`,
    },
    // hotpath.json's "ignore" holds this file: the plugin reports on it no more than the CLI does.
    { filename: path.join(PROJECT, 'ignored.ts'), code: UNTIMED },
  ],
  invalid: [
    {
      filename,
      code: UNTIMED,
      output: `export async function status(id: string) {
  return fetch(\`https://carrier.example.com/\${id}\`, { signal: AbortSignal.timeout(10_000) });
}
`,
      errors: [{ messageId: 'finding', line: 2, column: 10, endLine: 2, endColumn: 52 }],
    },
  ],
});

tester.run('unindexed-sql', rule('unindexed-sql'), {
  valid: [
    {
      filename,
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function byEmail(email: string) {
  return pool.query('SELECT id FROM users WHERE email = $1', [email]);
}
`,
    },
  ],
  invalid: [
    {
      filename,
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function byTeam(team: number) {
  return pool.query('SELECT id FROM users WHERE team_id = $1', [team]);
}
`,
      // The fix writes a new migration: another file, which an ESLint fix cannot touch.
      errors: [{ messageId: 'finding', line: 4, column: 49, endLine: 4, endColumn: 56 }],
    },
  ],
});

tester.run('blocking-call', rule('blocking-call'), {
  valid: [
    {
      filename,
      code: `import fs from 'node:fs/promises';
export async function size(file: string) {
  return (await fs.readFile(file, 'utf8')).length;
}
`,
    },
  ],
  invalid: [
    {
      filename,
      code: `import fs from 'node:fs';
export async function size(file: string) {
  const text = fs.readFileSync(file, 'utf8');
  return text.length;
}
`,
      errors: [suggesting(3, 16, 'Read with `await fs.promises.readFile`', `import fs from 'node:fs';
export async function size(file: string) {
  const text = await fs.promises.readFile(file, 'utf8');
  return text.length;
}
`)],
    },
  ],
});

tester.run('connection-per-call', rule('connection-per-call'), {
  valid: [
    {
      filename,
      code: `import express from 'express';
import { Pool } from 'pg';
const pool = new Pool();
const app = express();
app.get('/count', async (_req, res) => {
  res.json((await pool.query('SELECT count(*) FROM users')).rows);
});
`,
    },
  ],
  invalid: [
    {
      filename,
      code: `import express from 'express';
import { Pool } from 'pg';
const app = express();
app.get('/count', async (_req, res) => {
  const pool = new Pool();
  res.json((await pool.query('SELECT count(*) FROM users')).rows);
  await pool.end();
});
`,
      errors: [{ messageId: 'finding', line: 5, column: 16 }],
    },
  ],
});

/** An Express route that reads posts with `read`. */
const postsRoute = (read: string): string => `import express from 'express';
import { Model } from 'sequelize';
class Post extends Model {}
const app = express();
app.get('/posts', async (_req, res) => {
  res.json(await ${read});
});
`;

tester.run('unbounded-read', rule('unbounded-read'), {
  valid: [{ filename, code: postsRoute('Post.findAll({ limit: 50 })') }],
  invalid: [{ filename, code: postsRoute('Post.findAll()'), errors: [{ messageId: 'finding', line: 6, column: 18 }] }],
});

tester.run('unused-suppression', rule('unused-suppression'), {
  valid: [
    {
      filename,
      code: `export async function status(id: string) {
  // hotpath-ignore-next-line missing-timeout -- the carrier answers within its own SLA
  return fetch(\`https://carrier.example.com/\${id}\`);
}
`,
    },
  ],
  invalid: [
    {
      filename,
      code: `export async function status(id: string) {
  // hotpath-ignore-next-line missing-timeout -- the carrier answers within its own SLA
  return fetch(\`https://carrier.example.com/\${id}\`, { signal: AbortSignal.timeout(5_000) });
}
`,
      errors: [{ messageId: 'finding', line: 2, column: 3 }],
    },
  ],
});

describe('ESLint with configs.recommended', () => {
  it('has one rule per rule of hotpath, each in the recommended config', () => {
    expect(Object.keys(plugin.rules).sort()).toEqual(['blocking-call', 'connection-per-call', 'missing-timeout', 'n-plus-one', 'sequential-await', 'unbounded-concurrency', 'unbounded-read', 'unindexed-sql', 'unused-suppression']);
    expect(Object.keys(plugin.configs.recommended.rules ?? {}).sort()).toEqual(Object.keys(plugin.rules).map((id) => `hotpath/${id}`).sort());
    expect(plugin.configs.recommended.plugins?.['hotpath']).toBe(plugin);
  });

  it("finds on the example shop what the CLI finds: rule, file, line, column, message, and the safe fixes as ESLint's", async () => {
    const shop = path.join(FIXTURES, 'example-shop');
    const eslint = new ESLint({
      cwd: shop,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser, parserOptions: { projectService: true, tsconfigRootDir: shop } } }, { ignores: ['src/generated/**'] }, plugin.configs.recommended],
    });
    const linted = (await eslint.lintFiles(['src'])).flatMap((result) =>
      result.messages.map((message) => ({
        ruleId: message.ruleId?.replace(/^hotpath\//, ''),
        file: path.relative(shop, result.filePath),
        line: message.line,
        column: message.column,
        endLine: message.endLine,
        endColumn: message.endColumn,
        message: message.message,
        fixed: message.fix !== undefined,
      })),
    );
    const report = await analyze({ cwd: shop, project: 'tsconfig.json' });
    const expected = report.findings.map((finding) => ({
      ruleId: finding.ruleId,
      file: finding.file,
      line: finding.line,
      column: finding.column,
      endLine: finding.endLine,
      endColumn: finding.endColumn,
      message: finding.message,
      fixed: finding.fixes?.some((fix) => fix.safety === 'safe') ?? false,
    }));
    const order = (a: { file: string; line: number; column: number }, b: typeof a): number => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
    expect(expected).toHaveLength(8);
    expect(linted.sort(order)).toEqual(expected.sort(order));
  }, 120_000);

  it('takes hotpath.json as the CLI does: a rule turned off reports nothing, a bad config stops ESLint with the CLI\'s message', async () => {
    // Outside the repository: only the project's own hotpath.json applies.
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-eslint-'));
    try {
      fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', lib: ['ES2022'], types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')], noEmit: true } }));
      fs.writeFileSync(path.join(project, 'status.ts'), UNTIMED);
      const lint = async (config: object): Promise<string[]> => {
        fs.writeFileSync(path.join(project, 'hotpath.json'), JSON.stringify(config));
        const eslint = new ESLint({ cwd: project, overrideConfigFile: true, overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser, parserOptions: { projectService: true, tsconfigRootDir: project } } }, plugin.configs.recommended] });
        return (await eslint.lintFiles(['status.ts'])).flatMap((result) => result.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`));
      };
      expect(await lint({})).toEqual(['2:10 hotpath/missing-timeout']);
      expect(await lint({ rules: { 'missing-timeout': 'off' } })).toEqual([]);
      await expect(lint({ rules: { 'missing-timeout': 'sometimes' } })).rejects.toThrow('"rules.missing-timeout": severity must be one of');
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  }, 60_000);
});
