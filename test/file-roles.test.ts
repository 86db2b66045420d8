import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideRoles, isScriptFile, textSignals, type RoleInputs, type RoleSettings } from '../core/file-roles';

describe('file roles: build configuration and migration runners', () => {
  const plain = textSignals('export default {};\n');
  it.each(['vite.config.ts', 'next.config.mjs', 'apps/web/tailwind.config.js', 'vitest.config.mts', 'webpack.prod.config.js', 'drizzle.config.ts', 'knexfile.ts', 'src/migrate.ts'])('%s is a script (a build tool or an operator runs it)', (file) => {
    expect(isScriptFile(file, plain)).toBe(true);
  });
  it.each(['src/config.ts', 'src/app.config.ts', 'src/next/config.ts', 'src/vite.ts', 'src/migrations-service.ts'])('%s is not', (file) => {
    expect(isScriptFile(file, plain)).toBe(false);
  });
});

describe('file roles: modules only tests import', () => {
  const signals = textSignals('export {};\n');
  const file = (name: string, imports: string[] = [], specifiers: string[] = []): RoleInputs => ({ file: `/p/${name}`, text: signals, specifiers, imports: imports.map((imported) => `/p/${imported}`) });
  const settings: RoleSettings = { root: '/p', globRoot: '/p', tests: false, scripts: false, browser: [], server: [], browserProject: false };
  const files = [
    file('api.e2e.ts', ['clients/index.ts', 'shared.ts'], ['supertest']),
    file('clients/index.ts', ['clients/base.ts']),
    file('clients/base.ts'),
    file('shared.ts'),
    file('routes.ts', ['shared.ts']),
    file('processors/revisions.test.ts', ['processors/revisions.ts'], ['vitest']),
    file('processors/revisions.ts', ['processors/history.ts']),
    file('processors/history.ts'),
    file('a.ts', ['b.ts']),
    file('b.ts', ['a.ts']),
  ];
  const roles = (config = settings): Record<string, string> =>
    Object.fromEntries([...decideRoles(files, config)].map(([path, decision]) => [path.slice('/p/'.length), decision.role]));

  it('gives the test role to what only tests use, directly or through other test support', () => {
    expect(roles()).toMatchObject({ 'api.e2e.ts': 'test', 'clients/index.ts': 'test', 'clients/base.ts': 'test' });
    expect(decideRoles(files, settings).get('/p/clients/base.ts')?.reason).toContain('imported only by tests and their support code (by clients/index.ts');
  });
  it('keeps production what production code imports too, what nothing imports, and cycles no test reaches', () => {
    expect(roles()).toMatchObject({ 'shared.ts': 'server', 'routes.ts': 'server', 'a.ts': 'server', 'b.ts': 'server' });
  });
  it('keeps production the module a test is named after (a loader may run it), and what it imports', () => {
    expect(roles()).toMatchObject({ 'processors/revisions.ts': 'server', 'processors/history.ts': 'server' });
  });
  it("keeps production a package's entry module that its tests import (main: dist/index.js is src/index.ts), and what it exports", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-roles-'));
    try {
      fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'core', main: 'dist/index.js', types: 'dist/index.d.ts' }));
      const at = (name: string, imports: string[] = [], specifiers: string[] = []): RoleInputs => ({ file: path.join(root, name), text: signals, specifiers, imports: imports.map((imported) => path.join(root, imported)) });
      const inPackage = [
        at('e2e/orders.e2e-spec.ts', ['src/index.ts', 'e2e/utils/client.ts'], ['vitest']),
        at('e2e/utils/client.ts'),
        at('src/index.ts', ['src/plugin/index.ts']),
        at('src/plugin/index.ts', ['src/plugin/queue.ts']),
        at('src/plugin/queue.ts'),
      ];
      const decided = decideRoles(inPackage, { ...settings, root, globRoot: root });
      const role = (name: string) => decided.get(path.join(root, name))?.role;
      expect([role('src/index.ts'), role('src/plugin/index.ts'), role('src/plugin/queue.ts')]).toEqual(['server', 'server', 'server']);
      expect(role('e2e/utils/client.ts')).toBe('test');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
  it('analyses test support as production code with --include-tests, and lets the config\'s globs decide', () => {
    expect(roles({ ...settings, tests: true })['clients/base.ts']).toBe('server');
    expect(roles({ ...settings, server: ['clients/**'] })['clients/base.ts']).toBe('server');
  });
});
