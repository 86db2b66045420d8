import fs from 'node:fs';
import { writeFileAtomic } from './atomic-file';
import { ConfigError } from './config';
import { FINGERPRINT_SCHEME } from './fingerprint';

/** One accepted finding. No line numbers: the fingerprint is made of code, so moving code around keeps it. */
export interface BaselineEntry {
  /** Relative to the folder hotpath runs in, as in reports. */
  readonly file: string;
  readonly ruleId: string;
  readonly fingerprint: string;
}

/** The baseline file: JSON with sorted entries and a version, so that its diffs review well. */
export interface Baseline {
  readonly version: 1;
  readonly fingerprints: typeof FINGERPRINT_SCHEME;
  readonly findings: readonly BaselineEntry[];
}

export interface BaselineComparison<T> {
  /** Findings the baseline does not hold: what a change introduced. */
  readonly fresh: T[];
  /** Baseline entries no finding matches any more: fixed (or moved away) since it was recorded. */
  readonly fixed: BaselineEntry[];
}

/** Reads a baseline; a missing, malformed or outdated file is the user's to fix (exit code 2). */
export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError(`${file}: no such baseline file (create it with --update-baseline)`);
    throw new ConfigError(`${file}: cannot be read (${code ?? String(error)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: not a hotpath baseline (invalid JSON: ${(error as Error).message})`);
  }
  if (!isBaseline(raw)) throw new ConfigError(`${file}: not a hotpath baseline (expected { "version": 1, "fingerprints": "${FINGERPRINT_SCHEME}", "findings": [...] })`);
  if (raw.fingerprints !== FINGERPRINT_SCHEME) {
    throw new ConfigError(`${file}: recorded with fingerprints "${raw.fingerprints}", this hotpath uses "${FINGERPRINT_SCHEME}": record it again with --update-baseline`);
  }
  return raw;
}

/** Writes the baseline sorted by file, rule and fingerprint, so that unrelated runs produce the same bytes. */
export function writeBaseline(file: string, entries: readonly BaselineEntry[]): void {
  const findings = [...entries]
    .map((entry) => ({ file: entry.file, ruleId: entry.ruleId, fingerprint: entry.fingerprint }))
    .sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.ruleId, b.ruleId) || compareStrings(a.fingerprint, b.fingerprint));
  const baseline: Baseline = { version: 1, fingerprints: FINGERPRINT_SCHEME, findings };
  try {
    writeFileAtomic(file, `${JSON.stringify(baseline, null, 2)}\n`);
  } catch (error) {
    throw new ConfigError(`${file}: the baseline cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** Matches findings to baseline entries by fingerprint, each entry at most once. */
export function compareWithBaseline<T extends { readonly fingerprint: string }>(findings: readonly T[], baseline: Baseline): BaselineComparison<T> {
  const remaining = new Map<string, BaselineEntry[]>();
  for (const entry of baseline.findings) remaining.set(entry.fingerprint, [...(remaining.get(entry.fingerprint) ?? []), entry]);
  const fresh = findings.filter((finding) => {
    const matches = remaining.get(finding.fingerprint);
    if (!matches?.length) return true;
    matches.pop();
    return false;
  });
  return { fresh, fixed: [...remaining.values()].flat() };
}

/** Code-unit order, not locale order: the file must not change with the machine's language settings. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isBaseline(value: unknown): value is Baseline {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    candidate['version'] === 1 &&
    typeof candidate['fingerprints'] === 'string' &&
    Array.isArray(candidate['findings']) &&
    candidate['findings'].every(
      (entry: unknown) =>
        typeof entry === 'object' && entry !== null && ['file', 'ruleId', 'fingerprint'].every((key) => typeof (entry as Record<string, unknown>)[key] === 'string'),
    )
  );
}
