import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../core/analyzer';
import { parseConfig } from '../core/config';
import { RULES, RULE_METAS } from '../rules';
import { FIXTURES } from './analyze';

/**
 * An editor's analyzer keeps the summaries of the previous program that an edit cannot reach. Each
 * case edits one file the way a user would and checks that the analyzer built from the previous one
 * reports exactly what a fresh analyzer reports, and that the edit changed the findings at all (so
 * a summary carried over wrongly would show).
 */

// Under test-fixtures so that the root node_modules' typings (pg) resolve; never written to disk.
const ROOT = path.join(FIXTURES, '.carry-over');
// n-plus-one over every collection, as in the fixtures: the loops here walk parameters.
const config = parseConfig('{ "rules": { "n-plus-one": ["error", { "collections": "any" }] } }', path.join(ROOT, 'hotpath.json'), RULE_METAS);

/** A language service over files held in memory, as the editor's is over open documents. */
class Workspace {
  private readonly files = new Map<string, { text: string; version: number }>();
  private readonly service: ts.LanguageService;

  constructor(files: Record<string, string>) {
    for (const [name, text] of Object.entries(files)) this.files.set(path.join(ROOT, name), { text, version: 1 });
    const host: ts.LanguageServiceHost = {
      getScriptFileNames: () => [...this.files.keys()],
      getScriptVersion: (fileName) => String(this.files.get(fileName)?.version ?? 0),
      getScriptSnapshot: (fileName) => {
        const text = this.files.get(fileName)?.text ?? ts.sys.readFile(fileName);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCompilationSettings: () => ({ target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, types: ['node'] }),
      getCurrentDirectory: () => ROOT,
      getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
      fileExists: (fileName) => this.files.has(fileName) || ts.sys.fileExists(fileName),
      readFile: (fileName) => this.files.get(fileName)?.text ?? ts.sys.readFile(fileName),
      readDirectory: ts.sys.readDirectory,
      directoryExists: (directory) => directory.startsWith(ROOT) || ts.sys.directoryExists(directory),
      getDirectories: ts.sys.getDirectories,
    };
    this.service = ts.createLanguageService(host, ts.createDocumentRegistry());
  }

  edit(name: string, text: string): void {
    const file = this.files.get(path.join(ROOT, name))!;
    this.files.set(path.join(ROOT, name), { text, version: file.version + 1 });
  }

  program(): ts.Program {
    return this.service.getProgram()!;
  }
}

function findings(analyzer: Analyzer, name: string): string[] {
  const sourceFile = analyzer.program.getSourceFile(path.join(ROOT, name))!;
  return analyzer.analyzeFile(sourceFile).map((finding) => `${finding.ruleId} ${sourceFile.getLineAndCharacterOfPosition(finding.start).line + 1}`);
}

/** Analyses `checked` before and after `change`: the carried-over analyzer must agree with a fresh one, and the findings must differ from before. */
function expectCarriedOver(files: Record<string, string>, checked: string, change: (workspace: Workspace) => void): void {
  const workspace = new Workspace(files);
  const before = new Analyzer(workspace.program(), RULES, config);
  const initial = findings(before, checked);
  change(workspace);
  const program = workspace.program();
  const carried = new Analyzer(program, RULES, config, undefined, before);
  const fresh = new Analyzer(program, RULES, config);
  expect(findings(carried, checked)).toEqual(findings(fresh, checked));
  expect(findings(fresh, checked)).not.toEqual(initial);
}

const DB = `import pg from 'pg';\nexport const pool = new pg.Pool();\n`;
const LOOP = `import { load } from './helper.js';\nexport async function all(ids: string[]) {\n  for (const id of ids) await load(id);\n}\n`;

describe('summaries carried over from the previous program', () => {
  it('drops the summary of a function whose callee in another file was edited', () => {
    const files = {
      'db.ts': DB,
      'deep.ts': `export async function fetchRow(id: string) { return id; }\n`,
      'helper.ts': `import { fetchRow } from './deep.js';\nexport async function load(id: string) { return fetchRow(id); }\n`,
      'route.ts': LOOP,
    };
    expectCarriedOver(files, 'route.ts', (workspace) =>
      workspace.edit('deep.ts', `import { pool } from './db.js';\nexport async function fetchRow(id: string) { return pool.query('select 1 where id = $1', [id]); }\n`),
    );
  });

  it('drops the summary of a function whose imported types changed', () => {
    const files = {
      // pg is in the program before the edit too: a program with other files keeps nothing.
      'pool.ts': DB,
      'db.ts': `export interface Db { query(text: string, values: unknown[]): Promise<unknown> }\n`,
      'helper.ts': `import type { Db } from './db.js';\nexport async function load(db: Db, id: string) { return db.query('select 1 where id = $1', [id]); }\n`,
      'route.ts': `import { load } from './helper.js';\nimport type { Db } from './db.js';\nexport async function all(db: Db, ids: string[]) {\n  for (const id of ids) await load(db, id);\n}\n`,
    };
    expectCarriedOver(files, 'route.ts', (workspace) => workspace.edit('db.ts', `import pg from 'pg';\nexport type Db = pg.Pool;\n`));
  });

  it('drops the summary of a call through an interface when a file gains an implementation', () => {
    const files = {
      'db.ts': DB,
      'store.ts': `export interface Store { load(id: string): Promise<unknown> }\n`,
      'pg-store.ts': `import { pool } from './db.js';\nimport type { Store } from './store.js';\nexport class PgStore implements Store { async load(id: string) { return pool.query('select 1 where id = $1', [id]); } }\n`,
      'memory.ts': `export const cache = new Map<string, unknown>();\n`,
      'helper.ts': `import type { Store } from './store.js';\nexport async function load(store: Store, id: string) { return store.load(id); }\n`,
      'route.ts': `import { load } from './helper.js';\nimport type { Store } from './store.js';\nexport async function all(store: Store, ids: string[]) {\n  for (const id of ids) await load(store, id);\n}\n`,
    };
    // With two implementations the call no longer reaches one known function.
    expectCarriedOver(files, 'route.ts', (workspace) =>
      workspace.edit('memory.ts', `import type { Store } from './store.js';\nexport const cache = new Map<string, unknown>();\nexport class MemoryStore implements Store { async load(id: string) { return cache.get(id); } }\n`),
    );
  });

  it('keeps the summaries an edit cannot reach', () => {
    const workspace = new Workspace({ 'db.ts': DB, 'helper.ts': `import { pool } from './db.js';\nexport async function load(id: string) { return pool.query('select 1 where id = $1', [id]); }\n`, 'route.ts': LOOP });
    const before = new Analyzer(workspace.program(), RULES, config);
    expect(findings(before, 'route.ts')).toEqual(['n-plus-one 3']);
    workspace.edit('route.ts', `${LOOP}export const edited = 1;\n`);
    const carried = new Analyzer(workspace.program(), RULES, config, undefined, before);
    const helper = carried.program.getSourceFile(path.join(ROOT, 'helper.ts'))!;
    const load = helper.statements.find(ts.isFunctionDeclaration)!;
    // The same summary object: not computed again by the new analyzer.
    expect(carried.io.summaryOf(load)).toBe(before.io.summaryOf(load));
    expect(findings(carried, 'route.ts')).toEqual(['n-plus-one 3']);
  });
});

describe('file roles carried over from the previous program', () => {
  const files = { 'db.ts': DB, 'helper.ts': `import { pool } from './db.js';\nexport async function load(id: string) { return pool.query('select 1 where id = $1', [id]); }\n`, 'route.ts': LOOP };
  const sourceOf = (analyzer: Analyzer, name: string): ts.SourceFile => analyzer.program.getSourceFile(path.join(ROOT, name))!;

  it('keeps the decisions when an edit leaves every file\'s imports and directives as they were', () => {
    const workspace = new Workspace(files);
    const before = new Analyzer(workspace.program(), RULES, config);
    const decided = before.roleOf(sourceOf(before, 'route.ts'));
    workspace.edit('route.ts', `${LOOP}export const edited = 1;\n`);
    const carried = new Analyzer(workspace.program(), RULES, config, undefined, before);
    // The same decision object: roles were not decided again for the new program.
    expect(carried.roleOf(sourceOf(carried, 'route.ts'))).toBe(decided);
  });

  it('decides again when an edit changes what a role is decided from', () => {
    const workspace = new Workspace(files);
    const before = new Analyzer(workspace.program(), RULES, config);
    expect(before.roleOf(sourceOf(before, 'route.ts')).role).toBe('server');
    workspace.edit('route.ts', `'use client';\n${LOOP}`);
    const program = workspace.program();
    const carried = new Analyzer(program, RULES, config, undefined, before);
    const fresh = new Analyzer(program, RULES, config);
    expect(carried.roleOf(sourceOf(carried, 'route.ts'))).toEqual(fresh.roleOf(sourceOf(fresh, 'route.ts')));
    expect(carried.roleOf(sourceOf(carried, 'route.ts')).role).toBe('browser');
  });
});
