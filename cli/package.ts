// The npm package's main module (dist/api.js): the programmatic API of cli/api.ts, loaded from the
// engine bundle the CLI uses (dist/engine.js) rather than bundling the engine a second time.
export { analyze } from './engine';
