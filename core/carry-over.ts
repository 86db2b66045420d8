import ts from 'typescript';
import { walkTree } from './walk';

/**
 * What an editor's next program can keep of the previous one's summaries. A keystroke makes a new
 * program and a new checker, and summarising the callees of the edited function again costs most
 * of an edit (a Sequelize route file: ~80% of each keystroke went into callees in other files).
 * A summary computed from files none of which the edit can reach is the same in the new program.
 *
 * What the edit can reach: the changed files and every file that imports one of them, directly or
 * not (types flow only along imports), as long as the changed files declare nothing global.
 */
export interface ProgramChange {
  /** File names whose summaries may differ: the changed files and all that import them. */
  readonly affected: ReadonlySet<string>;
  /** A changed file's classes implement or extend something different: calls resolved through interfaces may change. */
  readonly hierarchyChanged: boolean;
  /** The new program's imports, for the next change. */
  readonly imports: ImportGraph;
}

/**
 * Per file version, the project files it imports. A file's imports resolve to the same files as
 * long as no file is added or removed (`programChange` keeps nothing otherwise), so a graph passes
 * its unchanged files' entries on from program to program.
 */
export type ImportGraph = ReadonlyMap<ts.SourceFile, readonly string[]>;

/** Beyond this many changed files (a branch switch, a dependency install) nothing is carried over. */
const MOST_CHANGED_FILES = 20;

/**
 * How `after` differs from `before`, or undefined when nothing of `before` can be kept (files added
 * or removed, globals changed, too many changes). `imports`: `before`'s graph, if one was built.
 */
export function programChange(before: ts.Program, after: ts.Program, imports: ImportGraph | undefined): ProgramChange | undefined {
  if (before.getCompilerOptions() !== after.getCompilerOptions() && JSON.stringify(before.getCompilerOptions()) !== JSON.stringify(after.getCompilerOptions())) return undefined;
  const old = before.getSourceFiles();
  const now = after.getSourceFiles();
  if (old.length !== now.length) return undefined;
  const changed: [ts.SourceFile, ts.SourceFile][] = [];
  for (const [index, sourceFile] of now.entries()) {
    const previous = old[index]!;
    if (sourceFile === previous) continue;
    if (sourceFile.fileName !== previous.fileName || !ts.isExternalModule(sourceFile) || !ts.isExternalModule(previous) || declaresGlobals(sourceFile) || declaresGlobals(previous)) return undefined;
    changed.push([previous, sourceFile]);
    if (changed.length > MOST_CHANGED_FILES) return undefined;
  }
  const graph = importGraph(after, imports);
  return {
    affected: importersOf(new Set(changed.map(([, sourceFile]) => sourceFile.fileName)), graph),
    imports: graph,
    hierarchyChanged: changed.some(([previous, sourceFile]) => heritageOf(previous) !== heritageOf(sourceFile)),
  };
}

/** `declare global { … }` or `declare module 'x' { … }`: declarations every file sees without importing. */
function declaresGlobals(sourceFile: ts.SourceFile): boolean {
  return sourceFile.statements.some((statement) => ts.isModuleDeclaration(statement) && (ts.isStringLiteral(statement.name) || (statement.flags & ts.NodeFlags.GlobalAugmentation) !== 0));
}

/** The classes of a file with what they extend and implement, as written. */
function heritageOf(sourceFile: ts.SourceFile): string {
  return sourceFile.statements
    .filter(ts.isClassDeclaration)
    .map((declaration) => `${declaration.name?.text}:${(declaration.heritageClauses ?? []).map((clause) => clause.getText(sourceFile)).join(' ')}`)
    .join('\n');
}

/** The project files' imports in `program`, taken from `previous` for the files it has in the same version. */
function importGraph(program: ts.Program, previous: ImportGraph | undefined): ImportGraph {
  const checker = program.getTypeChecker();
  const graph = new Map<ts.SourceFile, readonly string[]>();
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile)) continue;
    graph.set(sourceFile, previous?.get(sourceFile) ?? [...new Set(moduleSpecifiers(sourceFile).flatMap((specifier) => resolvedFileName(specifier, checker) ?? []))]);
  }
  return graph;
}

/** `files` and every project file that imports one of them, directly or through others. */
function importersOf(files: ReadonlySet<string>, graph: ImportGraph): Set<string> {
  const importers = new Map<string, string[]>();
  for (const [sourceFile, imported] of graph) {
    for (const fileName of imported) {
      const list = importers.get(fileName);
      if (list) list.push(sourceFile.fileName);
      else importers.set(fileName, [sourceFile.fileName]);
    }
  }
  const affected = new Set(files);
  const queue = [...files];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    for (const importer of importers.get(next) ?? []) {
      if (affected.has(importer)) continue;
      affected.add(importer);
      queue.push(importer);
    }
  }
  return affected;
}

function resolvedFileName(specifier: ts.StringLiteralLike, checker: ts.TypeChecker): string | undefined {
  const declaration = checker.getSymbolAtLocation(specifier)?.valueDeclaration;
  return declaration && ts.isSourceFile(declaration) ? declaration.fileName : undefined;
}

/** Every module a file names: imports, re-exports, `import x = require(…)`, and (where the text has any) `import(…)`, `require(…)` and `import('…')` types. */
function moduleSpecifiers(sourceFile: ts.SourceFile): ts.StringLiteralLike[] {
  const specifiers: ts.StringLiteralLike[] = [];
  for (const statement of sourceFile.statements) {
    if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteralLike(statement.moduleSpecifier)) specifiers.push(statement.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference) && ts.isStringLiteralLike(statement.moduleReference.expression)) specifiers.push(statement.moduleReference.expression);
  }
  if (!/\b(import|require)\s*\(/.test(sourceFile.text)) return specifiers;
  walkTree(sourceFile, (node) => {
    if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) specifiers.push(argument);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteralLike(node.argument.literal)) {
      specifiers.push(node.argument.literal);
    }
  });
  return specifiers;
}
