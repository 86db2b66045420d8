import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { Fix, TextEdit } from '../../core/findings';
import { someNode } from '../../core/dataflow';
import { isFunctionLike } from '../../core/io-sites';
import { walkTree } from '../../core/walk';
import { indentationAt } from '../../core/edits';
import type { FixContext } from '../../core/rule';
import type { UnboundedConcurrencyState } from './rule';

const P_MAP = 'p-map';

/** The parts of a fan-out the fix rewrites: `Promise.all(items.map(callback))` or `items.forEach(callback)`. */
interface Rewritable {
  readonly items: ts.Expression;
  readonly callback: ts.Expression;
  /** How many parameters the callback reads: an index changes meaning once the collection is chunked. */
  readonly parameters: number;
}

/**
 * Bounds a fan-out: `Promise.all(items.map(fn))` → `pMap(items, fn, { concurrency })` when the
 * project depends on p-map, otherwise a loop over chunks that awaits each chunk. Unsafe: calls
 * that ran together now wait their turn, and a rewritten `forEach` now waits for its callbacks.
 */
export function buildBoundedFanOutFix(state: UnboundedConcurrencyState, context: FixContext): Fix | undefined {
  const target = rewritable(state, context.checker);
  if (!target) return undefined;
  if (dependsOn(state.projectRoot, P_MAP)) {
    const fix = pMapFix(state, target, context);
    if (fix) return fix;
  }
  return chunkFix(state, target, context);
}

function rewritable(state: UnboundedConcurrencyState, checker: ts.TypeChecker): Rewritable | undefined {
  const iterationCall = state.start === 'forEach' ? state.call : state.start === 'all' || state.start === 'allSettled' ? state.mapCall : undefined;
  if (!iterationCall || !ts.isPropertyAccessExpression(iterationCall.expression) || iterationCall.arguments.length !== 1) return undefined;
  if (iterationCall.expression.name.text === 'flatMap') return undefined;
  const items = iterationCall.expression.expression;
  const callback = iterationCall.arguments[0]!;
  if (!checker.isArrayType(checker.getTypeAtLocation(items))) return undefined;
  const parameters = parameterCount(callback, checker);
  return parameters === undefined ? undefined : { items, callback, parameters };
}

/** The most parameters the callback declares; undefined with a rest parameter (it may read them all). */
function parameterCount(callback: ts.Expression, checker: ts.TypeChecker): number | undefined {
  const signatures = checker.getSignaturesOfType(checker.getTypeAtLocation(callback), ts.SignatureKind.Call);
  if (signatures.length === 0 || signatures.some((signature) => signature.declaration && ts.hasRestParameter(signature.declaration))) return undefined;
  return Math.max(...signatures.map((signature) => signature.parameters.length));
}

/** `pMap(items, callback, { concurrency: 8 })`: p-map gives the callback the element and its index, as `map` does. */
function pMapFix(state: UnboundedConcurrencyState, target: Rewritable, context: FixContext): Fix | undefined {
  const { sourceFile, checker } = context;
  if (target.parameters > 2 || state.start === 'allSettled') return undefined;
  // pMap's expected return type (a result or its skip/stop symbols) would become the type those calls return.
  if (isValueUsed(state.call) && returnsContextuallyTypedCall(target.callback, checker)) return undefined;
  const imported = defaultImportOf(sourceFile, P_MAP);
  const name = imported ?? 'pMap';
  if (!imported && checker.resolveName(name, state.call, ts.SymbolFlags.Value, false)) return undefined;
  const indent = indentationAt(sourceFile, state.call.getStart(sourceFile));
  const call = `${name}(${reindented(target.items, sourceFile, indent)}, ${reindented(target.callback, sourceFile, indent)}, { concurrency: ${state.concurrency} })`;
  let replaced: { node: ts.Node; text: string } = { node: state.call, text: call };
  if (state.start === 'forEach') {
    const statement = state.call.parent;
    if (!ts.isExpressionStatement(statement) || !inAsyncFunction(statement) || !returnsPromise(target.callback, checker)) return undefined;
    replaced = { node: statement, text: `await ${call};` };
  }
  const edits: TextEdit[] = [{ file: sourceFile.fileName, start: replaced.node.getStart(sourceFile), end: replaced.node.getEnd(), newText: replaced.text }];
  if (!imported) edits.unshift(importEdit(sourceFile, `import ${name} from '${P_MAP}';`));
  return { title: `Bound the fan-out with p-map ({ concurrency: ${state.concurrency} })`, safety: 'unsafe', edits };
}

/**
 * `for (let i = 0; i < items.length; i += 8) results.push(...(await Promise.all(items.slice(i, i + 8).map(fn))));`
 * for a fan-out that is a statement of its own: awaited, assigned to a new variable, or returned.
 */
