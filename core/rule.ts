import type ts from 'typescript';
import type { ResolvedConfig } from './config';
import { IO_KINDS, REMOTE_KINDS, type IoKind } from './io-model';
import type { Fix, Severity, Span } from './findings';
import type { IoIndex, IoSite } from './io-sites';

export type OptionValue = number | string | boolean | readonly string[];

/** A rule option: its default and a check that names what is wrong with a bad value. */
export interface OptionSpec {
  readonly default: OptionValue;
  readonly description: string;
  /** Returns an error message for a bad value, undefined when it is acceptable. */
  readonly validate: (value: unknown) => string | undefined;
}

export interface RuleMeta {
  readonly id: string;
  readonly summary: string;
  readonly defaultSeverity: Severity;
  readonly fixable?: 'safe' | 'unsafe';
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Its cost holds on a server only (a database pool, a request held up): not run on browser code. */
  readonly serverOnly?: true;
}

export interface Report<State> {
  readonly node: ts.Node | ts.TextRange;
  readonly state: State;
  readonly related?: readonly { readonly node: ts.Node | ts.TextRange; readonly message: string }[];
}

/** What a rule sees of the whole project, for the lifetime of one program. */
export interface ProjectContext {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly io: IoIndex;
  readonly config: ResolvedConfig;
  readonly options: Readonly<Record<string, OptionValue>>;
  /** A value computed once per analyzer (program) and rule, e.g. an index of the program's declarations. */
  shared<T>(key: string, compute: () => T): T;
  /**
   * A value derived only from the config and files outside the program (a database schema from
   * migrations): an editor keeps it across programs, for every keystroke, until those files change.
   */
  fromDisk<T>(key: string, compute: () => T): T;
}

export interface RuleContext<State> extends ProjectContext {
  readonly sourceFile: ts.SourceFile;
  report(report: Report<State>): void;
}

/** A finding about a file outside the program (a migration that does not parse). */
export interface ProjectReport<State> {
  readonly span: Span;
  readonly state: State;
}

/** Called by the engine's single traversal of a file. */
export interface RuleVisitor {
  /** Every expression that performs I/O, in source order. */
  readonly ioSite?: (site: IoSite) => void;
  /** Nodes by kind. */
  readonly nodes?: Partial<Record<ts.SyntaxKind, (node: ts.Node) => void>>;
  /** After the whole file was visited. */
  readonly done?: () => void;
}

export interface FixContext {
  readonly sourceFile: ts.SourceFile;
  readonly checker: ts.TypeChecker;
  readonly options: Readonly<Record<string, OptionValue>>;
}

/**
 * A rule: detection (`create` → reports of plain state), description (`describe`, the message),
 * and fixing (`fix`, built only when asked) are separate steps.
 */
export interface Rule<State = unknown> {
  readonly meta: RuleMeta;
  create(context: RuleContext<State>): RuleVisitor;
  describe(state: State): string;
  fix?(state: State, context: FixContext): Fix | undefined;
  /** Findings that belong to no TypeScript file (config or schema files); run once per analyzer. */
  checkProject?(context: ProjectContext): readonly ProjectReport<State>[];
}

/** Declares a rule with its state type checked, and erases it for the registry. */
export function defineRule<State>(rule: Rule<State>): Rule<unknown> {
  return rule as Rule<unknown>;
}

/** A node's span in its own file (related information may point into another file); a bare range is in `sourceFile`. */
export function spanOf(node: ts.Node | ts.TextRange, sourceFile: ts.SourceFile): Span {
  if (!isNode(node)) return { file: sourceFile.fileName, start: node.pos, end: node.end };
  const file = node.getSourceFile();
  return { file: file.fileName, start: node.getStart(file), end: node.end };
}

function isNode(node: ts.Node | ts.TextRange): node is ts.Node {
  return 'kind' in node;
}

export const optionValidators = {
  positiveInteger: (value: unknown): string | undefined => (Number.isInteger(value) && (value as number) > 0 ? undefined : 'must be a positive integer'),
  stringArrayOf:
    (allowed: readonly string[]) =>
    (value: unknown): string | undefined =>
      Array.isArray(value) && value.every((item) => typeof item === 'string' && allowed.includes(item))
        ? undefined
        : `must be an array of ${allowed.map((item) => JSON.stringify(item)).join(', ')}`,
};

/** The `kinds` option every I/O rule takes: which kinds of I/O it looks at. */
export const KINDS_OPTION: OptionSpec = {
  default: REMOTE_KINDS,
  description: `Kinds of I/O to consider: ${IO_KINDS.map((kind) => `"${kind}"`).join(', ')}.`,
  validate: optionValidators.stringArrayOf(IO_KINDS),
};

export function kindsOption(options: Readonly<Record<string, OptionValue>>): ReadonlySet<IoKind> {
  return new Set(options['kinds'] as readonly IoKind[]);
}
