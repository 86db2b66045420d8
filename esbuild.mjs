// Bundles each entry point into one file under dist/. TypeScript is bundled too: the CLI and the
// server must not depend on the analysed project's own TypeScript version.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';

// The bundled compiler looks for its default libraries (lib.es2022.d.ts, lib.dom.d.ts…) next to the
// bundle: without them `Array.prototype.map` and every global would be unknown to the checker.
const typescriptLib = path.dirname(createRequire(import.meta.url).resolve('typescript'));
fs.mkdirSync('dist', { recursive: true });
for (const file of fs.readdirSync(typescriptLib)) {
  if (/^lib\..*\.d\.ts$/.test(file)) fs.copyFileSync(path.join(typescriptLib, file), path.join('dist', file));
}

// PostgreSQL's parser (libpg-query) loads its WebAssembly from the bundle's folder. PGlite and pg are
// loaded only for --explain, from node_modules: PGlite finds its own wasm and data files there.
fs.copyFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve('libpg-query')), 'libpg-query.wasm'), path.join('dist', 'libpg-query.wasm'));
const databases = ['@electric-sql/pglite', 'pg'];

// jsonc-parser's UMD build hides its requires from esbuild: prefer the ESM build of every package.
const common = { mainFields: ['module', 'main'], bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

// The engine (TypeScript included, ~12 MB) is bundled once, into dist/engine.js, from cli/engine.ts.
// The CLI, the API and the language server are small entries that load it at run time: dist/cli.js
// answers --help, --version and usage mistakes without parsing it, and the server does not carry
// a second copy of it.
const ENGINE = path.resolve('cli/engine.ts');
const sharedEngine = {
  name: 'shared-engine',
  setup: (build) =>
    build.onResolve({ filter: /(^|\/)engine$/ }, (args) => (path.resolve(args.resolveDir, `${args.path}.ts`) === ENGINE ? { path: './engine.js', external: true } : undefined)),
};

await Promise.all([
  build({ ...common, entryPoints: ['cli/index.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [sharedEngine] }),
  build({ ...common, entryPoints: ['cli/engine.ts'], outfile: 'dist/engine.js', external: databases }),
  build({ ...common, entryPoints: ['cli/package.ts'], outfile: 'dist/api.js', plugins: [sharedEngine] }),
  build({ ...common, entryPoints: ['client/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/index.ts'], outfile: 'dist/server.js', plugins: [sharedEngine] }),
  // The ESLint plugin analyses the program typescript-eslint built, whose syntax kinds are numbered by
  // the project's TypeScript: the plugin loads that one (a peer dependency) instead of bundling its own.
  build({ ...common, entryPoints: ['eslint/index.cts'], outfile: 'dist/eslint.js', external: [...databases, 'typescript'] }),
]);

// `import 'hotpath/eslint'` (ESLint loads flat configs with import()): the CommonJS plugin itself, once
// PostgreSQL's parser has loaded, which the synchronous rules cannot wait for.
fs.writeFileSync('dist/eslint.mjs', "import hotpath from './eslint.js';\nawait hotpath.ready;\nexport default hotpath;\n");

// The API's declarations (`import { analyze } from 'hotpath'`), file by file: its exported types name
// only these files, which import nothing else (test/npm-package.test.ts type-checks a consumer).
// The ESLint plugin's declarations name only ESLint's types.
for (const file of ['cli/api.ts', 'cli/json-report.ts', 'eslint/index.cts']) {
  const { outputText, diagnostics } = ts.transpileDeclaration(fs.readFileSync(file, 'utf8'), { fileName: file, reportDiagnostics: true });
  if (diagnostics?.length) throw new Error(`${file}: ${ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (name) => name, getCurrentDirectory: () => '.', getNewLine: () => '\n' })}`);
  fs.writeFileSync(path.join('dist', file === 'eslint/index.cts' ? 'eslint.d.ts' : `${path.basename(file, '.ts')}.d.ts`), outputText);
}
