import ts from 'typescript';
import type { Fix } from '../../core/findings';
import type { TimeoutModel } from '../../core/io-model';
import type { FixContext } from '../../core/rule';
import { appendableOptionsIndex, optionsArguments, propertyName, skipOuter } from './bounds';

/**
 * Adds the library's bound (`signal: AbortSignal.timeout(10_000)`, `timeout: 10_000`,
 * `statement_timeout: 10_000`) to a call or constructor: into its options object literal, or as a
 * new last argument when the call has no options and some overload takes them right there.
 * Anything else (options in a variable, an option already present but unset) gets no fix.
 */
export function buildTimeoutFix(target: ts.CallExpression | ts.NewExpression, timeout: TimeoutModel, milliseconds: number, context: FixContext): Fix | undefined {
  if (!timeout.fix || !target.arguments) return undefined;
  const property = timeout.fix.replace('{ms}', formatMilliseconds(milliseconds));
  // Only where the options type takes this very option: an undici `Agent` has no `signal`.
  const added = [timeout.fix.slice(0, timeout.fix.indexOf(':')).trim()];
  const file = target.getSourceFile();
  const title = `Add \`${property}\``;
  // A URL or connection string in an options position (`fetch(url)`, `new Client(url)`) is not an options object.
  const options = optionsArguments(target, added, context.checker).filter((argument) => !(context.checker.getTypeAtLocation(argument).flags & ts.TypeFlags.StringLike));
  if (options.length === 1) {
    const literal = skipOuter(options[0]!);
    if (!ts.isObjectLiteralExpression(literal) || literal.properties.some((element) => timeout.options.includes(propertyName(element) ?? ''))) return undefined;
    return { title, safety: 'safe', edits: [{ file: file.fileName, ...insertProperty(literal, property, file) }] };
  }
  if (options.length > 0 || appendableOptionsIndex(target, added, context.checker) === undefined) return undefined;
  const last = target.arguments[target.arguments.length - 1];
  const position = last ? last.getEnd() : target.arguments.pos;
  return { title, safety: 'safe', edits: [{ file: file.fileName, start: position, end: position, newText: `${last ? ', ' : ''}{ ${property} }` }] };
}

/** `10000` → `10_000`: digits grouped by thousands, as the option is usually written. */
export function formatMilliseconds(milliseconds: number): string {
  return String(milliseconds).replace(/\B(?=(\d{3})+$)/g, '_');
}

/** `{}` → `{ p }`; `{ a }` → `{ a, p }`; one property a line → a new line, matching its indentation. */
function insertProperty(literal: ts.ObjectLiteralExpression, property: string, file: ts.SourceFile): { start: number; end: number; newText: string } {
  const last = literal.properties[literal.properties.length - 1];
  if (!last) {
    const open = literal.getStart(file) + 1;
    return { start: open, end: literal.getEnd() - 1, newText: ` ${property} ` };
  }
  const end = last.getEnd();
  const lastLine = file.getLineAndCharacterOfPosition(last.getStart(file)).line;
  const openLine = file.getLineAndCharacterOfPosition(literal.getStart(file)).line;
  if (lastLine === openLine) return { start: end, end, newText: `, ${property}` };
  const lineStart = file.getPositionOfLineAndCharacter(lastLine, 0);
  const indent = /^[ \t]*/.exec(file.text.slice(lineStart, last.getStart(file)))?.[0] ?? '';
  return { start: end, end, newText: `,\n${indent}${property}` };
}
