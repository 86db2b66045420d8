import ts from 'typescript';
import { declaredSymbols, derivedSymbols, mentionsAny, someNode } from '../../core/dataflow';
import type { IoKind } from '../../core/io-model';
import { isFunctionLike, tracesOfKinds, type IoIndex, type IoSite } from '../../core/io-sites';
import { defineRule, KINDS_OPTION, kindsOption } from '../../core/rule';
import { plural, shortLabel } from '../messages';
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
  /** It throws when nothing matches (`findUniqueOrThrow`, a helper that throws): what follows depends on it passing. */
  readonly guards: boolean;
}

export interface SequentialAwaitState {
  readonly reads: readonly AwaitedRead[];
  /** The first read's result is never used: the fix is to drop it, not to start it with the others. */
  readonly unusedResult?: true;
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
      if (statements.length < 2 || context.io.transactionCallbackOf(owner) || inScopedTransaction(owner, context.io)) return;
      for (const found of independentGroups(statements, context.io, kinds)) {
        // Start-up code runs once, often in a deliberate order (migrations, then what needs them).
        if (context.io.startup.contains(found[1]!.awaitExpression)) continue;
        const unused = new Set(found.filter((read) => resultUnused(read, statements, context.io.checker)));
        for (const read of unused) {
          // The last read of a run delays nothing of it: a wasted read, not one that makes others wait.
          const next = found[found.indexOf(read) + 1];
          if (next) context.report({ node: read.awaitExpression, state: { reads: [read, next], unusedResult: true }, related: [{ node: next.awaitExpression, message: `this read waits for \`${read.label}\`, whose result is never used` }] });
        }
        const group = found.filter((read) => !unused.has(read));
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

  describe({ reads, unusedResult }) {
    const [first, ...rest] = reads.map((read) => `\`${shortLabel(read.label)}\``);
    if (unusedResult) return `The result of ${first} is never used, and ${rest[0]} waits for it: drop this read rather than run it with \`Promise.all\`.`;
    if (rest.length === 1) return `${rest[0]} waits for ${first} without using its result: start both with \`Promise.all\`.`;
    // The later reads are in the related locations: naming each made messages of 250 characters.
    return `${first}, then ${plural(rest.length, 'more read')}, run one after another though none uses another's result: start the ${reads.length} reads together with \`Promise.all\`.`;
  },

  fix(state, context) {
    return state.unusedResult ? undefined : buildPromiseAllFix(state.reads, context);
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
      if (writes(earlier, io) || awaitsUnknown(earlier, io) || (mayGuard(earlier) && mentionsAny(earlier, produced, io.checker))) {
        close();
        break;
      }
      // Values derived from a result (`const teamId = user.teamId`) carry the dependency along.
      produced = derivedSymbols(produced, earlier, io.checker);
    }
    between = [];
    // Reads on one connection run one after another whatever the code says: nothing to gain.
    const sameConnection = read.connection !== undefined && group.some((earlier) => earlier.connection === read.connection);
    // After a read that throws when nothing matches, the order is the code's: the later read runs only if it passed.
    if (sameConnection || group.some((earlier) => earlier.guards) || mentionsAny(read.awaitExpression.expression, produced, io.checker)) close();
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
  // A helper whose reads all sit in branches (`if (doc.archivedAt) await …`) may do none: nothing to overlap then.
  if (!site || site.operation !== 'read' || !tracesOfKinds(site, kinds).some((trace) => !trace.inBranch)) return undefined;
  // A read handed a callback that writes (`findAllInBatches(…, async (rows) => destroy(rows))`) writes.
  if (writes(statement, io)) return undefined;
  const connection = connectionOf(site, io);
  const guards = site.traces.some((trace) => trace.io.rejectsEmpty) || (site.through !== undefined && throwsItself(site.through));
  return { statement, awaitExpression: expression, label: site.label, bindings, guards, ...(connection ? { connection } : {}) };
}

/**
 * The connection a read is made on, when it is one (a pg client, a transaction's client, one handed
 * to a helper, or the one every read of a helper is made on: `this.db.txClient().view.findMany`
 * where `txClient()` is declared to return the transaction's client): reads on it cannot overlap.
 */
function connectionOf(site: IoSite, io: IoIndex): ts.Symbol | undefined {
  const connectionAt = (call: ts.Node | undefined) => (call && (ts.isCallExpression(call) || ts.isTaggedTemplateExpression(call)) ? io.classifier.connectionOf(call) : undefined);
  if (!site.through) return connectionAt(site.traces[0]?.libraryCall);
  const handed = connectionAt(site.node);
  if (handed) return handed;
  const inside = new Set(site.traces.map((trace) => connectionAt(trace.libraryCall)));
  const [only] = inside;
  // A parameter or local of the helper is another connection on each call (`await pool.connect()`).
  const declaration = only?.valueDeclaration;
  const perCall = declaration !== undefined && (ts.isParameter(declaration) || (ts.isVariableDeclaration(declaration) && ts.findAncestor(declaration, ts.isFunctionLike) !== undefined));
  return inside.size === 1 && !perCall ? only : undefined;
}

/**
 * A read whose result nothing uses: `const rows = await find(…)` with `rows` named nowhere else in
 * the block (block-scoped: nothing outside it can name it). A read that throws when nothing
 * matches is a check, and is used by passing.
 */
function resultUnused(read: AwaitedRead, statements: readonly ts.Statement[], checker: ts.TypeChecker): boolean {
  const { statement } = read;
  if (read.guards || read.bindings.length === 0 || !ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.BlockScoped)) return false;
  const bindings = new Set(read.bindings);
  return !statements.some((other) => other !== statement && mentionsAny(other, bindings, checker));
}

