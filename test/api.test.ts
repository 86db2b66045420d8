// `analyze()`, the programmatic API, in this process: the CLI's JSON report, its messages, its errors.
import { describe, expect, it } from 'vitest';
import { analyze } from '../cli/api';
import type { JsonReport } from '../cli/json-report';
import { hotpath, N_PLUS_ONE, project, SEQUENTIAL, TSCONFIG } from './cli-project';

describe('analyze()', () => {
  it('returns what `hotpath --format json` prints, and passes on what the CLI says on stderr', async () => {
    const directory = project('api', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'page.ts': SEQUENTIAL, 'load.test.ts': N_PLUS_ONE, 'hotpath.json': '{ "rules": { "sequential-await": "off" } }' });
    const cli = await hotpath(['--format', 'json'], directory);
    const messages: string[] = [];
    const report = await analyze({ cwd: directory, onMessage: (message) => messages.push(message) });
    expect(report).toEqual(JSON.parse(cli.stdout) as JsonReport);
    expect(report.findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`)).toEqual(['load.ts:6 n-plus-one']);
    expect(messages.map((message) => `hotpath: ${message}\n`).join('')).toBe(cli.stderr);
    expect(messages).toContain('1 test file not analysed (--debug lists them); --include-tests analyses them.');
  });

  it('rejects with the CLI\'s message where the CLI exits with 2', async () => {
    const directory = project('api-errors', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE, 'hotpath.json': '{ "rules": { "no-such-rule": "error" } }' });
    await expect(analyze({ cwd: directory })).rejects.toThrow(/no-such-rule/);
    await expect(analyze({ cwd: directory, paths: ['missing.ts'] })).rejects.toThrow(/no such file or directory/);
  });
});
