import ts from 'typescript';
import { IO_MODEL, type LibraryModel } from '../io-model';
import type { IoIndex, IoSite } from '../io-sites';
import type { Range } from './query';

/** SQL text found in the code, with a map from each of its characters back to the file. */
export interface SqlText {
  /** The statement as the database receives it, interpolations and `?` written as `$n`. */
  readonly text: string;
  readonly toFile: (offset: number) => number;
  /** Where `$n` stands for an interpolation or `?`: a parse error there may be a fragment, not a value. */
  readonly placeholders: readonly Range[];
  readonly dialect: 'postgres' | 'mysql';
  /** The expression the text came from. */
  readonly node: ts.Node;
}

type SqlModel = NonNullable<LibraryModel['sql']>;

const SQL_LIBRARIES = new Map(IO_MODEL.filter((model) => model.sql).map((model) => [model.name, model]));

/** The SQL text a library call sends, when the code spells it out (literals, templates, constants of the file). */
export function sqlTextOf(site: IoSite, io: IoIndex): SqlText | undefined {
  if (site.through) return undefined;
  const trace = site.traces[0];
  const model = trace && SQL_LIBRARIES.get(trace.io.library);
  if (!trace || !model?.sql) return undefined;
  const source = sqlArgument(site.node, trace.io.member, model, io);
  if (!source) return undefined;
  return buildText(source.expression, source.tagged, model.sql, io.checker);
}

/** The expression holding the SQL: the first argument of a member decided `sql`, a tagged template, or a builder's argument in an awaited chain. */
function sqlArgument(node: ts.Expression, member: string, model: LibraryModel, io: IoIndex): { expression: ts.Expression; tagged: boolean } | undefined {
  const takesSql = model.members.some((group) => group.decided?.[member] === 'sql' || group.decided?.[member] === 'sql-execute');
  if (takesSql && ts.isTaggedTemplateExpression(node)) return { expression: node.template, tagged: true };
  if (takesSql && ts.isCallExpression(node)) {
    // Kysely: sql`…`.execute(db) runs the template it is called on.
    const receiver = ts.isPropertyAccessExpression(node.expression) ? node.expression.expression : undefined;
    if (receiver && ts.isTaggedTemplateExpression(receiver)) return { expression: receiver.template, tagged: true };
    const first = node.arguments[0];
    return first ? { expression: first, tagged: false } : undefined;
  }
  const builders = model.sql?.builders ?? [];
  for (let current: ts.Expression = node; ts.isCallExpression(current) || ts.isPropertyAccessExpression(current); current = current.expression) {
    if (!ts.isCallExpression(current)) continue;
    const declaration = io.classifier.resolvedDeclaration(current);
    const origin = declaration && io.classifier.origins.originOf(declaration);
    const first = current.arguments[0];
    if (origin && first && builders.includes(origin.path.join('.'))) return { expression: first, tagged: false };
  }
  return undefined;
}

class TextBuilder {
  text = '';
  readonly offsets: number[] = [];
  readonly placeholders: Range[] = [];
  private next: number;

  /** `existing`: the highest `$n` the text already has; interpolations are numbered after it. */
  constructor(existing: number) {
    this.next = existing + 1;
  }

  /** Source text whose characters map one to one (after unescaping) to file offsets. */
  source(cooked: string, offsets: readonly number[]): void {
    this.text += cooked;
    this.offsets.push(...offsets);
  }

  /** A `$n` placeholder standing for the code at `range`. */
  placeholder(range: Range): void {
    const text = `$${this.next++}`;
    this.placeholders.push({ start: this.text.length, end: this.text.length + text.length });
    this.text += text;
    for (let index = 0; index < text.length; index += 1) this.offsets.push(index === 0 ? range.start : range.end);
  }
}