/** Inside a function that runs in one transaction (a `@Transactional()` method, `runInTransaction`'s callback), callbacks it runs included. */
function inScopedTransaction(node: ts.Node, io: IoIndex): boolean {
  for (let fn = ts.findAncestor(node, isFunctionLike); fn; fn = ts.findAncestor(fn.parent, isFunctionLike)) {
    if (io.classifier.runsInScopedTransaction(fn)) return true;
  }
  return false;
}

/** A project function that throws (a `NotFound` when the row is missing, a failed check), outside nested functions and `try` blocks. */
function throwsItself(fn: ts.SignatureDeclaration): boolean {
  return 'body' in fn && fn.body !== undefined && someNode(fn.body, ts.isThrowStatement, (node) => isFunctionLike(node) || ts.isTryStatement(node));
}

function declaredSymbolsOfTarget(target: ts.Identifier, checker: ts.TypeChecker): ts.Symbol[] {
  const symbol = checker.getSymbolAtLocation(target);
  return symbol ? [symbol] : [];
}

/**
 * An `await` of something that is not a known read (a migration run, a commit, a lock taken through
 * a helper): whatever it does happens between the reads, which may depend on it.
 */
function awaitsUnknown(statement: ts.Statement, io: IoIndex): boolean {
  return someNode(statement, (node) => ts.isAwaitExpression(node) && io.awaitedSite(node.expression)?.operation !== 'read', isFunctionLike);
}

/** Any I/O write in the statement (callbacks included): reads after it may depend on it. */
function writes(statement: ts.Statement, io: IoIndex): boolean {
  return someNode(statement, (node) => io.siteOf(node)?.operation === 'write');
}

/**
 * A guard: code that may leave the block (a return, a throw, a call that may throw: `authorize(user,
 * document)`, `assert(user)`), or branches, so what follows may depend on a test of a result.
 */
function mayGuard(statement: ts.Statement): boolean {
  return someNode(
    statement,
    (node) =>
      ts.isReturnStatement(node) || ts.isThrowStatement(node) || ts.isBreakStatement(node) || ts.isContinueStatement(node) || ts.isIfStatement(node) || ts.isConditionalExpression(node) || ts.isCallExpression(node),
    isFunctionLike,
  );
}
