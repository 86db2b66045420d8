import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { MEMBER_NAMES } from '../core/callee-names';
import { declaredReceiverType, IoClassifier, memberOfDeclaredReceiver } from '../core/classify';
import { IO_MODEL } from '../core/io-model';
import { normaliseModule } from '../core/origin';
import { createProjectProgram, readTsconfig } from '../core/project';
import { keysOf, optionsArguments, optionsArgumentsOf } from '../rules/missing-timeout/bounds';
import { FIXTURES } from './analyze';

/**
 * The two shortcuts that keep the analysis near the parse+bind floor must never change an answer:
 * reading a callee's declaration from its declared type instead of resolving the overload, and
 * skipping method calls whose name nothing in the model or the project declares. Checked against
 * the checker's own overload resolution on every call of every fixture project. So is the third:
 * finding a request's options argument from the callee's signatures when they agree; and the
 * fourth: the member a receiver reaches and the type it holds, read from the type it is declared with
 * (not narrowed: a `const x = new C(…)` or `f(…)`, an annotated or contextually typed parameter,
 * `this`, properties and calls of these); and the fifth: whether an awaited call is a library query,
 * read from its declared return type.
 */

/** What missing-timeout asks `optionsArguments` for: each library's bound-carrying options, and the option its fix adds. */
const OPTION_KEY_SETS = [
  ...new Map(
    IO_MODEL.flatMap((model) => (model.timeout ? [keysOf(model.timeout), ...(model.timeout.fix ? [[model.timeout.fix.slice(0, model.timeout.fix.indexOf(':')).trim()]] : [])] : [])).map((keys) => [keys.join(','), keys]),
  ).values(),
];

function fixtureProjects(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') return [];
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return fixtureProjects(full);
    return entry.name === 'tsconfig.json' ? [full] : [];
  });
}

function callsOf(program: ts.Program): (ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression)[] {
  const calls: (ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression)[] = [];
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile)) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node)) calls.push(node);
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return calls;
}

/** What callers of `resolvedDeclaration` use: a library member's origin, or the project's declaration (overloads of one member are one). */
function identify(declaration: ts.Declaration | undefined, classifier: IoClassifier): string {
  if (!declaration || ts.isJSDocSignature(declaration)) return 'none';
  const origin = classifier.origins.originOf(declaration);
  if (origin) return `${origin.module}:${origin.path.join('.')}`;
  const name = ts.getNameOfDeclaration(declaration)?.getText() ?? '';
  const where = `${declaration.getSourceFile().fileName}:${ts.isFunctionLike(declaration) && !('body' in declaration && declaration.body) ? `overloads of ${name} in ${declaration.parent.pos}` : declaration.pos}`;
  return `project ${where}`;
}

const location = (node: ts.Node): string => {
  const sourceFile = node.getSourceFile();
  return `${path.relative(FIXTURES, sourceFile.fileName)}:${sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node.getText().slice(0, 50)}`;
};

