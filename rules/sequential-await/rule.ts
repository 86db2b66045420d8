import ts from 'typescript';
import { declaredSymbols, derivedSymbols, mentionsAny, someNode } from '../../core/dataflow';
import type { IoKind } from '../../core/io-model';
import { isFunctionLike, tracesOfKinds, type IoIndex, type IoSite } from '../../core/io-sites';
import { defineRule, KINDS_OPTION, kindsOption } from '../../core/rule';
import { buildPromiseAllFix } from './fix';

/** One statement that awaits an I/O read: `const x = await read()`, `x = await read()`, `await read()`. */
export interface AwaitedRead {
  readonly statement: ts.Statement;
  readonly awaitExpression: ts.AwaitExpression;
  readonly label: string;
  /** Variables the statement binds from the result. */
  readonly bindings: readonly ts.Symbol[];
  /** The connection it runs on, when that runs one statement at a time (a pg `Client`). */
  readonly connection?: ts.Symbol;
}

export interface SequentialAwaitState {
  readonly reads: readonly AwaitedRead[];
}

/**
 * Independent awaited reads in one block run one after another: the request takes the sum of
 * their latencies instead of the slowest. Reported once per group, at its second await.
 */
export const sequentialAwait = defineRule<SequentialAwaitState>({
  meta: {
    id: 'sequential-await',
    summary: 'Independent awaited reads run one after another instead of together.',
    defaultSeverity: 'warning',
    fixable: 'safe',
    options: {
      kinds: KINDS_OPTION,
    },
  },

  create(context) {
    const kinds = kindsOption(context.options);
    const visitStatements = (owner: ts.Node, statements: readonly ts.Statement[]): void => {
      if (statements.length < 2 || context.io.transactionCallbackOf(owner)) return;
      for (const group of independentGroups(statements, context.io, kinds)) {
        const second = group[1];
        if (!second) continue;
        context.report({
          node: second.awaitExpression,
          state: { reads: group },
          related: [{ node: group[0]!.awaitExpression, message: `\`${group[0]!.label}\` is awaited first, and this read does not need its result` }],
        });
      }
    };
    const block = (node: ts.Node): void => visitStatements(node, (node as ts.Block | ts.SourceFile | ts.ModuleBlock | ts.CaseOrDefaultClause).statements);
    return {
      nodes: {
        [ts.SyntaxKind.Block]: block,
        [ts.SyntaxKind.SourceFile]: block,
        [ts.SyntaxKind.ModuleBlock]: block,
        [ts.SyntaxKind.CaseClause]: block,
        [ts.SyntaxKind.DefaultClause]: block,
      },
    };
  },

  describe({ reads }) {
    const names = reads.map((read) => `\`${read.label}\``);
    const first = names[0];
    const rest = names.slice(1).join(', ');
    return (
      `${rest} ${reads.length > 2 ? 'wait' : 'waits'} for ${first} to finish but ${reads.length > 2 ? 'do' : 'does'} not use its result: ` +
      `these ${reads.length} independent reads take the sum of their latencies instead of the slowest ` +
      `(${reads.length} reads of ~100 ms: ~${reads.length * 100} ms in sequence, ~100 ms together). ` +
      'Start them together with `Promise.all`.'
    );
  },

  fix(state, context) {
    return buildPromiseAllFix(state.reads, context);
  },
});

/**
 * Splits a statement list into maximal runs of awaited reads where no read uses what an earlier
 * one in the run produced, nothing in between writes, and no guard in between tests a result.
 * The statements after a read are examined only when another read follows: most blocks have one
 * read or none, and walking every statement after it for writes was most of this rule's time.
 */
function independentGroups(statements: readonly ts.Statement[], io: IoIndex, kinds: ReadonlySet<IoKind>): AwaitedRead[][] {
  const groups: AwaitedRead[][] = [];
  let group: AwaitedRead[] = [];
  let produced = new Set<ts.Symbol>();
  let between: ts.Statement[] = [];
  const close = (): void => {
    if (group.length >= 2) groups.push(group);
    group = [];
    produced = new Set();
  };
  for (const statement of statements) {
    const read = awaitedRead(statement, io, kinds);
    if (!read) {
      if (group.length > 0) between.push(statement);
      continue;
    }
    for (const earlier of between) {
      if (writes(earlier, io) || (exitsOrBranches(earlier) && mentionsAny(earlier, produced, io.checker))) {
        close();
        break;
      }
      // Values derived from a result (`const teamId = user.teamId`) carry the dependency along.
      produced = derivedSymbols(produced, earlier, io.checker);
    }
    between = [];
    // Reads on one connection run one after another whatever the code says: nothing to gain.
    const sameConnection = read.connection !== undefined && group.some((earlier) => earlier.connection === read.connection);
    if (sameConnection || mentionsAny(read.awaitExpression.expression, produced, io.checker)) close();
    group.push(read);
    for (const symbol of read.bindings) produced.add(symbol);
  }
  close();
  return groups;
}

function awaitedRead(statement: ts.Statement, io: IoIndex, kinds: ReadonlySet<IoKind>): AwaitedRead | undefined {
  let expression: ts.Expression | undefined;
  let bindings: ts.Symbol[] = [];
  if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
    const declaration = statement.declarationList.declarations[0]!;
    expression = declaration.initializer;
    bindings = declaredSymbols(declaration.name, io.checker);
  } else if (ts.isExpressionStatement(statement)) {
    expression = statement.expression;
    if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      bindings = ts.isIdentifier(expression.left) ? declaredSymbolsOfTarget(expression.left, io.checker) : [];
      expression = expression.right;
    }
  }
  while (expression && ts.isParenthesizedExpression(expression)) expression = expression.expression;
  if (!expression || !ts.isAwaitExpression(expression)) return undefined;
  const site = io.awaitedSite(expression.expression);
  if (!site || site.operation !== 'read' || tracesOfKinds(site, kinds).length === 0) return undefined;
  const connection = connectionOf(site, io);
  return { statement, awaitExpression: expression, label: site.label, bindings, ...(connection ? { connection } : {}) };
}

/** The connection a read is made on, when it is one (a pg client, a transaction's client): reads on it cannot overlap. */
function connectionOf(site: IoSite, io: IoIndex): ts.Symbol | undefined {
  const call = site.traces[0]?.libraryCall;
  if (site.through || !call || !(ts.isCallExpression(call) || ts.isTaggedTemplateExpression(call))) return undefined;
  return io.classifier.connectionOf(call);
}

function declaredSymbolsOfTarget(target: ts.Identifier, checker: ts.TypeChecker): ts.Symbol[] {
  const symbol = checker.getSymbolAtLocation(target);
  return symbol ? [symbol] : [];
}

/** Any I/O write in the statement (callbacks included): reads after it may depend on it. */
function writes(statement: ts.Statement, io: IoIndex): boolean {
  return someNode(statement, (node) => io.siteOf(node)?.operation === 'write');
}

/** A guard: code that may leave the block, or branches, so what follows may depend on a test. */
function exitsOrBranches(statement: ts.Statement): boolean {
  return someNode(
    statement,
    (node) => ts.isReturnStatement(node) || ts.isThrowStatement(node) || ts.isBreakStatement(node) || ts.isContinueStatement(node) || ts.isIfStatement(node) || ts.isConditionalExpression(node),
    isFunctionLike,
  );
}
