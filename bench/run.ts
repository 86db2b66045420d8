/**
 * The speed benchmark (`npm run bench -- --size small|medium|large`, large by default: ~2,000
 * files; or `--files N`; or `--project path/to/tsconfig.json`, a real checkout; `--runs N`,
 * `--fixtures`/`--no-fixtures`, `--keep`, `--rows id,…` for some
 * rows only: hotpath cold always, and the touched row after the warm one, whose cache it starts
 * from). It generates a backend corpus (bench/corpus.ts) under
 * test-fixtures/.tmp-bench-* (so the root node_modules' typings resolve), copies this repository's
 * fixture project beside it, and times every row, round after round: every run in a
 * fresh child process (no warm caches or JIT carried over, and `maxRSS` is that row's own peak).
 * Module loading is not timed; the work is. Prints the median wall and CPU time, lines/s, peak
 * RSS and the ratio to hotpath cold, then the targets. Lines/s and ratios use CPU time (user +
 * system) unless `--basis wall`: on a shared machine wall time measures the neighbours too.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ts from 'typescript';
import { JSDOC_PARSING_MODE, readTsconfig } from '../core/project';
import { generateCorpus } from './corpus';

const ROOT = path.resolve(__dirname, '..');
const FIXTURES = path.join(ROOT, 'test-fixtures');
const SIZES: Readonly<Record<string, number>> = { small: 40, medium: 500, large: 2000 };

interface Row {
  readonly id: string;
  readonly label: string;
  /** What exactly is timed, printed under the table. */
  readonly measures: string;
}

const ROWS: readonly Row[] = [
  { id: 'parse', label: 'parse only', measures: "`ts.createSourceFile` over the project's own files (texts read before timing)" },
  { id: 'program', label: 'parse + resolve', measures: '`ts.createProgram`: parses every file the project reaches (library typings included) and resolves imports; no binding, no checking; JSDoc parsed only in JavaScript files, as hotpath parses it' },
  { id: 'bind', label: 'parse + bind', measures: '`ts.createProgram` + `program.getTypeChecker()`: the checker binds every file and merges globals, but checks no function body (the parse+bind floor)' },
  { id: 'tsc', label: 'tsc --noEmit', measures: '`ts.createProgram` + `ts.getPreEmitDiagnostics`: what `tsc --noEmit -p` does, in process (JSDoc parsed as tsc parses it)' },
  { id: 'eslint', label: 'ESLint untyped', measures: 'ESLint 10 `ESLint#lintFiles`, `@typescript-eslint/parser`, core `no-await-in-loop`' },
  { id: 'eslint-typed', label: 'ESLint typed', measures: 'the same with `parserOptions.projectService` and `@typescript-eslint/no-floating-promises`' },
  { id: 'hotpath', label: 'hotpath cold', measures: '`analyzeProjectAt` (program, checker, all rules, no cache), SQL parser load included' },
  { id: 'hotpath-warm', label: 'hotpath --cache, warm', measures: '`analyzeProjectCached` on an unchanged tree after a priming run: hashes, import graph, cache file; no program' },
  { id: 'hotpath-touched', label: 'hotpath --cache, 1% touched', measures: 'the same after 1% of the files changed (a comment appended, so their importers are re-analysed too)' },
];

interface Measurement {
  readonly ms: number;
  /** User + system CPU time of the work: what contention from other processes does not inflate. */
  readonly cpuMs: number;
  readonly maxRssBytes: number;
  readonly detail?: string;
}

interface Target {
  readonly name: string;
  readonly tsconfig: string;
  readonly files: readonly string[];
  readonly lines: number;
}

/**
 * A compiler host parsing JSDoc as given: the floors parse it as hotpath does (only where it
 * carries types), `tsc --noEmit` as the tsc command does, so no row pays for comments another skips.
 */
function hostParsingJsDoc(options: ts.CompilerOptions, mode: ts.JSDocParsingMode): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  host.jsDocParsingMode = mode;
  return host;
}

/** The checker's work as it counts it: the same on every run, unlike time on a shared machine. */
function typesCreated(program: ts.Program): string {
  return `${program.getTypeCount().toLocaleString('en-US')} types`;
}

// ---------------------------------------------------------------------------------------------
// Worker: one row, once, in this (child) process; prints one JSON line.