describe.each(fixtureProjects(FIXTURES).map((tsconfig) => path.relative(FIXTURES, tsconfig)))('call resolution in %s', (relative) => {
  const program = createProjectProgram(readTsconfig(path.join(FIXTURES, relative)));
  const checker = program.getTypeChecker();
  const classifier = new IoClassifier(program);
  const calls = callsOf(program);

  it('reads the same declaration from the callee type as overload resolution gives', () => {
    const disagreements = calls
      .map((call) => ({ call, fast: identify(classifier.resolvedDeclaration(call), classifier), resolved: identify(checker.getResolvedSignature(call)?.declaration, classifier) }))
      .filter(({ fast, resolved }) => fast !== resolved)
      .map(({ call, fast, resolved }) => `${location(call)}: ${fast} ≠ ${resolved}`);
    expect(disagreements).toEqual([]);
  });

  it("finds the same options arguments from the callee's signatures as from the resolved overload", () => {
    const disagreements = calls.flatMap((call) => {
      if (ts.isTaggedTemplateExpression(call)) return [];
      const signature = checker.getResolvedSignature(call);
      return OPTION_KEY_SETS.flatMap((keys) => {
        const fast = optionsArguments(call, keys, checker);
        const resolved = signature ? optionsArgumentsOf(signature, call, keys, checker) : [];
        const same = fast.length === resolved.length && fast.every((argument, index) => argument === resolved[index]);
        return same ? [] : [`${location(call)} [${keys.join(',')}]: ${fast.map((argument) => argument.getText()).join(' ')} ≠ ${resolved.map((argument) => argument.getText()).join(' ')}`];
      });
    });
    expect(disagreements).toEqual([]);
  });

  it("reaches the same member through the type a receiver is declared with as through the checker's typing of the receiver", () => {
    const disagreements = calls.flatMap((call) => {
      const callee = ts.isTaggedTemplateExpression(call) ? call.tag : call.expression;
      if (!ts.isPropertyAccessExpression(callee)) return [];
      const fast = memberOfDeclaredReceiver(callee, checker);
      if (!fast) return [];
      const typed = checker.getSymbolAtLocation(callee.name);
      const same = fast.declarations?.length === typed?.declarations?.length && (fast.declarations ?? []).every((declaration) => typed?.declarations?.includes(declaration));
      return same ? [] : [`${location(call)}: ${fast.declarations?.map((declaration) => identify(declaration, classifier)).join(' ')} ≠ ${typed?.declarations?.map((declaration) => identify(declaration, classifier)).join(' ')}`];
    });
    expect(disagreements).toEqual([]);
  });

  it('types every receiver from its declarations as the checker types the reference', () => {
    // The class or interface (an alias of one may be read as the class itself); a type without one (a tuple) by how it prints.
    const identity = (type: ts.Type): readonly (ts.Declaration | string)[] => (type.getSymbol() ?? type.aliasSymbol)?.declarations ?? [checker.typeToString(type)];
    const disagreements = calls.flatMap((call) => {
      const callee = ts.isTaggedTemplateExpression(call) ? call.tag : call.expression;
      if (!ts.isPropertyAccessExpression(callee)) return [];
      const fast = declaredReceiverType(callee.expression, checker);
      if (!fast) return [];
      const typed = checker.getNonNullableType(checker.getTypeAtLocation(callee.expression));
      const same = identity(fast).length === identity(typed).length && identity(fast).every((declaration) => identity(typed).includes(declaration));
      // A class's static side read from a scope (`Cart.scope(…)`: `typeof Cart`) is what the library types as a constructor of that class (`ModelCtor<Cart>`).
      const staticClass = fast.getSymbol();
      const constructs = staticClass && staticClass.flags & ts.SymbolFlags.Class && checker.getTypeOfSymbol(staticClass) === fast && typed.getConstructSignatures().some((signature) => signature.getReturnType().getSymbol() === staticClass);
      return same || constructs ? [] : [`${location(call)}: ${checker.typeToString(fast)} ≠ ${checker.typeToString(typed)}`];
    });
    expect(disagreements).toEqual([]);
  });

  it('classifies an awaited call from its declared return type as from its typed value', () => {
    const disagreements = calls.flatMap((call) => {
      if (!ts.isCallExpression(call)) return [];
      const fast = classifier.classifyAwaitable(call);
      const typed = classifier.awaitableOfType(checker.getTypeAtLocation(call), call);
      return JSON.stringify(fast) === JSON.stringify(typed) ? [] : [`${location(call)}: ${JSON.stringify(fast)} ≠ ${JSON.stringify(typed)}`];
    });
    expect(disagreements).toEqual([]);
  });

  it("never rules out a call that resolves to the project's own code (summaries start from those)", () => {
    const missed = calls.flatMap((call) => {
      if (ts.isNewExpression(call) || classifier.mayMatter(call)) return [];
      const declaration = checker.getResolvedSignature(call)?.declaration;
      const own = declaration && !ts.isJSDocSignature(declaration) && !declaration.getSourceFile().isDeclarationFile && classifier.origins.moduleOf(declaration) === undefined;
      return own ? [`${location(call)} → ${identify(declaration, classifier)}`] : [];
    });
    expect(missed).toEqual([]);
  });

  it('never rules out a call of what another call returns that resolves to the model or to the project', () => {
    const missed = calls.flatMap((call) => {
      const callee = ts.isTaggedTemplateExpression(call) ? call.tag : call.expression;
      if (ts.isNewExpression(call) || !ts.isCallExpression(callee) || classifier.mayMatter(call)) return [];
      const declaration = checker.getResolvedSignature(call)?.declaration;
      const module = declaration && !ts.isJSDocSignature(declaration) ? classifier.origins.moduleOf(declaration) : undefined;
      return module === undefined || MEMBER_NAMES.has(normaliseModule(module)) ? [`${location(call)} → ${identify(declaration, classifier)}`] : [];
    });
    expect(missed).toEqual([]);
  });

  it('keeps the name of every method call that resolves to the model or to the project', () => {
    const names = classifier.calleeNames();
    const missed = calls.flatMap((call) => {
      const callee = ts.isTaggedTemplateExpression(call) ? call.tag : call.expression;
      if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name) || names.has(callee.name.text)) return [];
      const declaration = checker.getResolvedSignature(call)?.declaration;
      if (!declaration) return [];
      const module = classifier.origins.moduleOf(declaration);
      const members = module === undefined ? undefined : MEMBER_NAMES.get(normaliseModule(module));
      // A call signature of a callable library value (`'()'`) or any member of a library that matches every one.
      const callSignature = ts.isCallSignatureDeclaration(declaration) || (ts.isFunctionTypeNode(declaration) && !ts.isPropertySignature(declaration.parent));
      const modelled = module === undefined || members?.listed.has(callee.name.text) || members?.declared === 'every' || (members?.declared === 'callable' && callSignature);
      return modelled ? [`${location(call)} → ${identify(declaration, classifier)}`] : [];
    });
    expect(missed).toEqual([]);
  });
});
