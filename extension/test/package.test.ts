// What `npm run package` puts in the vsix: the extension's own manifest (extension/package.json) and
// its `.vscodeignore` decide, and one stray folder would ship sources, fixtures or node_modules to
// every user. The bundles come from `npm run build`, copied in by extension/bundle.mjs. Run by
// `npm run test:vscode` (extension/vitest.config.mts): vsce is the extension's devDependency.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PackageManager, listFiles } from '@vscode/vsce';
import { beforeAll, describe, expect, it } from 'vitest';

const EXTENSION = path.resolve(__dirname, '..');
const ROOT = path.join(EXTENSION, '..');
// Files the bundles load at run time from their own folder: TypeScript's default libraries, .wasm.
const RUNTIME_FILE = /^(lib\..*\.d\.ts|.*\.wasm)$/;
const SHIPPED = /^(package\.json|README\.md|CHANGELOG\.md|LICENSE|icon\.png|images\/quick-fix\.png|dist\/(client|server|engine)\.js|dist\/hotpath\.schema\.json|dist\/(lib\.[^/]*\.d\.ts|[^/]*\.wasm))$/;

interface ExtensionManifest {
  main: string;
  icon: string;
  version: string;
  publisher: string;
  engines: Record<string, string>;
  activationEvents: string[];
  contributes: {
    jsonValidation?: { fileMatch: string; url: string }[];
    configuration: { properties: Record<string, unknown> };
    commands: { title: string; category: string }[];
  };
}

function readManifest(): ExtensionManifest {
  return JSON.parse(fs.readFileSync(path.join(EXTENSION, 'package.json'), 'utf8')) as ExtensionManifest;
}

describe('the VS Code extension package', () => {
  let files: string[];
  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(EXTENSION, 'bundle.mjs')]);
    files = await listFiles({ cwd: EXTENSION, packageManager: PackageManager.None });
  });

  it('ships the client and server bundles, the files they load, icon, README and its screenshot, changelog, licence and manifest, and nothing else', () => {
    expect(files.filter((file) => !SHIPPED.test(file))).toEqual([]);
    const runtime = fs.readdirSync(path.join(EXTENSION, 'dist')).filter((file) => RUNTIME_FILE.test(file)).map((file) => `dist/${file}`);
    expect(runtime).toContain('dist/lib.es2022.d.ts');
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'icon.png', 'images/quick-fix.png', 'dist/client.js', 'dist/server.js', 'dist/engine.js', ...runtime]));
  });

  it('declares shipped files as its entry point and icon, and the version of the engine it bundles', () => {
    const manifest = readManifest();
    const engine = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(files).toContain(path.posix.normalize(manifest.main));
    expect(files).toContain(manifest.icon);
    // hotpath.json is validated with the schema the CLI's config follows, shipped in the vsix.
    expect(manifest.contributes.jsonValidation).toEqual([{ fileMatch: 'hotpath.json', url: './dist/hotpath.schema.json' }]);
    expect(files).toContain('dist/hotpath.schema.json');
    expect(fs.readFileSync(path.join(EXTENSION, 'dist', 'hotpath.schema.json'), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'schema', 'hotpath.schema.json'), 'utf8'));
    expect(manifest.version).toBe(engine.version);
    expect(manifest.publisher).toBeTruthy();
    expect(manifest.engines['vscode']).toMatch(/^\^1\./);
  });

  // VS Code gives up a workspaceContains glob search after 7 s and then never activates the extension
  // on it: a file at a folder's root is checked without a search, and opening a file it analyses is the fallback.
  it('activates without resting on a workspace search alone', () => {
    const events = readManifest().activationEvents;
    const searched = events.filter((event) => event.startsWith('workspaceContains:**/'));
    expect(searched.length).toBeGreaterThan(0);
    for (const event of searched) expect(events).toContain(event.replace('**/', ''));
    for (const language of ['typescript', 'typescriptreact', 'javascript', 'javascriptreact']) expect(events).toContain(`onLanguage:${language}`);
  });

  it('names every setting and command it contributes in its marketplace README', () => {
    const { contributes } = readManifest();
    const readme = fs.readFileSync(path.join(EXTENSION, 'README.md'), 'utf8');
    const named = [...Object.keys(contributes.configuration.properties).map((key) => `\`${key}\``), ...contributes.commands.map(({ category, title }) => `**${category}: ${title}**`)];
    expect(named.filter((name) => !readme.includes(name))).toEqual([]);
  });

  it('leaves the editor out of the npm package: its manifest contributes nothing to VS Code', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    for (const key of ['contributes', 'activationEvents', 'publisher']) expect(manifest).not.toHaveProperty(key);
  });
});
