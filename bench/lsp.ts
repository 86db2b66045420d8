// Editor latency benchmark (`npm run bench:lsp`): a generated 1,000-file project, the built
// server on stdio with no debounce, one 2,000-line file open, 200 single-character edits. Each
// edit waits for its diagnostics; we report the time from didChange to publishDiagnostics as the
// client sees it, the server's own time for the analysis (and its CPU time, which a busy machine
// does not inflate), and the server's memory.
// `npm run bench:lsp -- --file path/to/file.ts [--workspace dir] [--edits N]` measures a real
// checkout instead: that file opened in its workspace (the file's git root by default), N
// single-character edits typed into the function body nearest the middle of the file, then
// deleted again (the file on disk is never written). `--profile DIR` writes the server's CPU profile there;
// `--node-options="…"` starts the server with those Node.js options (V8's heap sizes, for instance).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ts from 'typescript';
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

/** What one run of the editor measures: the open file, where edits are typed, and what. */
interface Session {
  readonly workspace: string;
  readonly file: string;
  readonly insertAt: number;
  readonly typed: string;
  readonly keystrokes: number;
}

interface Measured {
  readonly coldMs: number;
  readonly findings: number;
  readonly samples: readonly Sample[];
}

/** Opens the file, waits for its first diagnostics, then types `keystrokes / 2` characters and deletes them, one edit at a time. */
async function measureEdits(client: LspClient, session: Session): Promise<Measured> {
  const uri = fileUri(session.file);
  let text = fs.readFileSync(session.file, 'utf8');
  const opened = performance.now();
  await client.open(session.file, text, 1);
  const first = await client.diagnostics(uri, (params) => params.version === 1, { since: 0, timeoutMs: 600_000 });
  const coldMs = performance.now() - opened;
  const samples: Sample[] = [];
  for (let index = 0; index < session.keystrokes; index++) {
    const typing = index < session.keystrokes / 2;
    const typed = typing ? index : session.keystrokes - index - 1;
    const offset = session.insertAt + typed;
    const change = typing
      ? { range: rangeAt(text, offset, offset), text: session.typed[typed]! }
      : { range: rangeAt(text, offset, offset + 1), text: '' };
    text = typing ? text.slice(0, offset) + change.text + text.slice(offset) : text.slice(0, offset) + text.slice(offset + 1);
    const version = index + 2;
    const since = client.published.length;
    const sent = performance.now();
    await client.change(uri, version, [change]);
    await client.diagnostics(uri, (params) => params.version === version, { since, timeoutMs: 120_000 });
    const clientMs = performance.now() - sent;
    const timing = await client.until(() => client.timings.find((item) => item.version === version), `timing of version ${version}`);
    samples.push({ clientMs, serverMs: timing.totalMs, cpuMs: timing.cpuMs, programMs: timing.programMs, analyzeMs: timing.analyzeMs, incremental: timing.incremental, fallback: timing.fallback });
  }
  return { coldMs, findings: first.diagnostics.length, samples };
}

function latencyLines(measured: Measured): string[] {
  const { samples } = measured;
  return [
    `open to first diagnostics (cold): ${measured.coldMs.toFixed(0)} ms`,
    '',
    `${'per edit (ms)'.padEnd(34)}${'p50'.padStart(7)}${'p95'.padStart(7)}${'p99'.padStart(7)}${'max'.padStart(7)}`,
    row('didChange → publishDiagnostics', samples.map((sample) => sample.clientMs)),
    row('  server: analysis of the file', samples.map((sample) => sample.serverMs)),
    row('    program update', samples.map((sample) => sample.programMs)),
    row('    rules (checker, summaries)', samples.map((sample) => sample.analyzeMs)),
    row('  server CPU time', samples.map((sample) => sample.cpuMs)),
    '',
    `incremental (only the edited function analysed): ${samples.filter((sample) => sample.incremental).length} of ${samples.length} edits; full analyses: ${fallbacks(samples)}`,
  ];
}

function machineLine(): string {
  return `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), load average ${os.loadavg().map((value) => value.toFixed(1)).join(' ')}, node ${process.version}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { file: { type: 'string' }, workspace: { type: 'string' }, edits: { type: 'string', default: '40' }, profile: { type: 'string' }, 'node-options': { type: 'string' } } });
  const nodeOptions = [...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values.profile)}`] : []), ...(values['node-options']?.split(/\s+/).filter(Boolean) ?? [])];
  ensureBuilt();
  if (values.file) await benchRealFile(path.resolve(values.file), values.workspace, Number(values.edits), nodeOptions);
  else await benchGenerated(nodeOptions);
}