function buildText(expression: ts.Expression, tagged: boolean, model: SqlModel, checker: ts.TypeChecker): SqlText | undefined {
  const builder = new TextBuilder(highestPlaceholder(expression));
  if (!append(builder, expression, tagged, checker, 0)) return undefined;
  let text = builder.text;
  let offsets: readonly number[] = builder.offsets;
  let placeholders: readonly Range[] = builder.placeholders;
  if (model.placeholders === '?') ({ text, offsets, placeholders } = numberQuestionMarks(text, offsets, placeholders));
  // MySQL quotes identifiers with backticks; PostgreSQL's grammar reads the same text with double quotes.
  if (model.dialect === 'mysql') text = text.replace(/`/g, '"');
  const end = expression.getEnd();
  return { text, toFile: (offset) => offsets[offset] ?? end, placeholders, dialect: model.dialect, node: expression };
}

/** Appends an expression's SQL; false when part of it is not known text and not a value either. */
function append(builder: TextBuilder, node: ts.Expression, tagged: boolean, checker: ts.TypeChecker, depth: number): boolean {
  if (depth > 8) return false;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) return append(builder, node.expression, tagged, checker, depth);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    appendLiteral(builder, node, node.getStart() + 1);
    return true;
  }
  if (ts.isTemplateExpression(node)) {
    appendLiteral(builder, node.head, node.head.getStart() + 1);
    for (const span of node.templateSpans) {
      // A tagged template sends interpolations as parameters; a plain one pastes them into the text.
      if (tagged || !append(builder, span.expression, false, checker, depth + 1)) builder.placeholder({ start: span.expression.getStart(), end: span.expression.getEnd() });
      appendLiteral(builder, span.literal, span.literal.getStart() + 1);
    }
    return true;
  }
  if (ts.isTaggedTemplateExpression(node)) return append(builder, node.template, true, checker, depth + 1);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return append(builder, node.left, tagged, checker, depth + 1) && append(builder, node.right, tagged, checker, depth + 1);
  }
  if (ts.isObjectLiteralExpression(node)) {
    const text = node.properties.find((property): property is ts.PropertyAssignment => ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === 'text');
    return text !== undefined && append(builder, text.initializer, tagged, checker, depth + 1);
  }
  if (ts.isIdentifier(node)) {
    const initializer = constantInitializer(node, checker);
    return initializer !== undefined && append(builder, initializer, tagged, checker, depth + 1);
  }
  return false;
}

/** `const QUERY = '…'` declared in the same file: its text is known. */
function constantInitializer(identifier: ts.Identifier, checker: ts.TypeChecker): ts.Expression | undefined {
  const declaration = checker.getSymbolAtLocation(identifier)?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  if (declaration.getSourceFile() !== identifier.getSourceFile()) return undefined;
  const list = declaration.parent;
  if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const)) return undefined;
  return declaration.initializer;
}

function appendLiteral(builder: TextBuilder, literal: ts.LiteralLikeNode, contentStart: number): void {
  const raw = ts.isStringLiteral(literal) ? literal.getText().slice(1, -1) : rawTemplateText(literal);
  const { cooked, offsets } = unescape(raw, contentStart);
  builder.source(cooked, offsets);
}

/** The raw characters of a template part between its delimiters (`` ` ``/`}` and `` ` ``/`${`). */
function rawTemplateText(literal: ts.LiteralLikeNode): string {
  const text = literal.getText();
  const tail = text.endsWith('${') ? 2 : 1;
  return text.slice(1, text.length - tail);
}

/** Unescapes a string or template body and maps each resulting character to its file offset. */
function unescape(raw: string, start: number): { cooked: string; offsets: number[] } {
  let cooked = '';
  const offsets: number[] = [];
  for (let index = 0; index < raw.length; ) {
    const char = raw[index]!;
    if (char !== '\\') {
      cooked += char;
      offsets.push(start + index);
      index += 1;
      continue;
    }
    const match = /^\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r?\n|.)/s.exec(raw.slice(index));
    const escape = match?.[1] ?? '';
    const value = escape.startsWith('u{') ? String.fromCodePoint(parseInt(escape.slice(2, -1), 16)) : escape.startsWith('u') || escape.startsWith('x') ? String.fromCharCode(parseInt(escape.slice(1), 16)) : /^\r?\n$/.test(escape) ? '' : (ESCAPES[escape] ?? escape);
    for (const unit of value) {
      cooked += unit;
      offsets.push(start + index);
    }
    index += 1 + escape.length;
  }
  return { cooked, offsets };
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** The highest `$n` already in the literal text, so interpolations get numbers after it. */
function highestPlaceholder(node: ts.Node): number {
  let highest = 0;
  for (const match of node.getText().matchAll(/\$(\d+)/g)) highest = Math.max(highest, Number(match[1]));
  return highest;
}

/** `?` placeholders (mysql2, knex) become `$n` outside strings and quoted identifiers; knex's `??` (an identifier) too. */
function numberQuestionMarks(text: string, offsets: readonly number[], placeholders: readonly Range[]): { text: string; offsets: number[]; placeholders: Range[] } {
  let result = '';
  const mapped: number[] = [];
  const moved: Range[] = [];
  let next = Math.max(0, ...[...text.matchAll(/\$(\d+)/g)].map((match) => Number(match[1]))) + 1;
  let quote: string | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    const at = offsets[index] ?? 0;
    const earlier = placeholders.find((range) => range.start === index);
    if (earlier) moved.push({ start: result.length, end: result.length + (earlier.end - earlier.start) });
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"' || char === '`') {
      quote = char;
    } else if (char === '?') {
      const placeholder = `$${next++}`;
      moved.push({ start: result.length, end: result.length + placeholder.length });
      result += placeholder;
      for (let unit = 0; unit < placeholder.length; unit += 1) mapped.push(at);
      if (text[index + 1] === '?') index += 1;
      continue;
    }
    result += char;
    mapped.push(at);
  }
  return { text: result, offsets: mapped, placeholders: moved };
}
