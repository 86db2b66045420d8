// Puts what the extension ships into extension/dist: the bundles `npm run build` wrote to dist/ (the
// client, the server's entry and the engine bundle it loads) and the files the server loads from
// beside itself (TypeScript's default libraries, .wasm). vsce packages this folder only, so nothing
// else of the repository can ship.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const built = path.join(here, '..', 'dist');
const shipped = path.join(here, 'dist');
const SHIPPED = /^((client|server|engine)\.js|lib\..*\.d\.ts|.*\.wasm)$/;

// vsce, which packages this folder next, is the extension's own devDependency, like its e2e test's
// playwright-core: the CLI's `npm ci` does not install these editor tools.
if (!fs.existsSync(path.join(here, 'node_modules', '@vscode', 'vsce'))) {
  console.error('extension/node_modules is missing: run `npm ci --prefix extension` first (the extension\'s packaging and test tools)');
  process.exit(1);
}

fs.rmSync(shipped, { recursive: true, force: true });
fs.mkdirSync(shipped);
const files = fs.readdirSync(built).filter((file) => SHIPPED.test(file));
for (const bundle of ['client.js', 'server.js', 'engine.js']) {
  if (!files.includes(bundle)) throw new Error(`dist/${bundle} is missing: run \`npm run build\` first`);
}
for (const file of files) fs.copyFileSync(path.join(built, file), path.join(shipped, file));
// VS Code validates and completes hotpath.json with the schema the CLI's config follows (jsonValidation).
fs.copyFileSync(path.join(here, '..', 'schema', 'hotpath.schema.json'), path.join(shipped, 'hotpath.schema.json'));
