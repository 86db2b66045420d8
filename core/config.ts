import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { Severity, SeveritySetting } from './findings';
import type { OptionValue, RuleMeta } from './rule';

export const CONFIG_FILE_NAME = 'hotpath.json';
/** The JSON Schema of hotpath.json (schema/hotpath.schema.json), as `hotpath init` names it in `$schema`. */
export const SCHEMA_URL = 'https://raw.githubusercontent.com/hotpath-dev/hotpath/main/schema/hotpath.schema.json';

export interface RuleSettings {
  readonly severity: SeveritySetting;
  readonly options: Readonly<Record<string, OptionValue>>;
}

export interface ResolvedConfig {
  /** The file the settings came from; undefined when defaults are in use. */
  readonly file?: string;
  /** Every config file read to make it: those `file` extends, then `file` (an editor watches them). */
  readonly files: readonly string[];
  /** The project's folder: where its schema, tests and scripts are looked for. */
  readonly root: string;
  /** The folder globs are relative to: the config file's (a repository root's hotpath.json serves every project below it). */
  readonly globRoot: string;
  readonly rules: ReadonlyMap<string, RuleSettings>;
  /** Globs (relative to `root`) of files never reported on. */
  readonly ignore: readonly string[];
  /** The `sql` key: where the database schema is, and whether to verify findings with EXPLAIN. */
  readonly sql?: SqlSettings;
  /** Analyse test files too (`"tests": true`, `--include-tests`); by default they are left out. */
  readonly tests: boolean;
  /** Analyse scripts too (`"scripts": true`, `--include-scripts`): migrations, seeds, one-off programs. */
  readonly scripts: boolean;
  /** Globs (relative to `root`) of code that runs in a browser, or on a server, whatever hotpath would decide. */
  readonly browser: readonly string[];
  readonly server: readonly string[];
}

export interface SqlSettings {
  /** Globs (relative to `root`) of migrations and schema.prisma; undefined: the conventional folders. */
  readonly schema?: readonly string[];
  /** Verify unindexed-sql findings with EXPLAIN on every run, as `--explain` does. */
  readonly explain: boolean;
}

/** A config problem the user must fix: the message names the file, the key and what is wrong. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** The config files being read when it was found, innermost first: editing one may fix it. */
  readonly files: string[] = [];
}

const SEVERITIES: readonly SeveritySetting[] = ['off', 'info', 'warning', 'error'];
/** Every key hotpath.json may hold (schema/hotpath.schema.json lists the same, a test checks it). */
export const TOP_LEVEL_KEYS: ReadonlySet<string> = new Set(['$schema', 'extends', 'rules', 'ignore', 'sql', 'tests', 'scripts', 'browser', 'server']);
export const SQL_KEYS: readonly string[] = ['schema', 'explain'];

/** Every rule's defaults: what applies with no config file. */
export function defaultConfig(root: string, rules: readonly RuleMeta[]): ResolvedConfig {
  const settings = new Map<string, RuleSettings>();
  for (const meta of rules) settings.set(meta.id, { severity: meta.defaultSeverity, options: defaultsOf(meta) });
  return { root, globRoot: root, files: [], rules: settings, ignore: [], tests: false, scripts: false, browser: [], server: [] };
}

function defaultsOf(meta: RuleMeta): Record<string, OptionValue> {
  return Object.fromEntries(Object.entries(meta.options).map(([name, spec]) => [name, spec.default]));
}

/**
 * The `hotpath.json` that applies to a project: the nearest at or above its folder, up to the
 * repository root (the folder holding `.git`). Outside a repository, only the project's own.
 */
export function findConfigFile(directory: string): string | undefined {
  return configCandidates(directory).find((candidate) => fs.existsSync(candidate));
}

/** Where a project's `hotpath.json` may be, nearest first (see `findConfigFile`). */
export function configCandidates(directory: string): string[] {
  const candidates: string[] = [];
  for (let current = path.resolve(directory); ; current = path.dirname(current)) {
    candidates.push(path.join(current, CONFIG_FILE_NAME));
    if (fs.existsSync(path.join(current, '.git')) || path.dirname(current) === current || !insideRepository(current)) return candidates;
  }
}

