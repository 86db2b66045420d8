// The JSON report's shape: what `--format json` prints and the programmatic API (`cli/api.ts`)
// returns. Types only, importing nothing: the API's published declarations are this file and api.ts.

/**
 * The JSON report (`--format json`). Its shape is versioned: fields are only ever added.
 * Offsets are UTF-16 code units; lines and columns are 1-based.
 */
export interface JsonReport {
  readonly version: 1;
  readonly tool: { readonly name: 'hotpath'; readonly version: string };
  readonly findings: readonly JsonFinding[];
  readonly summary: Totals;
  /** With `--baseline`: how many recorded findings no longer occur. */
  readonly fixedSinceBaseline?: number;
  /** Files left out (unreadable, unparsable, nested too deeply), and why; absent when none was. */
  readonly skipped?: readonly { readonly file: string; readonly reason: string }[];
}

export interface JsonFinding {
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly docsUrl: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly start: number;
  readonly end: number;
  /** Stable across unrelated edits (no line numbers): what `--baseline` records and SARIF's `partialFingerprints` carry. */
  readonly fingerprint: string;
  readonly related: readonly { file: string; line: number; column: number; endLine: number; endColumn: number; message: string }[];
  /** The finding's fixes, when it has any: `safe` ones are what `--fix` applies (the first of them), `unsafe` ones need review. */
  readonly fixes?: readonly JsonFix[];
}

export interface JsonFix {
  readonly title: string;
  readonly safety: 'safe' | 'unsafe';
  /** Replace [start, end) of `file` with `newText`; a file that does not exist yet is created. */
  readonly edits: readonly { file: string; line: number; column: number; endLine: number; endColumn: number; start: number; end: number; newText: string }[];
}

/** Findings per severity, and how many files were analysed. */
export interface Totals {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly files: number;
}
