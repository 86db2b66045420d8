// What `npm run package` puts in the vsix: `.vscodeignore` decides, and one stray folder would ship
// sources, fixtures or node_modules to every user. The bundles come from `npm run build`.
import fs from 'node:fs';
import path from 'node:path';
import { PackageManager, listFiles } from '@vscode/vsce';
import { describe, expect, it } from 'vitest';
import { ROOT } from './analyze';

// Files the bundles load at run time from their own folder: TypeScript's default libraries, .wasm.
const RUNTIME_FILE = /^(lib\..*\.d\.ts|.*\.wasm)$/;
const SHIPPED = /^(package\.json|README\.md|dist\/(client|server)\.js|dist\/(lib\.[^/]*\.d\.ts|[^/]*\.wasm))$/;

describe('the VS Code extension package', () => {
  it('ships the client and server bundles, the files they load, README and manifest, and nothing else', async () => {
    const files = await listFiles({ cwd: ROOT, packageManager: PackageManager.None });
    expect(files.filter((file) => !SHIPPED.test(file))).toEqual([]);
    const runtime = fs.readdirSync(path.join(ROOT, 'dist')).filter((file) => RUNTIME_FILE.test(file)).map((file) => `dist/${file}`);
    expect(runtime).toContain('dist/lib.es2022.d.ts');
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/client.js', 'dist/server.js', ...runtime]));
  });

  it('declares a shipped file as its entry point', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
    const files = await listFiles({ cwd: ROOT, packageManager: PackageManager.None });
    expect(files).toContain(path.posix.normalize(manifest.main));
  });
});
