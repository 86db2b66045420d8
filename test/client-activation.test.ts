import { describe, expect, it } from 'vitest';
import { dependsOnIoLibrary, IO_PACKAGES } from '../client/activation';

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
});