function chunkFix(state: UnboundedConcurrencyState, target: Rewritable, context: FixContext): Fix | undefined {
  const { sourceFile, checker } = context;
  if (target.parameters > 1) return undefined;
  const form = statementForm(state, target, checker);
  if (!form) return undefined;
  const { statement } = form;
  const fresh = (candidates: readonly string[]): string | undefined => candidates.find((name) => !checker.resolveName(name, statement, ts.SymbolFlags.Value, false));
  const index = fresh(['i', 'index', 'offset', 'start']);
  const results = form.kind === 'return' ? fresh(['results', 'settled', 'values']) : undefined;
  const hoisted = isStableReference(target.items) ? undefined : fresh(['items', 'elements', 'inputs']);
  if (!index || (form.kind === 'return' && !results) || (!isStableReference(target.items) && !hoisted)) return undefined;

  const indent = indentationAt(sourceFile, statement.getStart(sourceFile));
  const unit = indent.includes('\t') ? '\t' : '  ';
  const items = hoisted ?? target.items.getText(sourceFile);
  const combinator = state.start === 'forEach' ? 'Promise.all' : state.call.expression.getText(sourceFile);
  const chunk = `await ${combinator}(${items}.slice(${index}, ${index} + ${state.concurrency}).map(${reindented(target.callback, sourceFile, indent + unit)}))`;
  const lines: string[] = [];
  if (hoisted) lines.push(`const ${hoisted} = ${reindented(target.items, sourceFile, indent)};`);
  let body = `${chunk};`;
  if (form.kind === 'assign') {
    lines.push(`${form.keyword} ${form.name}${form.type ? `: ${form.type}` : ''} = [];`);
    body = `${form.name}.push(...(${chunk}));`;
  } else if (form.kind === 'return') {
    lines.push(`const ${results} = [];`);
    body = `${results}.push(...(${chunk}));`;
  }
  lines.push(`for (let ${index} = 0; ${index} < ${items}.length; ${index} += ${state.concurrency}) {`, `${unit}${body}`, '}');
  if (form.kind === 'return') lines.push(`return ${results};`);
  const text = lines.join(`\n${indent}`);
  return {
    title: `Run the fan-out in chunks of ${state.concurrency}`,
    safety: 'unsafe',
    edits: [{ file: sourceFile.fileName, start: statement.getStart(sourceFile), end: statement.getEnd(), newText: text }],
  };
}

type StatementForm =
  | { readonly kind: 'await'; readonly statement: ts.Statement }
  | { readonly kind: 'assign'; readonly statement: ts.Statement; readonly keyword: string; readonly name: string; readonly type: string | undefined }
  | { readonly kind: 'return'; readonly statement: ts.Statement };

/** The statement the fan-out is, when the chunk loop can replace it whole. */
function statementForm(state: UnboundedConcurrencyState, target: Rewritable, checker: ts.TypeChecker): StatementForm | undefined {
  const call = state.call;
  if (state.start === 'forEach') {
    const statement = call.parent;
    const fits = ts.isExpressionStatement(statement) && inAsyncFunction(statement) && returnsPromise(target.callback, checker);
    return fits ? { kind: 'await', statement } : undefined;
  }
  const awaited = ts.isAwaitExpression(call.parent) ? call.parent : undefined;
  const statement = (awaited ?? call).parent;
  if (ts.isReturnStatement(statement)) return inAsyncFunction(statement) ? { kind: 'return', statement } : undefined;
  if (!awaited) return undefined;
  if (ts.isExpressionStatement(statement)) return { kind: 'await', statement };
  if (!ts.isVariableDeclaration(statement) || !ts.isIdentifier(statement.name)) return undefined;
  const list = statement.parent;
  if (!ts.isVariableDeclarationList(list) || list.declarations.length !== 1 || !ts.isVariableStatement(list.parent)) return undefined;
  const flags = list.flags;
  const keyword = flags & ts.NodeFlags.Const ? 'const' : flags & ts.NodeFlags.Let ? 'let' : undefined;
  // Without its annotation the new array is typed by its pushes, which a closure cannot see.
  if (!keyword || (!statement.type && isReadInClosure(statement, checker))) return undefined;
  return { kind: 'assign', statement: list.parent, keyword, name: statement.name.text, type: statement.type?.getText() };
}

function isReadInClosure(declaration: ts.VariableDeclaration, checker: ts.TypeChecker): boolean {
  const symbol = checker.getSymbolAtLocation(declaration.name);
  const scope = ts.findAncestor(declaration, isFunctionLike) ?? declaration.getSourceFile();
  return someNode(
    scope,
    (node) => ts.isIdentifier(node) && node !== declaration.name && checker.getSymbolAtLocation(node) === symbol && (ts.findAncestor(node, isFunctionLike) ?? node.getSourceFile()) !== scope,
  );
}

