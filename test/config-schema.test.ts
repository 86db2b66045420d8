import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig, SCHEMA_URL, SQL_KEYS, TOP_LEVEL_KEYS } from '../core/config';
import { RULE_METAS } from '../rules';
import { ROOT } from './analyze';
import { hotpathProcess, N_PLUS_ONE, repository, TSCONFIG, writeFiles } from './cli-project';

interface ObjectSchema {
  readonly properties: Record<string, ObjectSchema & { oneOf?: readonly ObjectSchema[]; items?: unknown; default?: unknown }>;
}

const schemaFile = path.join(ROOT, 'schema', 'hotpath.schema.json');
const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as ObjectSchema & { $id: string };
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** The README's hotpath.json example (the jsonc block of its Configuration section). */
function readmeExample(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Configuration'));
  return /```jsonc\n([\s\S]*?)```/.exec(section)![1]!;
}

describe('the JSON Schema of hotpath.json (schema/hotpath.schema.json)', () => {
  it('holds exactly the keys, rules and options the config loader accepts', () => {
    expect(schema.$id).toBe(SCHEMA_URL);
    expect(Object.keys(schema.properties).sort()).toEqual([...TOP_LEVEL_KEYS].sort());
    expect(Object.keys(schema.properties['sql']!.properties).sort()).toEqual([...SQL_KEYS].sort());
    const rules = schema.properties['rules']!.properties;
    expect(Object.keys(rules).sort(), 'a new rule goes into schema/hotpath.schema.json too ("rules".properties)').toEqual(RULE_METAS.map((meta) => meta.id).sort());
    for (const meta of RULE_METAS) {
      const options = rules[meta.id]!.oneOf![2]!.properties['options']!.properties;
      expect(Object.keys(options).sort(), meta.id).toEqual(Object.keys(meta.options).sort());
      for (const [name, spec] of Object.entries(meta.options)) expect(options[name]!.default, `${meta.id}.${name}`).toEqual(spec.default);
    }
  });

  it('validates the README example, which the loader accepts too; rejects what the loader rejects', () => {
    const text = readmeExample();
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
    const base = path.join(ROOT, 'test-fixtures', 'hotpath.base.json');
    // The example extends ./hotpath.base.json: a file the loader reads (here, an empty config in memory is not enough).
    fs.writeFileSync(base, '{}');
    try {
      expect(() => parseConfig(text, path.join(ROOT, 'test-fixtures', 'hotpath.json'), RULE_METAS)).not.toThrow();
    } finally {
      fs.rmSync(base);
    }
    for (const bad of ['{ "rulez": {} }', '{ "rules": { "n-plus-one": "loud" } }', '{ "rules": { "n-plus-one": ["error", { "kinds": ["disk"] }] } }', '{ "sql": { "explain": "yes" } }', '{ "extends": 3 }']) {
      expect(validate(JSON.parse(bad)), bad).toBe(false);
      expect(() => parseConfig(bad, path.join(ROOT, 'hotpath.json'), RULE_METAS), bad).toThrow();
    }
  });
});

