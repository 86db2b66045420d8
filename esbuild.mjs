// Bundles each entry point into one file under dist/. TypeScript is bundled too: the CLI and the
// server must not depend on the analysed project's own TypeScript version.
import { build } from 'esbuild';

// jsonc-parser's UMD build hides its requires from esbuild: prefer the ESM build of every package.
const common = { mainFields: ['module', 'main'], bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: ['cli/index.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['client/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
]);
