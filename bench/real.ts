/**
 * Precision on real code (`npm run bench:real -- <checkout> [--repo owner/name] [--sample N] [--seed S] [--cli dist/cli.js]`).
 * Runs the built CLI on a checkout of a corpus repository and scores its findings against the
 * hand-judged verdicts in bench/real/<owner>+<name>[.<part>].json, one file per folder analysed
 * (a monorepo may have several) (references only — repository, commit,
 * file, line, rule, verdict, one-line reason — never copied code): per rule, the findings, how
 * many are judged, and the strict (actionable) and lenient (worth a look) precision of the judged
 * ones. `--sample N` prints N unjudged findings drawn at random (seeded), to judge next.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { JsonReport } from '../cli/format/json';

const ROOT = path.resolve(__dirname, '..');
const VERDICTS = path.join(ROOT, 'bench', 'real');

/** Would this repository's maintainer change the code? `actionable`: yes; `lenient`: worth a look, not a clear change; `false-positive`: no. */
export type Verdict = 'actionable' | 'lenient' | 'false-positive';

export interface Judgement {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly verdict: Verdict;
  readonly reason: string;
}

export interface VerdictFile {
  readonly repo: string;
  readonly commit: string;
  /** The folder hotpath was run on, relative to the checkout (a workspace package), `.` for the root. */
  readonly path: string;
  /** Whether the checkout had its dependencies installed (and generated clients) when judged. */
  readonly installed: boolean;
  readonly judgements: readonly Judgement[];
}

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly message: string;
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { repo: { type: 'string' }, sample: { type: 'string' }, seed: { type: 'string', default: '1' }, cli: { type: 'string', default: path.join(ROOT, 'dist', 'cli.js') } },
  });
  const checkout = positionals[0];
  if (!checkout) fail('usage: npm run bench:real -- <checkout> [--repo owner/name] [--sample N] [--seed S]');
  const repo = values.repo ?? guessRepo(checkout);
  const prefix = repo.replace('/', '+');
  const files = fs.readdirSync(VERDICTS).filter((name) => name === `${prefix}.json` || (name.startsWith(`${prefix}.`) && name.endsWith('.json')));
  const verdictFiles: VerdictFile[] = files.length
    ? files.map((name) => JSON.parse(fs.readFileSync(path.join(VERDICTS, name), 'utf8')) as VerdictFile)
    : [{ repo, commit: '', path: '.', installed: true, judgements: [] }];
  for (const verdicts of verdictFiles) score(verdicts, checkout, values.cli, Number(values.sample ?? 0), Number(values.seed));
}

function score(verdicts: VerdictFile, checkout: string, cli: string, sample: number, seed: number): void {
  const findings = run(path.resolve(cli), path.resolve(checkout, verdicts.path));
  const key = (item: { file: string; line: number; rule: string }): string => `${item.file}:${item.line}:${item.rule}`;
  const judged = new Map(verdicts.judgements.map((judgement) => [key(judgement), judgement]));
  console.log(`${verdicts.repo}${verdicts.commit ? `@${verdicts.commit.slice(0, 12)}` : ''} (${verdicts.path}): ${findings.length} findings`);
  const rules = [...new Set(findings.map((finding) => finding.rule))].sort();
  const rows = [...rules, 'all'].map((rule) => {
    const ofRule = findings.filter((finding) => rule === 'all' || finding.rule === rule);
    const verdictsOf = ofRule.map((finding) => judged.get(key(finding))).filter((judgement): judgement is Judgement => judgement !== undefined);
    const count = (...kinds: Verdict[]): number => verdictsOf.filter((judgement) => kinds.includes(judgement.verdict)).length;
    const percent = (part: number): string => (verdictsOf.length ? `${Math.round((100 * part) / verdictsOf.length)}%` : '—');
    return { rule, findings: ofRule.length, judged: verdictsOf.length, strict: percent(count('actionable')), lenient: percent(count('actionable', 'lenient')) };
  });
  console.table(rows);
  const gone = verdicts.judgements.filter((judgement) => !findings.some((finding) => key(finding) === key(judgement)));
  const goneBy = (verdict: Verdict): number => gone.filter((judgement) => judgement.verdict === verdict).length;
  if (gone.length) console.log(`judged but no longer reported: ${goneBy('actionable')} actionable, ${goneBy('lenient')} lenient, ${goneBy('false-positive')} false positives`);
  if (sample > 0) {
    const unjudged = findings.filter((finding) => !judged.has(key(finding)));
    const random = seeded(seed);
    for (let index = unjudged.length - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      [unjudged[index], unjudged[other]] = [unjudged[other]!, unjudged[index]!];
    }
    console.log(`\n${Math.min(sample, unjudged.length)} of ${unjudged.length} unjudged findings, at random (seed ${seed}):`);
    for (const finding of unjudged.slice(0, sample)) console.log(`${finding.file}:${finding.line} ${finding.rule} ${finding.message}`);
  }
}

/** The findings of the built CLI on a folder, paths relative to it. */
function run(cli: string, folder: string): Finding[] {
  const result = spawnSync(process.execPath, ['--max-old-space-size=8192', cli, '.', '--format', 'json', '--exit-zero'], {
    cwd: folder,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (result.status !== 0) fail(`hotpath failed on ${folder} (exit ${result.status}):\n${result.stderr}`);
  const report = JSON.parse(result.stdout) as JsonReport;
  return report.findings.map((finding) => ({ file: finding.file, line: finding.line, rule: finding.ruleId, message: finding.message }));
}

function guessRepo(checkout: string): string {
  const known = [...new Set(fs.readdirSync(VERDICTS).map((name) => name.replace(/\..*$/, '').replace('+', '/')))];
  const base = path.basename(path.resolve(checkout));
  const match = known.find((repo) => repo.split('/')[1] === base);
  if (!match) fail(`which repository is ${checkout}? pass --repo owner/name (known: ${known.join(', ')})`);
  return match;
}

/** A small deterministic generator (mulberry32): the same seed draws the same sample. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

main();
