// The engine bundle, dist/engine.js (esbuild.mjs bundles this file on its own): what dist/cli.js
// loads only when it analyses (TypeScript is not even parsed for --help or --version), what the
// npm package's main module re-exports (cli/package.ts) and what the language server's entry
// (dist/server.js) starts, so that TypeScript and the engine are bundled once for all of them.
export { analyze } from './api';
export { main } from './main';
export { serveMcp } from './mcp';
export { startServer } from '../server/main';
