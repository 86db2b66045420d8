import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';
import { FIXTURES } from './analyze';

/**
 * Fixtures import the real packages, installed as devDependencies: one that declared a library's
 * module itself would test hotpath against the fixture's idea of that library, and keep passing when
 * the real typings moved (as Prisma's delegates did, into `namespace Prisma`). A module augmentation
 * (`declare module 'express'` in a file that imports or exports) adds to the real typings, and is allowed.
 */

/** Folders tools and other tests write (.gitignore): Prisma's generated clients, temporary copies. */
function written(name: string): boolean {
  return name === 'node_modules' || name === 'generated' || name.startsWith('.');
}

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return written(entry.name) ? [] : sourceFiles(full);
    return /\.[cm]?[jt]sx?$/.test(entry.name) ? [full] : [];
  });
}

it("no fixture declares a library's module in place of its typings", () => {
  const standIns: string[] = [];
  for (const file of sourceFiles(FIXTURES)) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    if (ts.isExternalModule(source)) continue;
    for (const statement of source.statements) {
      if (ts.isModuleDeclaration(statement) && ts.isStringLiteral(statement.name)) standIns.push(`${path.relative(FIXTURES, file)}: declare module '${statement.name.text}'`);
    }
  }
  expect(standIns).toEqual([]);
});
