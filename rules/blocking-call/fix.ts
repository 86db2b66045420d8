import ts from 'typescript';
import type { Fix } from '../../core/findings';
import type { FixContext } from '../../core/rule';
import type { BlockingCallState } from './rule';

/**
 * `fs.readFileSync(path, …)` → `await fs.promises.readFile(path, …)`, only where that is the same
 * value a line later: directly inside an async function (not in a callback), on a receiver whose
 * type has `promises` (the module itself), with a path (not a file descriptor) as the first argument,
 * and where the call's value is taken whole (a declaration, an argument, a return, an assignment), so
 * `await` needs no parentheses. Unsafe: the function now yields there, and other work may run between.
 */
export function buildPromisesFix(state: BlockingCallState, context: FixContext): Fix | undefined {
  const { call } = state;
  const callee = call.expression;
  if (state.library !== 'fs' || state.member !== 'readFileSync' || !ts.isPropertyAccessExpression(callee)) return undefined;
  const fn = ts.findAncestor(call.parent, ts.isFunctionLike);
  if (!fn || !(ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async)) return undefined;
  if (!context.checker.getTypeAtLocation(callee.expression).getProperty('promises')) return undefined;
  const first = call.arguments[0];
  if (!first || !(context.checker.getTypeAtLocation(first).flags & ts.TypeFlags.StringLike)) return undefined;
  if (!takesValueWhole(call)) return undefined;
  const start = call.getStart(context.sourceFile);
  return {
    title: 'Read with `await fs.promises.readFile`',
    safety: 'unsafe',
    edits: [{ file: context.sourceFile.fileName, start, end: callee.name.getEnd(), newText: `await ${callee.expression.getText(context.sourceFile)}.promises.readFile` }],
  };
}

function takesValueWhole(call: ts.CallExpression): boolean {
  const parent = call.parent;
  if (ts.isVariableDeclaration(parent) || ts.isReturnStatement(parent) || ts.isExpressionStatement(parent)) return true;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(call)) return true;
  return ts.isBinaryExpression(parent) && parent.right === call && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}
