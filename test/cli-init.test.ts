import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_URL } from '../core/config';
import { hotpathProcess, N_PLUS_ONE, repository } from './cli-project';

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', lib: ['ES2022'], module: 'ESNext', moduleResolution: 'Bundler', types: [], skipLibCheck: true }, include: ['**/*.ts'] });

describe('hotpath init (built dist/cli.js)', () => {
  it('writes hotpath.json, a baseline of today\'s findings and a CI workflow, says so, and never overwrites them', () => {
    const directory = repository('init', { 'tsconfig.json': TSCONFIG, 'load.ts': N_PLUS_ONE });
    const first = hotpathProcess(['init'], directory);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('  created hotpath.json');
    expect(first.stdout).toContain('  created hotpath-baseline.json: 1 finding of today recorded');
    expect(first.stdout).toContain('  created .github/workflows/hotpath.yml');
    expect(JSON.parse(fs.readFileSync(path.join(directory, 'hotpath.json'), 'utf8'))).toEqual({ $schema: SCHEMA_URL, rules: {} });
    const workflow = fs.readFileSync(path.join(directory, '.github', 'workflows', 'hotpath.yml'), 'utf8');
    expect(workflow).toContain('      - run: npx hotpath --baseline hotpath-baseline.json --format github\n');

    // The baseline holds today's finding: a run against it reports nothing new and passes.
    const checked = hotpathProcess(['--baseline', 'hotpath-baseline.json', '--format', 'json'], directory);
    expect(checked.status).toBe(0);
    expect((JSON.parse(checked.stdout) as { findings: unknown[] }).findings).toEqual([]);

    fs.writeFileSync(path.join(directory, 'hotpath.json'), '{ "rules": { "n-plus-one": "warning" } }\n');
    const again = hotpathProcess(['init'], directory);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('  hotpath.json exists: left as it is\n  hotpath-baseline.json exists: left as it is\n  .github/workflows/hotpath.yml exists: left as it is\n');
    expect(fs.readFileSync(path.join(directory, 'hotpath.json'), 'utf8')).toBe('{ "rules": { "n-plus-one": "warning" } }\n');
    expect(fs.readFileSync(path.join(directory, '.github', 'workflows', 'hotpath.yml'), 'utf8')).toBe(workflow);

    const extra = hotpathProcess(['init', '--force'], directory);
    expect(extra.status).toBe(2);
    expect(extra.stderr).toContain('hotpath init takes no arguments');
  }, 240_000);
});
