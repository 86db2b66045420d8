import { describe, expect, it } from 'vitest';
import { isScriptFile, textSignals } from '../core/file-roles';

describe('file roles: build and tooling configuration', () => {
  const plain = textSignals('export default {};\n');
  it.each(['vite.config.ts', 'next.config.mjs', 'apps/web/tailwind.config.js', 'vitest.config.mts', 'webpack.prod.config.js', 'drizzle.config.ts', 'knexfile.ts'])('%s is a script (a build tool runs it)', (file) => {
    expect(isScriptFile(file, plain)).toBe(true);
  });
  it.each(['src/config.ts', 'src/app.config.ts', 'src/next/config.ts', 'src/vite.ts'])('%s is not', (file) => {
    expect(isScriptFile(file, plain)).toBe(false);
  });
});
