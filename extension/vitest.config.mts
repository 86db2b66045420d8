// The extension's own tests (`npm run test:vscode` runs them): what the vsix holds, read with vsce,
// which only extension/node_modules has.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Relative to extension/, wherever vitest is started from (the root's tests are not these).
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
