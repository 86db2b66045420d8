import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IO_MODEL } from '../core/io-model';
import { analyzeTsconfig, FIXTURES, giveFixturesConfig, type ProjectRun } from './analyze';
import { expectedFindings } from './markers';

/**
 * Bare mode: a backend checked out without node_modules. The fixture is copied where no
 * node_modules is reachable (none above the system's temporary folder), so every library import
 * fails to resolve and calls are classified from import origins alone.
 *
 * - `src/io/<library>.ts`: one file per entry of the I/O model; each call marked `// io: <library>
 *   <read|write>` must be classified exactly so (from its import), and no other call at all.
 * - every other file: `// expect: <rule-id>` markers, checked exactly for every rule.
 */
const BARE = path.join(FIXTURES, 'bare');
const IO_MARKER = /\/\/ io: (.+?)\s*$/;
let copy: string;
let run: ProjectRun;

beforeAll(() => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-bare-'));
  fs.cpSync(BARE, copy, { recursive: true });
  giveFixturesConfig(copy);
  run = analyzeTsconfig(path.join(copy, 'tsconfig.json'));
});
afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.ts')).map((entry) => path.join(entry.parentPath, entry.name)).sort();
}

function lineOf(sourceFile: ts.SourceFile, offset: number): number {
  return sourceFile.getLineAndCharacterOfPosition(offset).line + 1;
}

/** `line: <library> <operation>` for each library call in the file, as the analyzer classifies it. */
function classifiedCalls(file: string): { calls: string[]; inferred: boolean } {
  const sourceFile = run.program.getSourceFile(file)!;
  const calls = new Set<string>();
  let inferred = true;
  const visit = (node: ts.Node): void => {
    const site = run.analyzer.io.siteOf(node);
    for (const trace of site && !site.through ? site.traces : []) {
      calls.add(`${lineOf(sourceFile, node.getStart())}: ${trace.io.library} ${trace.io.operation}`);
      inferred &&= trace.io.inferred !== undefined;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { calls: [...calls], inferred };
}

function ioMarkers(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, index) => {
      const match = IO_MARKER.exec(line);
      return match ? [`${index + 1}: ${match[1]}`] : [];
    });
}

describe('bare mode (no node_modules)', () => {
  it('resolves no package: the copy reaches no node_modules', () => {
    const external = run.program.getSourceFiles().filter((file) => !run.program.isSourceFileDefaultLibrary(file) && !path.resolve(file.fileName).startsWith(fs.realpathSync(copy)) && !path.resolve(file.fileName).startsWith(copy));
    expect(external.map((file) => file.fileName)).toEqual([]);
  });

  it('has a file for every entry of the I/O model', () => {
    const covered = new Set(sourceFiles(path.join(BARE, 'src', 'io')).flatMap((file) => ioMarkers(file).map((marker) => marker.split(': ')[1]!.split(' ')[0]!)));
    expect([...covered].sort()).toEqual(IO_MODEL.map((model) => model.name).sort());
  });

  for (const file of sourceFiles(path.join(BARE, 'src', 'io'))) {
    it(`classifies ${path.basename(file, '.ts')} from its import origin`, () => {
      const copied = path.join(copy, path.relative(BARE, file));
      const { calls, inferred } = classifiedCalls(copied);
      expect(calls).toEqual(ioMarkers(file));
      expect(inferred).toBe(true);
    });
  }

  for (const file of sourceFiles(BARE).filter((file) => !file.includes(`${path.sep}io${path.sep}`))) {
    it(`reports exactly the markers of ${path.relative(BARE, file)}`, () => {
      const copied = path.join(copy, path.relative(BARE, file));
      const sourceFile = run.program.getSourceFile(copied)!;
      const actual = run.findings.filter((finding) => path.resolve(finding.file) === copied).map((finding) => `${lineOf(sourceFile, finding.start)}: ${finding.ruleId}`);
      expect(actual).toEqual(expectedFindings(file));
    });
  }

  it('says which import a finding rests on (shown with --explain)', () => {
    const users = path.join(copy, 'src', 'users.ts');
    const sourceFile = run.program.getSourceFile(users)!;
    const finding = run.findings.find((candidate) => path.resolve(candidate.file) === users && lineOf(sourceFile, candidate.start) === 9)!;
    expect(path.relative(copy, finding.inference!.file)).toBe(path.join('src', 'models', 'base.ts'));
    expect(finding.inference!.message).toBe('Sequelize read inferred from this import: `Model` of `sequelize-typescript` is not installed, its typings were not read');
  });

  it('names only the missing packages that change findings: modelled ones, and those called where a finding could be', () => {
    // Not `node:events` or `node:fs/promises` (Node's own), `./client` (the project's), `@nestjs/common` (only decorators and types).
    expect(run.analyzer.unresolvedPackages()).toEqual([
      '@aws-sdk/client-dynamodb', '@aws-sdk/client-s3', '@aws-sdk/lib-dynamodb', '@elastic/elasticsearch', '@mikro-orm/core', '@nestjs/axios', '@nestjs/cache-manager',
      '@nestjs/typeorm', '@prisma/client', 'axios', 'bullmq', 'cache-manager', 'drizzle-orm', 'es-toolkit', 'got', 'ioredis', 'knex', 'ky', 'kysely', 'mongoose',
      'mysql2', 'nodemailer', 'objection', 'openai', 'pg', 'redis', 'rxjs', 'sequelize', 'sequelize-typescript', 'stripe', 'typeorm', 'undici',
    ]);
  });

  it('no rule threw', () => {
    expect(run.analyzer.failures).toEqual([]);
  });
});
