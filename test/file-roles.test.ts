import { describe, expect, it } from 'vitest';
import { isScriptFile, textSignals } from '../core/file-roles';

describe('file roles: build configuration and migration runners', () => {
  const plain = textSignals('export default {};\n');
  it.each(['vite.config.ts', 'next.config.mjs', 'apps/web/tailwind.config.js', 'vitest.config.mts', 'webpack.prod.config.js', 'drizzle.config.ts', 'knexfile.ts', 'src/migrate.ts'])('%s is a script (a build tool or an operator runs it)', (file) => {
    expect(isScriptFile(file, plain)).toBe(true);
  });
  it.each(['src/config.ts', 'src/app.config.ts', 'src/next/config.ts', 'src/vite.ts', 'src/migrations-service.ts'])('%s is not', (file) => {
    expect(isScriptFile(file, plain)).toBe(false);
  });
});
