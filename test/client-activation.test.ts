import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import picomatch from 'picomatch';
import { afterEach, describe, expect, it } from 'vitest';
import { dependsOnIoLibrary, hasSomethingToAnalyse, IO_PACKAGES, type WorkspaceFiles } from '../client/activation';

/** A folder on disk answering as `vscode.workspace` does: globs relative to the folder, the exclude applied, at most maxResults. */
function folderWorkspace(root: string): WorkspaceFiles<string> {
  const files = fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  return {
    findFiles: async (include, exclude, maxResults) => files.filter((file) => picomatch(include, { dot: true })(file) && !picomatch(exclude, { dot: true })(file)).slice(0, maxResults),
    readFile: async (file) => fs.readFileSync(path.join(root, file)),
  };
}

const PLAIN = {
  'package.json': JSON.stringify({ name: 'web', dependencies: { react: '^19.0.0', zod: '^4.0.0' }, devDependencies: { typescript: '^5.0.0', vitest: '^4.0.0' } }),
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }),
  'src/index.ts': 'export const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);\n',
  // An installed package's own manifest names I/O libraries: a dependency's dependencies are not the project's.
  'node_modules/orm-kit/package.json': JSON.stringify({ name: 'orm-kit', dependencies: { pg: '^8.0.0', '@prisma/client': '^6.0.0' } }),
  'node_modules/orm-kit/hotpath.json': '{}',
};

describe('the VS Code client starts the server only where there is something to analyse', () => {
  it('a package.json depending on a library of the I/O table, in any dependency field', () => {
    expect(dependsOnIoLibrary(JSON.stringify({ dependencies: { '@prisma/client': '^6.0.0', express: '^5.0.0' } }))).toBe(true);
    expect(dependsOnIoLibrary(JSON.stringify({ devDependencies: { axios: '^1.0.0' } }))).toBe(true);
    expect(dependsOnIoLibrary(JSON.stringify({ peerDependencies: { pg: '*' } }))).toBe(true);
  });

  it('not a plain TypeScript project, nor a broken package.json; Node built-ins are not libraries', () => {
    expect(dependsOnIoLibrary(JSON.stringify({ dependencies: { react: '^19.0.0' }, devDependencies: { typescript: '^5.0.0' } }))).toBe(false);
    expect(dependsOnIoLibrary(JSON.stringify({ name: 'empty' }))).toBe(false);
    expect(dependsOnIoLibrary('{ "dependencies": ')).toBe(false);
    expect(dependsOnIoLibrary('null')).toBe(false);
    expect([...IO_PACKAGES].filter((name) => ['fs', 'node:fs', 'http', 'fs/promises', 'global'].includes(name))).toEqual([]);
    expect(IO_PACKAGES.has('mongoose')).toBe(true);
  });

  describe('a workspace on disk', () => {
    let root: string | undefined;
    afterEach(() => root && fs.rmSync(root, { recursive: true, force: true }));
    const workspace = (files: Record<string, string>): WorkspaceFiles<string> => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-activation-'));
      for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), text);
      }
      return folderWorkspace(root);
    };

    it('does not start in a plain TypeScript workspace, whatever its node_modules hold', async () => {
      expect(await hasSomethingToAnalyse(workspace(PLAIN))).toBe(false);
    });

    it('starts with a hotpath.json, or a workspace package depending on an I/O library', async () => {
      expect(await hasSomethingToAnalyse(workspace({ ...PLAIN, 'hotpath.json': '{ "rules": {} }' }))).toBe(true);
      fs.rmSync(root!, { recursive: true, force: true });
      expect(await hasSomethingToAnalyse(workspace({ ...PLAIN, 'packages/api/package.json': JSON.stringify({ name: 'api', dependencies: { fastify: '^5.0.0', pg: '^8.0.0' } }) }))).toBe(true);
    });
  });
});