describe('one hotpath.json for a repository, with extends (built dist/cli.js)', () => {
  it('a repository root\'s hotpath.json applies to every project below it, its globs relative to itself', () => {
    const directory = repository('root-config', {
      'apps/api/tsconfig.json': TSCONFIG,
      'apps/api/load.ts': N_PLUS_ONE.replaceAll('../', '../../../'),
      'hotpath.json': '{ "rules": { "n-plus-one": ["warning", { "collections": "any" }] }, "ignore": ["apps/api/generated-*.ts"] }',
    });
    const printed = JSON.parse(hotpathProcess(['--print-config', 'apps/api/load.ts'], directory).stdout) as { config: string; rules: Record<string, unknown>; ignore: string[] };
    expect(printed.config).toBe('hotpath.json');
    expect(printed.rules['n-plus-one']).toEqual(['warning', expect.anything()]);
    const run = hotpathProcess(['--format', 'json'], directory);
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { findings: { file: string; severity: string }[] }).findings).toEqual([expect.objectContaining({ file: 'apps/api/load.ts', severity: 'warning' })]);
    // The ignore glob, relative to the root's hotpath.json, reaches into the project.
    fs.renameSync(path.join(directory, 'apps/api/load.ts'), path.join(directory, 'apps/api/generated-load.ts'));
    expect((JSON.parse(hotpathProcess(['--format', 'json'], directory).stdout) as { findings: unknown[] }).findings).toEqual([]);
    // A project's own hotpath.json is nearer: it applies instead.
    writeFiles(directory, { 'apps/api/hotpath.json': '{}' });
    expect((JSON.parse(hotpathProcess(['--print-config', 'apps/api/load.ts'], directory).stdout) as { config: string }).config).toBe('apps/api/hotpath.json');
  }, 240_000);

  it('extends a relative file or a package\'s hotpath.json; a missing one or a cycle is a clear error', () => {
    const directory = repository('extends', {
      'tsconfig.json': TSCONFIG,
      'load.ts': 'export const x = 1;\n',
      'node_modules/@acme/hotpath-config/package.json': '{ "name": "@acme/hotpath-config", "version": "1.0.0", "main": "index.js" }',
      'node_modules/@acme/hotpath-config/hotpath.json': '{ "rules": { "missing-timeout": "error", "sequential-await": "off" }, "tests": true, "ignore": ["**/*.gen.ts"] }',
      'base.json': '{ "extends": "@acme/hotpath-config", "rules": { "sequential-await": "info" } }',
      'hotpath.json': '{ "extends": ["./base.json"], "rules": { "n-plus-one": "warning" }, "ignore": ["legacy/**"] }',
    });
    const print = (): { status: number; stdout: string; stderr: string } => hotpathProcess(['--print-config', 'load.ts'], directory);
    const printed = JSON.parse(print().stdout) as { rules: Record<string, unknown>; tests: boolean; ignore: string[] };
    expect(printed.rules['missing-timeout']).toEqual(['error', expect.anything()]);
    expect(printed.rules['sequential-await']).toEqual(['info', expect.anything()]);
    expect(printed.rules['n-plus-one']).toEqual(['warning', expect.anything()]);
    expect(printed.tests).toBe(true);
    expect(printed.ignore).toEqual(['**/*.gen.ts', 'legacy/**']);

    fs.writeFileSync(path.join(directory, 'base.json'), '{ "extends": "./hotpath.json" }');
    const cycle = print();
    expect(cycle.status).toBe(2);
    expect(cycle.stderr).toContain(`"extends" makes a cycle: ${path.join(directory, 'hotpath.json')} → ${path.join(directory, 'base.json')} → ${path.join(directory, 'hotpath.json')}`);

    fs.writeFileSync(path.join(directory, 'base.json'), '{ "extends": "./shared/missing.json" }');
    const missing = print();
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`${path.join(directory, 'base.json')}: "extends" names ${path.join(directory, 'shared', 'missing.json')}, which cannot be read (ENOENT)`);

    fs.writeFileSync(path.join(directory, 'base.json'), '{ "extends": "@acme/not-installed" }');
    expect(print().stderr).toContain('"extends" names @acme/not-installed, but @acme/not-installed/hotpath.json is not installed');
  }, 240_000);

  it('names every file a config is read from, and those being read when a problem is found (what the editor watches)', () => {
    const directory = repository('config-files', {
      'node_modules/@acme/hotpath-config/package.json': '{ "name": "@acme/hotpath-config", "version": "1.0.0" }',
      'node_modules/@acme/hotpath-config/hotpath.json': '{ "rules": { "missing-timeout": "error" } }',
      'config/base.json': '{ "extends": "@acme/hotpath-config" }',
      'hotpath.json': '{ "extends": "./config/base.json" }',
    });
    const file = (name: string): string => path.join(directory, name);
    expect(loadConfig(file('hotpath.json'), RULE_METAS).files).toEqual([file('node_modules/@acme/hotpath-config/hotpath.json'), file('config/base.json'), file('hotpath.json')]);
    fs.writeFileSync(file('config/base.json'), '{ "extends": "./missing.json" }');
    let error: unknown;
    try {
      loadConfig(file('hotpath.json'), RULE_METAS);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).files).toEqual([file('config/missing.json'), file('config/base.json'), file('hotpath.json')]);
  });
});
