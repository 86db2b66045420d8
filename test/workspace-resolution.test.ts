import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveModule } from '../core/project';
import { pnpmPackages } from '../core/workspace';
import { writeFiles } from './cli-project';

/** Workspace packages before a build, resolved to their sources: the manifests real monorepos have. */
const created: string[] = [];
afterAll(() => created.forEach((directory) => fs.rmSync(directory, { recursive: true, force: true })));

function workspace(files: Record<string, string>): string {
  const directory = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-workspace-')));
  created.push(directory);
  writeFiles(directory, files);
  return directory;
}

const OPTIONS: ts.CompilerOptions = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler };

function resolve(root: string, specifier: string, from = 'apps/web/src/page.ts'): string | undefined {
  const file = resolveModule(specifier, path.join(root, from), OPTIONS, undefined).resolvedModule?.resolvedFileName;
  return file && path.relative(root, file).replace(/\\/g, '/');
}

describe('workspace packages before a build', () => {
  it('reads the package globs of pnpm-workspace.yaml, block and flow style, comments and quotes aside', () => {
    expect(pnpmPackages("packages:\n  - 'apps/*'\n  - \"packages/**\" # all\n  - '!**/test/**'\nonlyBuiltDependencies:\n  - esbuild\n")).toEqual(['apps/*', 'packages/**', '!**/test/**']);
    expect(pnpmPackages("packages: ['apps/*', libs/*]\n")).toEqual(['apps/*', 'libs/*']);
  });

  it('finds packages through package.json `workspaces` (npm, Yarn: array or object) and lerna.json', () => {
    const library = { 'libs/ui/package.json': JSON.stringify({ name: '@acme/ui', main: 'dist/index.js', types: 'dist/index.d.ts' }), 'libs/ui/src/index.ts': 'export const ui = 1;\n' };
    const npm = workspace({ 'package.json': JSON.stringify({ workspaces: ['apps/*', 'libs/*'] }), ...library });
    expect(resolve(npm, '@acme/ui')).toBe('libs/ui/src/index.ts');
    const yarn = workspace({ 'package.json': JSON.stringify({ workspaces: { packages: ['libs/*'] } }), ...library });
    expect(resolve(yarn, '@acme/ui')).toBe('libs/ui/src/index.ts');
    const lerna = workspace({ 'package.json': '{}', 'lerna.json': JSON.stringify({ packages: ['libs/*'] }), ...library });
    expect(resolve(lerna, '@acme/ui')).toBe('libs/ui/src/index.ts');
  });

  it('maps an entry point from the tsconfig outDir back to its rootDir, and a subpath export', () => {
    const root = workspace({
      'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
      'packages/core/package.json': JSON.stringify({ name: 'core', exports: { '.': { types: './out/main.d.ts', default: './out/main.js' }, './*': { types: './out/*.d.ts' } } }),
      'packages/core/tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'out', rootDir: 'lib' } }),
      'packages/core/lib/main.ts': 'export const main = 1;\n',
      'packages/core/lib/users/index.ts': 'export const users = 1;\n',
    });
    expect(resolve(root, 'core')).toBe('packages/core/lib/main.ts');
    expect(resolve(root, 'core/users')).toBe('packages/core/lib/users/index.ts');
  });

  it('leaves alone a package whose build exists (linked as pnpm links it), what is not a workspace package, and a package with no sources', () => {
    const root = workspace({
      'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
      'packages/built/package.json': JSON.stringify({ name: 'built', types: 'dist/index.d.ts' }),
      'packages/built/dist/index.d.ts': 'export declare const built: 1;\n',
      'packages/built/src/index.ts': 'export const built = 1;\n',
      'packages/empty/package.json': JSON.stringify({ name: 'empty', main: 'dist/index.js' }),
    });
    fs.mkdirSync(path.join(root, 'node_modules'));
    fs.symlinkSync(path.join(root, 'packages', 'built'), path.join(root, 'node_modules', 'built'), 'dir');
    expect(resolve(root, 'built')).toBe('packages/built/dist/index.d.ts');
    expect(resolve(root, 'left-pad')).toBeUndefined();
    expect(resolve(root, 'empty')).toBeUndefined();
  });
});
