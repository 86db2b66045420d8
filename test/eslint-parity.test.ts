// The ESLint plugin against the CLI on every fixture project: ESLint (flat config, typescript-eslint's
// parser with projectService, as the README sets it up) reports what `hotpath test-fixtures --format
// json` reports, file for file: rule, line, column, end and message. Each file is linted in the
// project tsserver opens it in (its nearest tsconfig.json that lists it), which is the project the CLI
// reports it under (the deepest that lists it); typescript-eslint's one project service holds them
// all, sharing the library typings' source files between their programs. Both sides together take
// 90 to 115 s of CPU (the CLI's 24 projects, 257 files linted), most of it building programs.
import path from 'node:path';
import parser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { beforeAll, expect, it } from 'vitest';
import { analyze } from '../cli/api';
import { discoverProjects } from '../core/discovery';
import { prepareSql } from '../core/sql/parser';
import plugin from '../eslint/plugin';
import { FIXTURES } from './analyze';

beforeAll(() => prepareSql());

interface Reported {
  readonly file: string;
  readonly ruleId: string | null;
  readonly line: number;
  readonly column: number;
  readonly endLine: number | undefined;
  readonly endColumn: number | undefined;
  readonly message: string;
}

const describeFinding = (finding: Reported): string => `${finding.file}:${finding.line}:${finding.column}-${finding.endLine}:${finding.endColumn} ${finding.ruleId} ${finding.message}`;

/**
 * What the CLI reports and ESLint cannot, by design:
 * - findings in SQL files (a migration that does not parse): ESLint lints no SQL;
 * - a workspace package importing another one that is not built (`workspace/apps/api` imports
 *   `@acme/data`, whose `dist/` does not exist): the CLI resolves such an import to the package's
 *   sources (core/workspace.ts), while ESLint's program is typescript-eslint's, resolved as tsc does,
 *   where the import is unresolved and its functions do nothing anyone can see.
 */
const CLI_ONLY = (finding: Reported): boolean => finding.file.endsWith('.sql') || finding.file.startsWith('workspace/apps/api/');

/** The files a tsconfig lists as tsc reads it (typescript-eslint's program has no JavaScript the tsconfig does not allow). */
function listedFiles(tsconfig: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, undefined, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  return (parsed?.fileNames ?? []).filter((file) => !file.endsWith('.d.ts')).map((file) => path.resolve(file));
}

/**
 * The fixture projects the CLI finds (a solution-style tsconfig, `"files": []` with references, lists
 * none of its own). Their generated Prisma clients must exist (vitest's global setup makes them): a
 * run without them reports the Prisma fixtures differently.
 */
const projects = discoverProjects(FIXTURES).filter((tsconfig) => listedFiles(tsconfig).length > 0);

it('ESLint reports on every fixture project what the CLI reports, but SQL files and unbuilt workspace packages', async () => {
  const report = await analyze({ cwd: FIXTURES });
  const cli: Reported[] = report.findings.map(({ file, ruleId, line, column, endLine, endColumn, message }) => ({ file, ruleId, line, column, endLine, endColumn, message }));

  const eslint = new ESLint({
    cwd: FIXTURES,
    overrideConfigFile: true,
    overrideConfig: [
      // The JavaScript of projects that allow it too, as the CLI analyses it.
      {
        ...plugin.configs.recommended,
        files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
        languageOptions: { parser, parserOptions: { projectService: true, tsconfigRootDir: FIXTURES } },
        // Generated Prisma clients carry eslint-disable comments for rules this config does not have.
        linterOptions: { reportUnusedDisableDirectives: 'off' },
      },
    ],
  });
  const results = await eslint.lintFiles([...new Set(projects.flatMap(listedFiles))]);
  const linted: Reported[] = results.flatMap((result) =>
    result.messages.map((message) => ({
      file: path.relative(FIXTURES, result.filePath),
      ruleId: message.ruleId?.replace(/^hotpath\//, '') ?? null,
      line: message.line,
      column: message.column,
      endLine: message.endLine,
      endColumn: message.endColumn,
      message: message.message,
    })),
  );

  expect(cli.length).toBeGreaterThan(600);
  const cliOnly = cli.filter(CLI_ONLY);
  // Each exception stands for something: the two SQL files and the workspace app's findings.
  expect(new Set(cliOnly.map((finding) => finding.file))).toEqual(new Set(['unindexed-sql/migrations-project/db/data-migrations/index-phones.sql', 'unindexed-sql/migrations-project/migrations/004_phone.sql', 'workspace/apps/api/src/customers.ts', 'workspace/apps/api/src/invoices.ts']));
  expect(linted.map(describeFinding).sort()).toEqual(cli.filter((finding) => !CLI_ONLY(finding)).map(describeFinding).sort());
}, 900_000);
