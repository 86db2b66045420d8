// `hotpath --mcp`: the analyzer as a Model Context Protocol server over stdio, for coding agents.
// Its tools return the CLI's JSON report (`--format json`, fixes included), from an engine kept
// warm between calls. stdout carries the protocol only.
import path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ConfigError } from '../core/config';
import { changedLinesSince, repositoryRoot } from '../core/git';
import { VERSION } from '../core/version';
import { jsonReport } from './format/json';
import { totalsOf } from './format/text';
import type { Report } from './report';
import { touchingChanges } from './select';
import { WarmEngine } from './warm';

const INSTRUCTIONS = `hotpath finds performance bugs in TypeScript backends by type-checking them: N+1 queries, sequential awaits that could run together, unbounded Promise.all fan-out, HTTP calls without a timeout, SQL on unindexed columns.
Call analyze-changes after editing code (it reports only what the uncommitted changes introduced), or analyze-files on given files or folders. Each finding has a rule, a message, a docs URL and a location; a fix whose safety is "safe" can be applied as is (its edits replace [start, end) UTF-16 offsets of the file), "unsafe" ones need review.`;

/** Serves the tools on stdin/stdout until the client closes the connection. */
export async function serveMcp(cwd: string): Promise<void> {
  const engine = new WarmEngine(cwd, repositoryRoot(cwd) ?? cwd);
  const server = new McpServer({ name: 'hotpath', version: VERSION }, { instructions: INSTRUCTIONS });
  // One analysis at a time: calls share the engine's programs.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = (work: () => Promise<Report>): Promise<CallToolResult> => {
    const result = queue.then(work).then(toolResult).catch(toolError);
    queue = result;
    return result;
  };
  const resolvePaths = (paths: readonly string[] | undefined): string[] => (paths?.length ? paths : ['.']).map((item) => path.resolve(cwd, item));

  server.registerTool(
    'analyze-files',
    {
      title: 'Analyse files with hotpath',
      description: `Analyses TypeScript/JavaScript files or folders (paths absolute or relative to ${cwd}) with their projects' tsconfig, as \`hotpath <paths> --format json\` does, and returns the findings with their fixes.`,
      inputSchema: { paths: z.array(z.string()).min(1).describe('Files or folders to analyse; a folder means every project under it.') },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ paths }) => serially(() => engine.analyze(resolvePaths(paths))),
  );

  server.registerTool(
    'analyze-changes',
    {
      title: 'Analyse the changed code with hotpath',
      description:
        'Reports the findings on lines changed since the merge-base with a git ref (uncommitted and untracked files included) or whose cause is there, as `hotpath --changed-since <ref> --format json` does, with their fixes. By default, the changes not yet committed.',
      inputSchema: {
        since: z.string().min(1).optional().describe('A git ref (branch, tag, commit), e.g. origin/main. Default: HEAD.'),
        paths: z.array(z.string()).optional().describe(`Files or folders to analyse. Default: ${cwd}.`),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ since, paths }) =>
      serially(async () => {
        const changed = changedLinesSince(since ?? 'HEAD', cwd);
        const report = await engine.analyze(resolvePaths(paths));
        const findings = touchingChanges(report.findings, changed);
        return { ...report, findings, totals: totalsOf(findings, report.totals.files) };
      }),
  );

  await server.connect(new StdioServerTransport());
}

function toolResult(report: Report): CallToolResult {
  const json = jsonReport(report);
  // Clients that read only `content` get the same report as text.
  return { content: [{ type: 'text', text: JSON.stringify(json) }], structuredContent: json as unknown as Record<string, unknown> };
}

function toolError(error: unknown): CallToolResult {
  const message = error instanceof ConfigError ? error.message : `internal error, please report it: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  return { isError: true, content: [{ type: 'text', text: `hotpath: ${message}` }] };
}