async function worker(row: string, tsconfig: string, cacheDirectory: string, touchSeed: number): Promise<Measurement> {
  // The project as hotpath reads it (JavaScript included), so that every row loads the same files.
  const parsed = readTsconfig(tsconfig);
  const files = parsed.fileNames.filter((file) => !file.endsWith('.d.ts'));
  const timed = async (work: () => unknown): Promise<Measurement> => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const detail = await work();
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, maxRssBytes: process.resourceUsage().maxRSS * 1024, ...(typeof detail === 'string' ? { detail } : {}) };
  };
  switch (row) {
    case 'parse': {
      const texts = files.map((file) => [file, fs.readFileSync(file, 'utf8')] as const);
      return timed(() => {
        for (const [file, text] of texts) ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      });
    }
    case 'program':
      return timed(() => ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host: hostParsingJsDoc(parsed.options, JSDOC_PARSING_MODE) }).getSourceFiles().length);
    case 'bind':
      return timed(() => ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host: hostParsingJsDoc(parsed.options, JSDOC_PARSING_MODE) }).getTypeChecker());
    case 'tsc': {
      const host = hostParsingJsDoc(parsed.options, ts.JSDocParsingMode.ParseForTypeErrors);
      return timed(() => {
        const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host });
        return `${ts.getPreEmitDiagnostics(program).length} diagnostics, ${typesCreated(program)}`;
      });
    }
    case 'eslint':
    case 'eslint-typed': {
      const { ESLint } = await import('eslint');
      const parser = await import('@typescript-eslint/parser');
      const { plugin } = await import('typescript-eslint');
      const directory = path.dirname(tsconfig);
      const typed = row === 'eslint-typed';
      const eslint = new ESLint({
        cwd: directory,
        overrideConfigFile: true,
        overrideConfig: [
          {
            files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
            languageOptions: { parser, ...(typed ? { parserOptions: { projectService: true, tsconfigRootDir: directory } } : {}) },
            ...(typed ? { plugins: { '@typescript-eslint': plugin } } : {}),
            rules: typed ? { '@typescript-eslint/no-floating-promises': 'error' } : { 'no-await-in-loop': 'error' },
          },
        ],
      });
      return timed(async () => {
        const results = await eslint.lintFiles([...files]);
        const fatal = results.reduce((sum, result) => sum + result.fatalErrorCount, 0);
        const problems = results.reduce((sum, result) => sum + result.errorCount, 0);
        return `${problems} problems${fatal ? `, ${fatal} FATAL` : ''}`;
      });
    }
    case 'hotpath':
    case 'hotpath-warm':
    case 'hotpath-touched': {
      const { prepareSql } = await import('../core/sql/parser');
      if (row === 'hotpath') {
        const { analyzeProjectAt } = await import('../core/run');
        return timed(async () => {
          await prepareSql();
          const run = analyzeProjectAt(tsconfig);
          return `${run.findings.length} findings, ${typesCreated(run.program)}`;
        });
      }
      const { analyzeProjectCached } = await import('../core/cache');
      if (row === 'hotpath-touched') touch(files, touchSeed);
      return timed(async () => {
        await prepareSql();
        const run = analyzeProjectCached(tsconfig, { directory: cacheDirectory });
        return `${run.findings.length} findings, ${run.stats.misses} re-analysed${run.stats.programCreated ? '' : ', no program'}`;
      });
    }
    default:
      throw new Error(`unknown row ${row}`);
  }
}

/** Appends a comment to 1% of the files (at least one), chosen by the seed: their content hash changes. */
function touch(files: readonly string[], seed: number): void {
  const count = Math.max(1, Math.round(files.length / 100));
  const step = Math.max(1, Math.floor(files.length / count));
  for (let index = 0; index < count; index++) {
    const file = files[(index * step + seed * 7) % files.length]!;
    fs.appendFileSync(file, `// touched by the benchmark, run ${seed}\n`);
  }
}

// ---------------------------------------------------------------------------------------------
// Orchestrator.

function measure(row: Row, target: Target, cacheDirectory: string, run: number): Measurement {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', __filename, '--worker', row.id, '--tsconfig', target.tsconfig, '--cache-dir', cacheDirectory, '--touch-seed', String(run)],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=8192' } },
  );
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) throw new Error(`${row.label} on ${target.name} failed (exit ${child.status}):\n${child.stderr}\n${child.stdout}`);
  return JSON.parse(line) as Measurement;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function countLines(files: readonly string[]): number {
  return files.reduce((sum, file) => sum + fs.readFileSync(file, 'utf8').split('\n').length, 0);
}

