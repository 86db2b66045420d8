// Editor latency benchmark (`npm run bench:lsp`): a generated 1,000-file project, the built
// server on stdio with no debounce, one 2,000-line file open, 200 single-character edits. Each
// edit waits for its diagnostics; we report the time from didChange to publishDiagnostics as the
// client sees it, the server's own time for the analysis (and its CPU time, which a busy machine
// does not inflate), and the server's memory.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileUri, LspClient, ROOT, ensureBuilt } from '../test/lsp/client';
import { BIG_FILE_LINES, MODULES, writeBenchProject } from './lsp-project';

const KEYSTROKES = 200;
/** Files opened, analysed and closed per round of the memory check, and rounds (half over new files, half over the same again). */
const CHURN_FILES = 250;
const CHURN_ROUNDS = 4;
/** Typed one character at a time at the end of a loop body's line in the middle of the big file, then deleted again. */
const TYPED = ' const extra = await find7(String(names.length)); if (extra) names.push(label7(extra.name, extra.total)); // typed';
const ANCHOR = '    if (!row) continue;';

interface Sample {
  readonly clientMs: number;
  readonly serverMs: number;
  readonly cpuMs: number;
  readonly programMs: number;
  readonly analyzeMs: number;
  readonly incremental: boolean;
  readonly fallback?: string;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function row(label: string, values: readonly number[]): string {
  const format = (value: number): string => value.toFixed(1).padStart(7);
  return `${label.padEnd(34)}${format(percentile(values, 50))}${format(percentile(values, 95))}${format(percentile(values, 99))}${format(Math.max(...values))}`;
}

/** Resident memory of a process (Linux /proc; `ps` elsewhere), in MB. */
function residentMb(pid: number): { rss: number; peak?: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): number | undefined => {
      const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
      return match ? Number(match[1]) / 1024 : undefined;
    };
    return { rss: field('VmRSS') ?? 0, peak: field('VmHWM') };
  } catch {
    return { rss: Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024 };
  }
}

async function main(): Promise<void> {
  ensureBuilt();
  const directory = fs.mkdtempSync(path.join(ROOT, 'test-fixtures', '.tmp-bench-lsp-'));
  let client: LspClient | undefined;
  try {
    const bigFile = writeBenchProject(directory);
    const uri = fileUri(bigFile);
    let text = fs.readFileSync(bigFile, 'utf8');
    client = await LspClient.start({ workspaceFolder: directory, settings: () => ({}), initializationOptions: { debounceMs: 0, timing: true } });
    const pid = client.process.pid!;

    const opened = performance.now();
    await client.open(bigFile, text, 1);
    const first = await client.diagnostics(uri, (params) => params.version === 1, { since: 0, timeoutMs: 300_000 });
    const coldMs = performance.now() - opened;

    const anchor = text.indexOf(ANCHOR, text.length / 2);
    if (anchor < 0) throw new Error('the generated file has no anchor line');
    const insertAt = anchor + ANCHOR.length;
    if (TYPED.length < KEYSTROKES / 2) throw new Error('the typed text is shorter than the keystrokes');
    const samples: Sample[] = [];
    for (let index = 0; index < KEYSTROKES; index++) {
      const typing = index < KEYSTROKES / 2;
      const typed = typing ? index : KEYSTROKES - index - 1;
      const offset = insertAt + typed;
      const change = typing
        ? { range: rangeAt(text, offset, offset), text: TYPED[typed]! }
        : { range: rangeAt(text, offset, offset + 1), text: '' };
      text = typing ? text.slice(0, offset) + change.text + text.slice(offset) : text.slice(0, offset) + text.slice(offset + 1);
      const version = index + 2;
      const since = client.published.length;
      const sent = performance.now();
      await client.change(uri, version, [change]);
      await client.diagnostics(uri, (params) => params.version === version, { since, timeoutMs: 120_000 });
      const clientMs = performance.now() - sent;
      const timing = await client.until(() => client!.timings.find((item) => item.version === version), `timing of version ${version}`);
      samples.push({ clientMs, serverMs: timing.totalMs, cpuMs: timing.cpuMs, programMs: timing.programMs, analyzeMs: timing.analyzeMs, incremental: timing.incremental, fallback: timing.fallback });
    }
    const memory = residentMb(pid);

    // Memory must not grow with every file a user opens and closes: rounds over distinct files, then over the same ones again.
    const churn: number[] = [];
    for (let round = 0; round < CHURN_ROUNDS; round++) {
      const first = (round % (CHURN_ROUNDS / 2)) * CHURN_FILES;
      for (let index = first; index < first + CHURN_FILES; index++) {
        const moduleFile = path.join(directory, 'src', 'models', `m${index}.ts`);
        const moduleUri = await client.open(moduleFile);
        await client.diagnostics(moduleUri, () => true, { timeoutMs: 120_000 });
        await client.close(moduleUri);
      }
      churn.push(residentMb(pid).rss);
    }
    const findings = first.diagnostics.length;
    const files = MODULES + 2;

    const lines = [
      `hotpath language server: ${files} files, one ${BIG_FILE_LINES}-line file open (${findings} findings), ${KEYSTROKES} single-character edits, no debounce`,
      `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), load average ${os.loadavg().map((value) => value.toFixed(1)).join(' ')}, node ${process.version}`,
      `open to first diagnostics (cold): ${coldMs.toFixed(0)} ms`,
      '',
      `${'per edit (ms)'.padEnd(34)}${'p50'.padStart(7)}${'p95'.padStart(7)}${'p99'.padStart(7)}${'max'.padStart(7)}`,
      row('didChange → publishDiagnostics', samples.map((sample) => sample.clientMs)),
      row('  server: analysis of the file', samples.map((sample) => sample.serverMs)),
      row('    program update', samples.map((sample) => sample.programMs)),
      row('    rules (checker, summaries)', samples.map((sample) => sample.analyzeMs)),
      row('  server CPU time', samples.map((sample) => sample.cpuMs)),
      '',
      `incremental (only the edited function analysed): ${samples.filter((sample) => sample.incremental).length} of ${samples.length} edits; full analyses: ${fallbacks(samples)}`,
      `server memory: ${memory.rss.toFixed(0)} MB resident${memory.peak ? `, ${memory.peak.toFixed(0)} MB peak` : ''}`,
      `memory while opening, analysing and closing files ${CHURN_ROUNDS / 2} × ${CHURN_FILES} distinct, then the same again: ${churn.map((rss) => `${rss.toFixed(0)} MB`).join(', ')}`,
      `targets: p95 ≤ 50 ms, p99 ≤ 100 ms (didChange → publishDiagnostics, debounce excluded)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await client?.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

function fallbacks(samples: readonly Sample[]): string {
  const reasons = new Map<string, number>();
  for (const sample of samples) if (!sample.incremental) reasons.set(sample.fallback ?? 'unknown', (reasons.get(sample.fallback ?? 'unknown') ?? 0) + 1);
  return reasons.size ? [...reasons].map(([reason, count]) => `${count} × ${reason}`).join(', ') : 'none';
}

function rangeAt(text: string, start: number, end: number): { start: { line: number; character: number }; end: { line: number; character: number } } {
  const position = (offset: number): { line: number; character: number } => {
    const before = text.slice(0, offset);
    const line = before.split('\n').length - 1;
    return { line, character: offset - (before.lastIndexOf('\n') + 1) };
  };
  return { start: position(start), end: position(end) };
}

void main().catch((error: unknown) => {
  process.stderr.write(`bench:lsp failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
