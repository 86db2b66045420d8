// The programmatic API, `import { analyze } from 'hotpath'`: the CLI's run (cli/main.ts `reportRun`)
// without a terminal, returning the report `--format json` prints. Its declarations are published
// (esbuild.mjs), so its exported types name only this file and cli/json-report.ts.
import path from 'node:path';
import { parseCliArgs } from './args';
import { jsonReport } from './format/json';
import type { JsonReport } from './json-report';
import { reportRun } from './main';

export type { JsonFinding, JsonFix, JsonReport, Totals } from './json-report';

export interface AnalyzeOptions {
  /** Files or folders to analyse, relative to `cwd`; default: every TypeScript project under `cwd`. */
  readonly paths?: readonly string[];
  /** The folder paths are relative to and the report's paths are relative to; default: `process.cwd()`. */
  readonly cwd?: string;
  /** Analyse this tsconfig's project instead of discovering projects (`--project`). */
  readonly project?: string;
  /** A `hotpath.json` to use instead of the one next to each tsconfig (`--config`). */
  readonly config?: string;
  /** Only findings on lines changed since the merge-base with this git ref (`--changed-since`). */
  readonly changedSince?: string;
  /** Only findings this baseline file does not hold (`--baseline`). */
  readonly baseline?: string;
  /** Reuse results of unchanged files: `true` for the default location, or the cache folder (`--cache`, `--cache-location`). */
  readonly cache?: boolean | string;
  /** Analyse test files too (`--include-tests`). */
  readonly includeTests?: boolean;
  /** Analyse scripts too (`--include-scripts`). */
  readonly includeScripts?: boolean;
  /** Receives, one line at a time, what the CLI says on stderr: notes, warnings, skipped files, rules that failed. */
  readonly onMessage?: (message: string) => void;
}

/**
 * Analyses like `hotpath --format json` and returns that report. Rejects with the CLI's message
 * where it would exit with 2: a bad config, an unknown git ref, a path no project lists.
 */
export async function analyze(options: AnalyzeOptions = {}): Promise<JsonReport> {
  const messages: string[] = [];
  const onText = (text: string): void => {
    for (const line of text.split('\n')) {
      const message = line.replace(/^hotpath: /, '');
      if (!message) continue;
      messages.push(message);
      options.onMessage?.(message);
    }
  };
  // The CLI's streams: stderr's lines go to `onMessage`; stdout is written only by --fix-dry-run, which the API does not offer.
  const stream = {
    isTTY: false,
    write(chunk: string): boolean {
      onText(chunk);
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  const outcome = await reportRun(
    {
      ...parseCliArgs([]),
      format: 'json',
      paths: options.paths ?? [],
      project: options.project,
      config: options.config,
      changedSince: options.changedSince,
      baseline: options.baseline,
      cache: options.cache !== undefined && options.cache !== false,
      cacheLocation: typeof options.cache === 'string' ? options.cache : undefined,
      includeTests: options.includeTests === true,
      includeScripts: options.includeScripts === true,
    },
    { stdout: stream, stderr: stream, cwd: path.resolve(options.cwd ?? '.'), env: process.env },
  );
  if (typeof outcome === 'number') throw new Error(`hotpath: ${messages.join('\n')}`);
  for (const line of outcome.afterReport) onText(line);
  return jsonReport(outcome.report);
}
