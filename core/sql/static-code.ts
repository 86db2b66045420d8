import ts from 'typescript';
import type { Span } from '../findings';
import { walkTree } from '../walk';

/**
 * Reading migration and model code without running it: literal values, and string constants the
 * file declares once. Whatever depends on anything else (a parameter, a loop variable, a call) is
 * not known.
 */
export class StaticFile {
  private readonly constants = new Map<string, ts.Expression | null>();

  constructor(
    readonly file: string,
    readonly source: ts.SourceFile,
  ) {
    walkTree(source, (node) => {
      if (!ts.isVariableDeclaration(node) && !ts.isParameter(node) && !ts.isBindingElement(node)) return;
      if (!ts.isIdentifier(node.name)) return;
      const name = node.name.text;
      const constant = ts.isVariableDeclaration(node) && node.initializer && ts.isVariableDeclarationList(node.parent) && node.parent.flags & ts.NodeFlags.Const ? node.initializer : undefined;
      // A name declared twice (shadowed in a loop, a parameter) has no single value.
      this.constants.set(name, this.constants.has(name) || !constant ? null : constant);
    });
  }

  static parse(file: string, text: string): StaticFile {
    const kind = /\.[cm]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
    return new StaticFile(file, ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind));
  }

  span(node: ts.Node): Span {
    return { file: this.file, start: node.getStart(this.source), end: node.getEnd() };
  }

  /** A string the code spells out: a literal, a template without interpolations, or a constant holding one. */
  string(node: ts.Expression | undefined): string | undefined {
    const value = node && this.unwrap(node);
    return value && ts.isStringLiteralLike(value) ? value.text : undefined;
  }

  /** A list of strings (`['a', 'b']`), a single string counting as a list of one; undefined when any is unknown. */
  strings(node: ts.Expression | undefined): string[] | undefined {
    const value = node && this.unwrap(node);
    if (!value) return undefined;
    if (!ts.isArrayLiteralExpression(value)) {
      const single = this.string(value);
      return single === undefined ? undefined : [single];
    }
    const items = value.elements.map((element) => this.string(element));
    return items.every((item): item is string => item !== undefined) ? items : undefined;
  }

  /** The expression behind parentheses, `as`, and constants of the file. */
  unwrap(node: ts.Expression): ts.Expression {
    for (let depth = 0; depth < 8; depth += 1) {
      if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
      else if (ts.isIdentifier(node) && this.constants.get(node.text)) node = this.constants.get(node.text)!;
      else break;
    }
    return node;
  }

  object(node: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
    const value = node && this.unwrap(node);
    return value && ts.isObjectLiteralExpression(value) ? value : undefined;
  }

  boolean(node: ts.Expression | undefined): boolean | undefined {
    const value = node && this.unwrap(node);
    if (value?.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (value?.kind === ts.SyntaxKind.FalseKeyword) return false;
    return undefined;
  }
}

/** A property's name when it is written out (`name`, `'name'`); computed names have none. */
export function propertyNameOf(property: ts.ObjectLiteralElementLike | ts.ClassElement): string | undefined {
  const name = property.name;
  return name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) ? name.text : undefined;
}

/** The value of a property of an object literal (a shorthand property's identifier, a method itself). */
export function propertyOf(object: ts.ObjectLiteralExpression | undefined, name: string): ts.Expression | undefined {
  for (const property of object?.properties ?? []) {
    if (propertyNameOf(property) !== name) continue;
    if (ts.isPropertyAssignment(property)) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property)) return property.name;
  }
  return undefined;
}

/** `a.b.c(…)`: the calls of a chain, innermost first, and the expression it starts from. */
export function callChain(outer: ts.Expression): { root: ts.Expression; calls: { name: string | undefined; call: ts.CallExpression }[] } {
  const calls: { name: string | undefined; call: ts.CallExpression }[] = [];
  let current = outer;
  for (;;) {
    if (ts.isCallExpression(current)) {
      const callee = current.expression;
      calls.unshift({ name: ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined, call: current });
      current = ts.isPropertyAccessExpression(callee) ? callee.expression : callee;
    } else if (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isAwaitExpression(current)) {
      current = current.expression;
    } else {
      return { root: current, calls };
    }
  }
}

/** `userId` → `user_id`, as Sequelize's `underscored` and the snake-case naming strategies store it. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2').toLowerCase();
}
