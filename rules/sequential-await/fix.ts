import ts from 'typescript';
import type { Fix } from '../../core/findings';
import { indentationAt } from '../../core/edits';
import type { FixContext } from '../../core/rule';
import { walkTree } from '../../core/walk';
import type { AwaitedRead } from './rule';

const MAX_LINE = 100;

/**
 * `const a = await f(); const b = await g();` → `const [a, b] = await Promise.all([f(), g()]);`.
 * Offered only for adjacent declarations of one kind (or bare awaits); safe when the calls'
 * arguments are plain values, so starting `g()` earlier cannot change what it receives.
 */
export function buildPromiseAllFix(reads: readonly AwaitedRead[], context: FixContext): Fix | undefined {
  const { sourceFile, checker } = context;
  const statements = reads.map((read) => read.statement);
  if (!areAdjacent(statements)) return undefined;
  const declarationKind = commonDeclarationKind(statements);
  if (declarationKind === null) return undefined;
  const names = statements.map((statement) => (ts.isVariableStatement(statement) ? statement.declarationList.declarations[0]!.name.getText(sourceFile) : ''));
  const operands = reads.map((read) => read.awaitExpression.expression.getText(sourceFile));
  const annotated = statements.some((statement) => ts.isVariableStatement(statement) && statement.declarationList.declarations[0]!.type);
  const annotation = annotated ? `: [${reads.map((read) => typeOf(read, checker, sourceFile)).join(', ')}]` : '';

  const first = statements[0]!;
  const last = statements[statements.length - 1]!;
  const indent = indentationAt(sourceFile, first.getStart(sourceFile));
  const head = declarationKind ? `${declarationKind} [${names.join(', ')}]${annotation} = ` : '';
  const oneLine = `${head}await Promise.all([${operands.join(', ')}]);`;
  const text =
    indent.length + oneLine.length <= MAX_LINE && !operands.some((operand) => operand.includes('\n'))
      ? oneLine
      : `${head}await Promise.all([\n${operands.map((operand) => `${indent}  ${reindent(operand, indent + '  ')},`).join('\n')}\n${indent}]);`;
  const safe = reads.every((read) => isPlainCall(read.awaitExpression.expression));
  const start = first.getStart(sourceFile);
  const end = last.getEnd();
  // The statements' own comments (`// the user`, at the end of each line) stay, above the one that replaces them.
  const comments = commentsOutside(statements, reads.map((read) => read.awaitExpression.expression), start, end, sourceFile);
  return {
    title: `Run the ${reads.length} reads together with Promise.all`,
    safety: safe ? 'safe' : 'unsafe',
    edits: [{ file: sourceFile.fileName, start, end, newText: comments.map((comment) => `${comment}\n${indent}`).join('') + text }],
  };
}

/** The comments in [start, end) that are not inside one of `kept` (whose text the fix copies whole), in order. */
function commentsOutside(statements: readonly ts.Statement[], kept: readonly ts.Node[], start: number, end: number, sourceFile: ts.SourceFile): string[] {
  const text = sourceFile.text;
  const ranges = new Map<number, ts.CommentRange>();
  const add = (found: readonly ts.CommentRange[] | undefined): void => {
    for (const range of found ?? []) {
      const inKept = kept.some((node) => node.getStart(sourceFile) <= range.pos && range.end <= node.end);
      if (range.pos >= start && range.end <= end && !inKept) ranges.set(range.pos, range);
    }
  };
  for (const statement of statements) {
    walkTree(statement, (node) => {
      add(ts.getLeadingCommentRanges(text, node.pos));
      add(ts.getTrailingCommentRanges(text, node.end));
      return !kept.includes(node);
    });
  }
  return [...ranges.values()].sort((a, b) => a.pos - b.pos).map((range) => text.slice(range.pos, range.end));
}

function areAdjacent(statements: readonly ts.Statement[]): boolean {
  const parent = statements[0]?.parent;
  if (!parent || !('statements' in parent)) return false;
  const siblings = (parent as ts.Block).statements;
  const index = siblings.indexOf(statements[0]!);
  return statements.every((statement, offset) => siblings[index + offset] === statement);
}

/** `const`/`let` shared by every statement, `''` when all are bare awaits, null when they mix. */
function commonDeclarationKind(statements: readonly ts.Statement[]): string | null {
  const kinds = new Set(
    statements.map((statement) => {
      if (ts.isExpressionStatement(statement)) return ts.isAwaitExpression(statement.expression) ? 'bare' : 'assignment';
      if (!ts.isVariableStatement(statement)) return 'other';
      const flags = statement.declarationList.flags;
      return flags & ts.NodeFlags.Const ? 'const' : flags & ts.NodeFlags.Let ? 'let' : 'var';
    }),
  );
  kinds.delete('bare');
  if (kinds.size === 0) return '';
  if (kinds.size > 1) return null;
  const [kind] = kinds;
  return kind === 'const' || kind === 'let' ? kind : null;
}

function typeOf(read: AwaitedRead, checker: ts.TypeChecker, sourceFile: ts.SourceFile): string {
  const statement = read.statement;
  const declared = ts.isVariableStatement(statement) ? statement.declarationList.declarations[0]!.type : undefined;
  if (declared) return declared.getText(sourceFile);
  const type = checker.getTypeAtLocation(read.awaitExpression);
  return checker.typeToString(type, read.statement, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseFullyQualifiedType);
}

/** A call whose callee and arguments are plain values: evaluating it earlier changes nothing. */
function isPlainCall(expression: ts.Expression): boolean {
  let current = expression;
  while (ts.isCallExpression(current) || ts.isPropertyAccessExpression(current) || ts.isNonNullExpression(current)) {
    if (ts.isCallExpression(current) && !current.arguments.every(isPlainValue)) return false;
    current = current.expression;
  }
  if (ts.isTaggedTemplateExpression(current)) return ts.isNoSubstitutionTemplateLiteral(current.template) || current.template.templateSpans.every((span) => isPlainValue(span.expression));
  return ts.isIdentifier(current) || current.kind === ts.SyntaxKind.ThisKeyword;
}

function isPlainValue(node: ts.Node): boolean {
  if (ts.isIdentifier(node) || ts.isLiteralExpression(node) || ts.isNoSubstitutionTemplateLiteral(node)) return true;
  switch (node.kind) {
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
    case ts.SyntaxKind.ThisKeyword:
      return true;
  }
  if (ts.isPropertyAccessExpression(node)) return isPlainValue(node.expression);
  if (ts.isObjectLiteralExpression(node)) return node.properties.every((property) => (ts.isPropertyAssignment(property) ? isPlainValue(property.initializer) : ts.isShorthandPropertyAssignment(property)));
  if (ts.isArrayLiteralExpression(node)) return node.elements.every(isPlainValue);
  if (ts.isTemplateExpression(node)) return node.templateSpans.every((span) => isPlainValue(span.expression));
  if (ts.isAsExpression(node) || ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node)) return isPlainValue(node.expression);
  if (ts.isPrefixUnaryExpression(node)) return isPlainValue(node.operand);
  return false;
}

/** Re-indents the continuation lines of a multi-line expression under a new base indentation. */
function reindent(text: string, indent: string): string {
  const lines = text.split('\n');
  if (lines.length === 1) return text;
  const rest = lines.slice(1);
  const common = Math.min(...rest.filter((line) => line.trim()).map((line) => /^[ \t]*/.exec(line)![0].length));
  return [lines[0], ...rest.map((line) => indent + line.slice(Number.isFinite(common) ? Math.max(0, common - 2) : 0))].join('\n');
}