/** Anything but an expression statement reads the fan-out's result. */
function isValueUsed(call: ts.CallExpression): boolean {
  const awaited = ts.isAwaitExpression(call.parent) ? call.parent : call;
  return !ts.isExpressionStatement(awaited.parent);
}

/**
 * The callback returns a call whose type arguments are inferred from the type its caller expects
 * (`axios.get<T = any, R = AxiosResponse<T>>(url)`: `R` appears in no parameter).
 */
function returnsContextuallyTypedCall(callback: ts.Expression, checker: ts.TypeChecker): boolean {
  if (!isFunctionLike(callback) || !callback.body) return false;
  const returned: ts.Expression[] = [];
  if (ts.isBlock(callback.body)) {
    walkTree(callback.body, (node) => {
      if (isFunctionLike(node)) return false;
      if (ts.isReturnStatement(node) && node.expression) returned.push(node.expression);
      return true;
    });
  } else {
    returned.push(callback.body);
  }
  return returned.some((expression) => {
    let node = expression;
    while (ts.isParenthesizedExpression(node) || ts.isAwaitExpression(node)) node = node.expression;
    if (!ts.isCallExpression(node) || node.typeArguments) return false;
    const declaration = checker.getResolvedSignature(node)?.declaration;
    const typeParameters = declaration && !ts.isJSDocSignature(declaration) ? declaration.typeParameters : undefined;
    return typeParameters?.some((parameter) => !declaration!.parameters.some((input) => mentionsTypeName(input, parameter.name.text))) ?? false;
  });
}

function mentionsTypeName(node: ts.Node, name: string): boolean {
  return someNode(node, (current) => ts.isTypeReferenceNode(current) && ts.isIdentifier(current.typeName) && current.typeName.text === name);
}

function inAsyncFunction(node: ts.Node): boolean {
  const fn = ts.findAncestor(node.parent, isFunctionLike);
  return fn !== undefined && (ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Async) !== 0;
}

/** Chunks only bound a `forEach` whose callback returns the promise of its work. */
function returnsPromise(callback: ts.Expression, checker: ts.TypeChecker): boolean {
  return checker
    .getSignaturesOfType(checker.getTypeAtLocation(callback), ts.SignatureKind.Call)
    .every((signature) => checker.getReturnTypeOfSignature(signature).getProperty('then') !== undefined);
}

/** `items`, `this.items`, `body.order.lines`: cheap to read again for each chunk. */
function isStableReference(expression: ts.Expression): boolean {
  if (ts.isIdentifier(expression) || expression.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.isPropertyAccessExpression(expression) && isStableReference(expression.expression);
}

/** The project's nearest `package.json` lists `name` among its dependencies. */
function dependsOn(projectRoot: string, name: string): boolean {
  for (let directory = path.resolve(projectRoot); ; directory = path.dirname(directory)) {
    const file = path.join(directory, 'package.json');
    if (fs.existsSync(file)) {
      try {
        const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
        return manifest.dependencies?.[name] !== undefined || manifest.devDependencies?.[name] !== undefined;
      } catch {
        return false;
      }
    }
    if (path.dirname(directory) === directory) return false;
  }
}

/** The local name of `module`'s default import in this file, if it has one. */
function defaultImportOf(sourceFile: ts.SourceFile, module: string): string | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || statement.moduleSpecifier.text !== module) continue;
    const name = statement.importClause?.name;
    if (name && !statement.importClause.isTypeOnly) return name.text;
  }
  return undefined;
}

/** Inserts an import after the file's last top-level import (or at its start). */
function importEdit(sourceFile: ts.SourceFile, text: string): TextEdit {
  const lastImport = [...sourceFile.statements].reverse().find(ts.isImportDeclaration);
  const at = lastImport ? lastImport.getEnd() : 0;
  return { file: sourceFile.fileName, start: at, end: at, newText: lastImport ? `\n${text}` : `${text}\n` };
}

/**
 * A node's text for a new place whose line is indented `indent`: its continuation lines move with
 * it, unless a string or template spans lines (its text would change).
 */
function reindented(node: ts.Node, sourceFile: ts.SourceFile, indent: string): string {
  const text = node.getText(sourceFile);
  const original = indentationAt(sourceFile, node.getStart(sourceFile));
  let multilineLiteral = false;
  walkTree(node, (child) => {
    if (!ts.isStringLiteralLike(child) && !ts.isTemplateExpression(child)) return true;
    multilineLiteral ||= child.getText(sourceFile).includes('\n');
    return false;
  });
  if (multilineLiteral) return text;
  return text
    .split('\n')
    .map((line, index) => (index > 0 && line.startsWith(original) ? indent + line.slice(original.length) : line))
    .join('\n');
}
