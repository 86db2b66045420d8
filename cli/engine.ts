// The engine bundle, dist/cli-engine.js (esbuild.mjs bundles this file on its own): what dist/cli.js
// loads only when it analyses (TypeScript is not even parsed for --help or --version), and what the
// npm package's main module re-exports (cli/package.ts), so that the package ships the engine once.
export { analyze } from './api';
export { main } from './main';
export { serveMcp } from './mcp';