/** True when a folder above `directory` holds `.git`. */
function insideRepository(directory: string): boolean {
  for (let current = path.dirname(directory); ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, '.git'))) return true;
    if (path.dirname(current) === current) return false;
  }
}

/** Reads and validates a config file and those it extends. Never evaluates anything: the files are JSON with comments. */
export function loadConfig(file: string, rules: readonly RuleMeta[], extending: readonly string[] = [], start = defaultConfig(path.dirname(file), rules)): ResolvedConfig {
  try {
    return readConfig(file, rules, extending, start);
  } catch (error) {
    if (error instanceof ConfigError) error.files.push(file);
    throw error;
  }
}

function readConfig(file: string, rules: readonly RuleMeta[], extending: readonly string[], start: ResolvedConfig): ResolvedConfig {
  let text: string;
  try {
    // Editors on Windows save a byte order mark, which JSON parsers reject.
    text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError(extending.length ? `${extending.at(-1)}: "extends" names ${file}, which cannot be read (${reason})` : `${file}: cannot be read (${reason})`);
  }
  return parseConfig(text, file, rules, extending, start);
}

/** The file an `extends` entry names: a path relative to the extending file, or a package's hotpath.json (or a JSON file in it). */
function extendedFile(entry: string, from: string): string {
  if (entry.startsWith('.') || path.isAbsolute(entry)) return path.resolve(path.dirname(from), entry);
  const request = entry.endsWith('.json') ? entry : `${entry}/${CONFIG_FILE_NAME}`;
  try {
    return createRequire(from).resolve(request);
  } catch {
    throw new ConfigError(`${from}: "extends" names ${entry}, but ${request} is not installed (looked in node_modules from ${path.dirname(from)})`);
  }
}

/**
 * The settings a file starts from: `start` (the defaults, or what the configs before it in an
 * `extends` list set), with the configs it extends applied in order.
 */
function inherited(raw: Record<string, unknown>, file: string, rules: readonly RuleMeta[], extending: readonly string[], start: ResolvedConfig): ResolvedConfig {
  const value = raw['extends'];
  if (value === undefined) return start;
  const entries = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(entries) || !entries.every((entry) => typeof entry === 'string' && entry !== '')) throw new ConfigError(`${file}: "extends" must be a path or package name, or an array of them`);
  let result = start;
  for (const entry of entries as string[]) {
    const base = extendedFile(entry, file);
    const chain = [...extending, file];
    if (chain.includes(base)) throw new ConfigError(`${file}: "extends" makes a cycle: ${[...chain.slice(chain.indexOf(base)), base].join(' → ')}`);
    result = loadConfig(base, rules, chain, result);
  }
  return result;
}

/** A config's text over `start` (by default the rules' defaults); `extending` is the chain of files that led here. */
export function parseConfig(text: string, file: string, rules: readonly RuleMeta[], extending: readonly string[] = [], start = defaultConfig(path.dirname(file), rules)): ResolvedConfig {
  const errors: ParseError[] = [];
  const raw: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const firstError = errors[0];
  if (firstError) {
    const { line, column } = lineAndColumn(text, firstError.offset);
    throw new ConfigError(`${file}:${line}:${column}: invalid JSON (${printParseErrorCode(firstError.error)})`);
  }
  if (!isPlainObject(raw)) throw new ConfigError(`${file}: must contain a JSON object`);
  for (const key of Object.keys(raw)) {
    if (!TOP_LEVEL_KEYS.has(key)) throw new ConfigError(`${file}: unknown key "${key}" (known keys: ${[...TOP_LEVEL_KEYS].join(', ')})`);
  }
  const base = inherited(raw, file, rules, extending, start);
  // Globs add to those inherited: an extended config's are relative to the file that extends it.
  const [ignore, browser, server] = (['ignore', 'browser', 'server'] as const).map((key) => {
    const globs = raw[key] ?? [];
    if (!Array.isArray(globs) || !globs.every((item) => typeof item === 'string')) throw new ConfigError(`${file}: "${key}" must be an array of glob strings`);
    return [...base[key], ...(globs as string[])];
  }) as [string[], string[], string[]];
  const [tests, scripts] = (['tests', 'scripts'] as const).map((key) => {
    const value = raw[key] ?? base[key];
    if (typeof value !== 'boolean') throw new ConfigError(`${file}: "${key}" must be true or false, got ${JSON.stringify(value)}`);
    return value;
  }) as [boolean, boolean];
  const settings = new Map(base.rules);
  const rulesValue = raw['rules'] ?? {};
  if (!isPlainObject(rulesValue)) throw new ConfigError(`${file}: "rules" must be an object mapping rule ids to settings`);
  const metas = new Map(rules.map((meta) => [meta.id, meta]));
  for (const [ruleId, value] of Object.entries(rulesValue)) {
    const meta = metas.get(ruleId);
    if (!meta) throw new ConfigError(`${file}: unknown rule "rules.${ruleId}" (known rules: ${[...metas.keys()].join(', ')})`);
    settings.set(ruleId, parseRuleSetting(value, meta, `${file}: "rules.${ruleId}"`));
  }
  const sql = raw['sql'] === undefined ? base.sql : parseSqlSettings(raw['sql'], file);
  const folder = path.dirname(file);
  return { file, root: folder, globRoot: folder, files: [...base.files, file], rules: settings, ignore, tests, scripts, browser, server, ...(sql ? { sql } : {}) };
}

