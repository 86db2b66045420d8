import path from 'node:path';
import { resolveConfig } from '../core/run';
import { closeExplain, redactSecrets, verifyProjectWithExplain, type ExplainTarget } from '../core/sql/explain';
import { UsageError } from './args';
import { displayPath } from './locate';
import type { ReportedFinding } from './report';

export interface ExplainRequest {
  /** Verify with EXPLAIN even where no hotpath.json sets `sql.explain` (`--explain`, `--database-url`). */
  readonly always: boolean;
  readonly target: ExplainTarget;
}

/** `--explain` uses the embedded PostgreSQL; `--database-url` (or HOTPATH_DATABASE_URL) a real server, and implies `--explain`. */
export function explainRequest(explain: boolean, databaseUrl: string | undefined, env: NodeJS.ProcessEnv): ExplainRequest {
  const url = databaseUrl ?? env['HOTPATH_DATABASE_URL'];
  if (url) checkDatabaseUrl(url, databaseUrl === undefined ? 'HOTPATH_DATABASE_URL' : '--database-url');
  return { always: explain || databaseUrl !== undefined, target: url ? { kind: 'postgres', url } : { kind: 'pglite' } };
}

/**
 * A URL the driver would reject, rejected before the analysis rather than after it. The URL holds a
 * password: the message never echoes it.
 */
function checkDatabaseUrl(url: string, source: string): void {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError(`${source} must be a postgres:// or postgresql:// URL`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`${source} is not a valid URL (check the host and the port, a number from 1 to 65535)`);
  }
  if (!parsed.hostname && !parsed.searchParams.get('host')) throw new UsageError(`${source} names no host`);
  if (parsed.port === '0') throw new UsageError(`${source}: the port must be a number from 1 to 65535`);
}

/**
 * The unindexed-sql findings of each project whose config asks for it, checked with EXPLAIN: confirmed
 * ones say so, refuted ones are dropped (and listed in the returned notes).
 */
export async function explainFindings(
  findings: readonly ReportedFinding[],
  tsconfigs: readonly string[],
  configFile: string | undefined,
  request: ExplainRequest,
  cwd: string,
): Promise<{ findings: ReportedFinding[]; notes: string[] }> {
  const notes: string[] = [];
  const replaced = new Map<ReportedFinding, ReportedFinding | undefined>();
  try {
    for (const tsconfig of tsconfigs) {
      const config = resolveConfig(path.dirname(path.resolve(tsconfig)), configFile);
      if (!request.always && !config.sql?.explain) continue;
      const root = path.dirname(path.resolve(tsconfig));
      const own = findings.filter((item) => !replaced.has(item) && item.finding.ruleId === 'unindexed-sql' && !path.relative(root, item.finding.file).startsWith('..'));
      if (own.length === 0) continue;
      // hotpath-ignore-next-line n-plus-one -- one EXPLAIN session per project of the run, each against its own schema
      const outcome = await verifyProjectWithExplain(tsconfig, config, own.map((item) => item.finding), request.target);
      const kept = new Set(outcome.findings);
      for (const item of own) {
        const verified = outcome.findings.find((finding) => finding.file === item.finding.file && finding.start === item.finding.start && finding.end === item.finding.end);
        replaced.set(item, verified && kept.has(verified) ? { ...item, finding: verified } : undefined);
      }
      for (const finding of outcome.refuted) notes.push(`EXPLAIN found an index for a query in ${displayPath(finding.file, cwd)}: that unindexed-sql finding is dropped.`);
      notes.push(...outcome.failures);
    }
  } catch (error) {
    const message = (error as Error).message;
    notes.push(`EXPLAIN could not run: ${request.target.kind === 'postgres' ? redactSecrets(message, request.target.url) : message}`);
  } finally {
    await closeExplain();
  }
  const result = findings.flatMap((item) => (replaced.has(item) ? (replaced.get(item) ? [replaced.get(item)!] : []) : [item]));
  return { findings: result, notes };
}