async function benchRealFile(file: string, workspace: string | undefined, keystrokes: number, nodeOptions: readonly string[]): Promise<void> {
  if (!fs.existsSync(file)) throw new Error(`--file: no such file ${file}`);
  if (!Number.isInteger(keystrokes) || keystrokes < 2 || keystrokes % 2) throw new Error('--edits must be an even number ≥ 2');
  const session: Session = { workspace: path.resolve(workspace ?? gitRoot(file)), file, insertAt: middleFunctionBody(file), typed: REAL_TYPED.repeat(Math.ceil(keystrokes / 2 / REAL_TYPED.length)), keystrokes };
  const client = await LspClient.start({ workspaceFolder: session.workspace, settings: () => ({}), initializationOptions: { debounceMs: 0, timing: true }, nodeOptions });
  try {
    const measured = await measureEdits(client, session);
    const memory = residentMb(client.process.pid!);
    const lines = [
      `hotpath language server: ${path.relative(session.workspace, file)} (${fs.readFileSync(file, 'utf8').split('\n').length} lines, ${measured.findings} findings) open in ${session.workspace}, ${keystrokes} single-character edits, no debounce`,
      machineLine(),
      ...latencyLines(measured),
      `server memory: ${memory.rss.toFixed(0)} MB resident${memory.peak ? `, ${memory.peak.toFixed(0)} MB peak` : ''}`,
      `targets: first diagnostics ≤ 3 s after the project is loaded; p95 ≤ 100 ms server-side`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await client.stop();
  }
}

/** Typed into a real file: a statement that changes no finding. */
const REAL_TYPED = ' const typedByBench = 1; ';

function gitRoot(file: string): string {
  for (let directory = path.dirname(file); ; directory = path.dirname(directory)) {
    if (fs.existsSync(path.join(directory, '.git')) || fs.existsSync(path.join(directory, 'package-lock.json')) || fs.existsSync(path.join(directory, 'pnpm-lock.yaml')) || fs.existsSync(path.join(directory, 'yarn.lock'))) return directory;
    if (path.dirname(directory) === directory) return path.dirname(file);
  }
}

/** Just after the `{` of the innermost function body holding the middle of the file: where a user's edit usually lands. */
function middleFunctionBody(file: string): number {
  const sourceFile = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const middle = sourceFile.text.length / 2;
  let best: ts.Block | undefined;
  const visit = (node: ts.Node): void => {
    if (node.pos > middle || node.end < middle) return;
    if (ts.isFunctionLike(node) && 'body' in node && node.body && ts.isBlock(node.body)) best = node.body;
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (!best) throw new Error(`--file: no function body spans the middle of ${file}`);
  return best.getStart(sourceFile) + 1;
}

async function benchGenerated(nodeOptions: readonly string[]): Promise<void> {
  const directory = fs.mkdtempSync(path.join(ROOT, 'test-fixtures', '.tmp-bench-lsp-'));
  let client: LspClient | undefined;
  try {
    const bigFile = writeBenchProject(directory);
    const text = fs.readFileSync(bigFile, 'utf8');
    client = await LspClient.start({ workspaceFolder: directory, settings: () => ({}), initializationOptions: { debounceMs: 0, timing: true }, nodeOptions });
    const pid = client.process.pid!;
    const anchor = text.indexOf(ANCHOR, text.length / 2);
    if (anchor < 0) throw new Error('the generated file has no anchor line');
    if (TYPED.length < KEYSTROKES / 2) throw new Error('the typed text is shorter than the keystrokes');
    const measured = await measureEdits(client, { workspace: directory, file: bigFile, insertAt: anchor + ANCHOR.length, typed: TYPED, keystrokes: KEYSTROKES });
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
    const files = MODULES + 2;

    const lines = [
      `hotpath language server: ${files} files, one ${BIG_FILE_LINES}-line file open (${measured.findings} findings), ${KEYSTROKES} single-character edits, no debounce`,
      machineLine(),
      ...latencyLines(measured),
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
