import { hasSqlDetails, loadModule, parseSync, scanSync, type Node } from 'libpg-query';
import { deparseSync } from 'pgsql-parser';

export type { Node } from 'libpg-query';

/** One statement of a parsed text; offsets are UTF-16 code units into that text. */
export interface ParsedStatement {
  readonly node: Node;
  readonly start: number;
  readonly end: number;
}

export type ParseOutcome =
  | { readonly ok: true; readonly statements: readonly ParsedStatement[]; readonly offsetOf: (location: number) => number }
  | { readonly ok: false; readonly message: string; readonly offset: number };

let loading: Promise<void> | undefined;
let loaded = false;

/**
 * Loads PostgreSQL's own parser (WebAssembly) once per process. The analyzer is synchronous, so
 * whoever drives it (CLI, server, tests) awaits this before analysing a project with SQL.
 */
export function prepareSql(): Promise<void> {
  loading ??= loadModule().then(() => {
    loaded = true;
  });
  return loading;
}

// Started on import, so that a long-lived host (the language server) has the parser by the time it
// first analyses; the rejection, if any, reaches whoever awaits prepareSql().
prepareSql().catch(() => undefined);

/** Parses SQL with the real PostgreSQL grammar; never throws on bad SQL (returns where it failed). */
export function parseSql(text: string): ParseOutcome {
  if (!loaded) throw new Error('the SQL parser is not loaded: await prepareSql() before analysing a project with SQL');
  const offsetOf = utf16Offsets(text);
  try {
    const result = parseSync(text);
    const statements = (result.stmts ?? []).flatMap((raw) => {
      if (!raw.stmt) return [];
      const start = raw.stmt_location ?? 0;
      const end = raw.stmt_len ? start + raw.stmt_len : Buffer.byteLength(text);
      return [{ node: raw.stmt, start: offsetOf(start), end: offsetOf(end) }];
    });
    return { ok: true, statements, offsetOf };
  } catch (error) {
    const cursor = hasSqlDetails(error) ? (error.sqlDetails?.cursorPosition ?? 0) : 0;
    // libpg-query reports "syntax error at or near …"; the position is 0-based in bytes.
    return { ok: false, message: (error as Error).message, offset: offsetOf(Math.max(0, cursor)) };
  }
}

/** A script of statements (a migration) where a statement that does not parse is skipped, not the whole file. */
export interface ScriptOutcome {
  readonly statements: readonly ParsedStatement[];
  /** `start`: where the statement that does not parse begins. */
  readonly errors: readonly { readonly message: string; readonly offset: number; readonly start: number }[];
}

/** Parses a migration; on a syntax error, splits it at top-level `;` (PostgreSQL's own scanner) and parses each statement alone. */
export function parseSqlScript(text: string): ScriptOutcome {
  const whole = parseSql(text);
  if (whole.ok) return { statements: whole.statements, errors: [] };
  const offsetOf = utf16Offsets(text);
  let semicolons: number[];
  try {
    semicolons = scanSync(text).tokens.filter((token) => token.text === ';').map((token) => offsetOf(token.end));
  } catch {
    return { statements: [], errors: [{ message: whole.message, offset: whole.offset, start: 0 }] };
  }
  const statements: ParsedStatement[] = [];
  const errors: { message: string; offset: number; start: number }[] = [];
  let start = 0;
  for (const end of [...semicolons, text.length]) {
    if (end <= start) continue;
    const chunk = text.slice(start, end);
    const parsed = parseSql(chunk);
    const base = start;
    if (parsed.ok) statements.push(...parsed.statements.map((statement) => ({ ...statement, start: statement.start + base, end: statement.end + base })));
    else errors.push({ message: parsed.message, offset: parsed.offset + base, start: base });
    start = end;
  }
  return { statements, errors };
}

/** SQL for a node (an expression, a type, a statement) as PostgreSQL would print it, on one line. */
export function deparse(node: Node): string {
  return deparseSync(node as Parameters<typeof deparseSync>[0])
    .replace(/\s+/g, ' ')
    .trim();
}

/** The parser's locations count UTF-8 bytes; the engine counts UTF-16 code units. */
function utf16Offsets(text: string): (byteOffset: number) => number {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(text)) return (byteOffset) => byteOffset;
  const byByte: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const code = text.codePointAt(index)!;
    const bytes = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let byte = 0; byte < bytes; byte += 1) byByte.push(index);
    if (code >= 0x10000) index += 1;
  }
  return (byteOffset) => (byteOffset >= byByte.length ? text.length : byByte[byteOffset]!);
}
