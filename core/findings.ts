/** What the engine reports. Offsets are UTF-16 code units into the file's text; lines and columns exist only at the edges. */

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

export interface RelatedInformation extends Span {
  readonly message: string;
}

/** Replaces `start`–`end` of `file` with `newText`. An edit at 0–0 of a file that does not exist yet creates it (a new migration). */
export interface TextEdit extends Span {
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  /** Safe fixes may be applied without review (`--fix`); unsafe ones are only offered. */
  readonly safety: 'safe' | 'unsafe';
  readonly edits: readonly TextEdit[];
}

export interface Finding extends Span {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly docsUrl: string;
  readonly related?: readonly RelatedInformation[];
  /**
   * The import a finding's classification rests on when that library's typings were missing (no
   * node_modules): it was inferred from the import, not read from the typings. `--explain` shows it.
   */
  readonly inference?: RelatedInformation;
  /** Present only when the analysis was asked for fixes. */
  readonly fixes?: readonly Fix[];
}

const DOCS_BASE = 'https://github.com/hotpath-dev/hotpath/blob/main/rules';
/** Where users report what hotpath misses. */
export const ISSUES_URL = 'https://github.com/hotpath-dev/hotpath/issues';

/** The one place a rule's documentation address is derived from its id. */
export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE}/${ruleId}/README.md`;
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.start - b.start || a.ruleId.localeCompare(b.ruleId);
}