/** `"sql": { "schema": ["db/**\/*.sql"], "explain": true }`. */
function parseSqlSettings(value: unknown, file: string): SqlSettings {
  if (!isPlainObject(value)) throw new ConfigError(`${file}: "sql" must be an object with "schema" and "explain"`);
  for (const key of Object.keys(value)) {
    if (!SQL_KEYS.includes(key)) throw new ConfigError(`${file}: unknown key "sql.${key}" (known keys: ${SQL_KEYS.join(', ')})`);
  }
  const schema = value['schema'];
  if (schema !== undefined && (!Array.isArray(schema) || !schema.every((item) => typeof item === 'string'))) {
    throw new ConfigError(`${file}: "sql.schema" must be an array of glob strings, got ${JSON.stringify(schema)}`);
  }
  const explain = value['explain'] ?? false;
  if (typeof explain !== 'boolean') throw new ConfigError(`${file}: "sql.explain" must be true or false, got ${JSON.stringify(explain)}`);
  return { ...(schema ? { schema } : {}), explain };
}

/** `"warning"`, `["warning", { "kinds": ["db"] }]` or `{ "severity": "warning", "options": {…} }`. */
function parseRuleSetting(value: unknown, meta: RuleMeta, where: string): RuleSettings {
  let severity: unknown;
  let options: unknown = {};
  if (typeof value === 'string') severity = value;
  else if (Array.isArray(value) && value.length >= 1 && value.length <= 2) [severity, options = {}] = value;
  else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) if (key !== 'severity' && key !== 'options') throw new ConfigError(`${where}: unknown key "${key}" (expected "severity" and "options")`);
    severity = value['severity'] ?? meta.defaultSeverity;
    options = value['options'] ?? {};
  } else {
    throw new ConfigError(`${where} must be a severity ("off", "info", "warning", "error"), [severity, options] or { "severity", "options" }`);
  }
  if (typeof severity !== 'string' || !SEVERITIES.includes(severity as SeveritySetting)) {
    throw new ConfigError(`${where}: severity must be one of ${SEVERITIES.map((s) => `"${s}"`).join(', ')}, got ${JSON.stringify(severity)}`);
  }
  if (!isPlainObject(options)) throw new ConfigError(`${where}: options must be an object`);
  const resolved: Record<string, OptionValue> = defaultsOf(meta);
  for (const [name, optionValue] of Object.entries(options)) {
    const spec = meta.options[name];
    if (!spec) {
      const known = Object.keys(meta.options);
      throw new ConfigError(`${where}: unknown option "${name}"${known.length ? ` (known options: ${known.join(', ')})` : ' (this rule has no options)'}`);
    }
    const problem = spec.validate(optionValue);
    if (problem) throw new ConfigError(`${where}: option "${name}" ${problem}, got ${JSON.stringify(optionValue)}`);
    resolved[name] = optionValue as OptionValue;
  }
  return { severity: severity as Severity, options: resolved };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
