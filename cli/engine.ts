// What dist/cli.js loads only when it analyses (esbuild.mjs bundles this file on its own as
// dist/cli-engine.js): the engine, TypeScript included, is not even parsed for --help or --version.
export { main } from './main';
export { serveMcp } from './mcp';