/** This repository's fixture project, copied so that the touched-files row never edits the real fixtures. */
function copyFixtures(destination: string): Target {
  fs.rmSync(destination, { recursive: true, force: true });
  // Entry by entry: the destination is inside test-fixtures, and scratch folders are not fixtures.
  for (const entry of fs.readdirSync(FIXTURES)) {
    if (!/^\.(tmp|cli)-/.test(entry)) fs.cpSync(path.join(FIXTURES, entry), path.join(destination, entry), { recursive: true });
  }
  const tsconfig = path.join(destination, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const files = parsed.fileNames.filter((file) => !file.endsWith('.d.ts'));
  return { name: 'fixtures', tsconfig, files, lines: countLines(files) };
}

/** A real checkout's project, measured where it is (the touched-files row, which edits files, is left out). */
function realProject(tsconfig: string): Target {
  if (!fs.existsSync(tsconfig)) fail(`--project: no such tsconfig ${tsconfig}`);
  const files = readTsconfig(tsconfig).fileNames.filter((file) => !file.endsWith('.d.ts'));
  return { name: path.relative(path.dirname(path.dirname(tsconfig)), tsconfig), tsconfig, files, lines: countLines(files) };
}

function printTable(target: Target, results: ReadonlyMap<string, Measurement[]>, runs: number, basis: 'cpu' | 'wall'): void {
  const value = (item: Measurement): number => (basis === 'cpu' ? item.cpuMs : item.ms);
  const time = (id: string): number => median(results.get(id)!.map(value));
  const cold = time('hotpath');
  const header = ['row', 'wall (median)', 'CPU (median)', 'lines/s', 'peak RSS', '× hotpath cold', 'note'];
  const text = new Set([0, 6]);
  const rows = ROWS.filter((row) => results.has(row.id)).map((row) => {
    const measured = results.get(row.id)!;
    const wall = median(measured.map((item) => item.ms));
    const cpu = median(measured.map((item) => item.cpuMs));
    const rss = Math.max(...measured.map((item) => item.maxRssBytes));
    return [
      row.label,
      `${(wall / 1000).toFixed(2)} s`,
      `${(cpu / 1000).toFixed(2)} s`,
      Math.round(target.lines / (time(row.id) / 1000)).toLocaleString('en-US'),
      `${Math.round(rss / 1024 / 1024)} MB`,
      `${(time(row.id) / cold).toFixed(2)}×`,
      measured[measured.length - 1]!.detail ?? '',
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((cell, column) => (text.has(column) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')} |`;
  console.log(`\n### ${target.name}: ${target.files.length.toLocaleString('en-US')} files, ${target.lines.toLocaleString('en-US')} lines (median of ${runs} run${runs === 1 ? '' : 's'}; lines/s and ratios on ${basis === 'cpu' ? 'CPU' : 'wall'} time)\n`);
  console.log(line(header));
  console.log(`|${widths.map((width, column) => (text.has(column) ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');
  // Each round's rows ran minutes apart at most: a ratio within a round cancels a neighbour's load
  // that the medians of whole rows, taken from different rounds, do not.
  const perRound = (numerator: string, denominator: string, format = (ratio: number): string => ratio.toFixed(2)): { median: number; text: string } => {
    const ratios = results.get(numerator)!.map((item, round) => value(item) / value(results.get(denominator)![round]!));
    return { median: median(ratios), text: ratios.map(format).join(', ') };
  };
  console.log('');
  if (results.has('eslint-typed')) {
    const { median: ratio, text } = perRound('eslint-typed', 'hotpath');
    console.log(`- hotpath cold vs typed ESLint: ${ratio.toFixed(2)}× faster (median of the rounds' ratios: ${text}; target ≥ 3×): ${verdict(ratio >= 3)}`);
  }
  if (results.has('bind')) {
    const { median: ratio, text } = perRound('hotpath', 'bind');
    console.log(`- hotpath cold vs parse+bind floor: ${ratio.toFixed(2)}× the floor (median of the rounds' ratios: ${text}; target ≤ 2×): ${verdict(ratio <= 2)}`);
  }
  if (results.has('hotpath-warm')) {
    const { median: ratio, text } = perRound('hotpath-warm', 'hotpath', (share) => `${(share * 100).toFixed(1)}%`);
    console.log(`- warm cache vs cold: ${(ratio * 100).toFixed(1)}% of cold (median of the rounds' ratios: ${text}; target ≤ 10%): ${verdict(ratio <= 0.1)}`);
  }
}

/**
 * Within a round, the rows the targets compare run back to back (typed ESLint, the parse+bind
 * floor, hotpath cold, then the cache rows): load that changes during a round shifts a ratio less
 * than when minutes of other rows run in between. The table keeps the rows' own order.
 */
function measuringOrder(rows: readonly Row[]): Row[] {
  const last = ['eslint-typed', 'bind', 'hotpath', 'hotpath-warm', 'hotpath-touched'];
  return [...rows.filter((row) => !last.includes(row.id)), ...last.flatMap((id) => rows.filter((row) => row.id === id))];
}

function fail(message: string): never {
  throw new Error(message);
}

async function orchestrate(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'large' },
      files: { type: 'string' },
      runs: { type: 'string' },
      fixtures: { type: 'boolean' },
      'no-fixtures': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      basis: { type: 'string', default: 'cpu' },
      rows: { type: 'string' },
      project: { type: 'string' },
    },
  });
  const rows =
    values.rows === undefined
      ? ROWS.filter((row) => !values.project || row.id !== 'hotpath-touched')
      : values.rows.split(',').map((id) => ROWS.find((row) => row.id === id.trim()) ?? fail(`--rows: unknown row "${id}" (rows: ${ROWS.map((row) => row.id).join(', ')})`));
  // Every ratio is to hotpath cold.
  if (!rows.some((row) => row.id === 'hotpath')) fail('--rows must include hotpath (every ratio is to it)');
  const size = values.size!;
  if (!(size in SIZES) && !values.files) fail(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
  const fileCount = values.files ? Number(values.files) : SIZES[size]!;
  // A small run only shows the benchmark works (CI): one run each, corpus only, unless asked.
  const small = !values.files && size === 'small';
  const runs = values.runs ? Number(values.runs) : small ? 1 : 3;
  const withFixtures = values['no-fixtures'] ? false : (values.fixtures ?? !small);
  const scratch = path.join(FIXTURES, `.tmp-bench-${process.pid}`);
  const cleanup = (): void => {
    if (!values.keep) fs.rmSync(scratch, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      cleanup();
      process.exit(130);
    });
  }
  try {
    const targets: Target[] = [];
    if (values.project) {
      targets.push(realProject(path.resolve(values.project)));
    } else {
      const corpus = generateCorpus(path.join(scratch, 'corpus'), fileCount);
      targets.push({ name: 'generated corpus', tsconfig: corpus.tsconfig, files: corpus.files.filter((file) => !file.endsWith('.d.ts')), lines: corpus.lines });
      if (withFixtures) targets.push(copyFixtures(path.join(scratch, 'fixtures')));
    }
    const cpus = os.cpus();
    console.log(`hotpath benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus[0]?.model.trim() ?? 'unknown CPU'} × ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, TypeScript ${ts.version}`);
    for (const target of targets) {
      const cacheDirectory = path.join(scratch, `cache-${target.name.replace(/\W+/g, '-')}`);
      const results = new Map<string, Measurement[]>(rows.map((row) => [row.id, []]));
      // Round after round of every row, not each row's runs in a row: a neighbour's load that comes
      // and goes on a shared machine then lands on all rows alike instead of on one ratio's side.
      for (let run = 1; run <= runs; run++) {
        for (const row of measuringOrder(rows)) {
          // The warm row starts from a cache that a run of the same tree filled (the touched row of the round before changed it).
          if (row.id === 'hotpath-warm') measure(row, target, cacheDirectory, 0);
          const last = measure(row, target, cacheDirectory, run);
          results.get(row.id)!.push(last);
          process.stderr.write(`  ${target.name}: ${row.label} ${run}/${runs}: ${(last.ms / 1000).toFixed(2)} s wall, ${(last.cpuMs / 1000).toFixed(2)} s CPU\n`);
        }
      }
      printTable(target, results, runs, values.basis === 'wall' ? 'wall' : 'cpu');
    }
    console.log('\nWhat each row times:');
    for (const row of rows) console.log(`- ${row.label}: ${row.measures}.`);
  } finally {
    cleanup();
  }
}

async function main(): Promise<void> {
  const workerIndex = process.argv.indexOf('--worker');
  if (workerIndex < 0) return orchestrate();
  const argument = (name: string): string => process.argv[process.argv.indexOf(name) + 1]!;
  const result = await worker(argument('--worker'), argument('--tsconfig'), argument('--cache-dir'), Number(argument('--touch-seed')));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
