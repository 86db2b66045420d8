import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { compilePattern } from '../core/classify';
import { IMPORT_SHAPES, IO_MODEL, type LibraryModel } from '../core/io-model';
import { normaliseModule, OriginResolver } from '../core/origin';
import { FIXTURES } from './analyze';

/**
 * Every entry of the I/O table against the real typings of the installed packages: each container
 * pattern, member, transaction, connection type, builder and client constructor must name something
 * the package declares (as origin.ts reads declarations: module and member path). An entry that
 * matches nothing is a library whose calls go unseen, as Prisma's did when its generated client moved
 * the delegates into `namespace Prisma`. Libraries not installed here are listed as skipped.
 * (The bare-mode half, each entry classified from its import origin, lives in its own test.)
 */

/** Prisma's clients as `prisma generate` writes them for the fixtures: both generators. */
const PRISMA_CLIENTS = [path.join(FIXTURES, 'generated', 'prisma'), path.join(FIXTURES, 'unindexed-sql', 'prisma-project', 'src', 'generated', 'prisma', 'client')];
/** Modules that are not packages: Node's built-ins (from @types/node) and the global scope. */
const BUILT_INS = new Set(['global', 'http', 'https', 'http2', 'fs', 'fs/promises']);

/**
 * Containers named for bare mode only (`IMPORT_SHAPES`: where an untyped call lands, such as
 * node-redis' `RedisClientType`, a type alias that declares no member itself): the bare-mode test checks them.
 */
const BARE_CONTAINERS = new Set(IMPORT_SHAPES.flatMap((shape) => shape.containers.filter((container): container is string => container !== undefined)));
/** Entries for versions users have that are not the one installed here, each with the version that declares it. */
const OTHER_VERSIONS: Readonly<Record<string, string>> = {
  'axios: instance factory `AxiosStatic.create` is declared nowhere': 'earlier axios 1.x typings declare `create` on AxiosStatic; the installed one on AxiosInstance',
  'fs: container `promises` declares nothing': "@types/node up to 14 declares `namespace promises` inside 'fs'",
  'node-redis: container `RedisCommandSignature` declares nothing': 'node-redis 4 (@redis/client 1.x) types its commands as RedisCommandSignature (seen in umami, redis 4.7.1)',
};

const directory = fs.mkdtempSync(path.join(FIXTURES, '.tmp-typings-'));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));
const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: ['node'], lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], skipLibCheck: true, noEmit: true, strict: true };
const index = path.join(directory, 'index.ts');

function installed(module: string): boolean {
  if (module === '@prisma/client' || BUILT_INS.has(module)) return true;
  return ts.resolveModuleName(module, index, options, ts.sys).resolvedModule !== undefined;
}

const modules = [...new Set(IO_MODEL.flatMap((model) => model.modules.map(normaliseModule)))].filter((module) => module !== 'global' && module !== '@prisma/client' && installed(module));
const specifiers = [...modules.map((module) => (BUILT_INS.has(module) ? `node:${module}` : module)), ...PRISMA_CLIENTS.map((client) => `./${path.relative(directory, client).replace(/\\/g, '/')}`)];
fs.writeFileSync(index, specifiers.map((specifier, position) => `import * as m${position} from '${specifier}';\nvoid m${position};\n`).join(''));

/** Every declared path per module: `['Pool', 'query']` as `Pool.query`. */
function declaredPaths(): Map<string, Set<string>> {
  const program = ts.createProgram([index], options);
  // Binding sets the parent pointers origin.ts walks.
  program.getTypeChecker();
  const origins = new OriginResolver(program);
  const paths = new Map<string, Set<string>>();
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.fileName === index.replace(/\\/g, '/')) continue;
    const visit = (node: ts.Node): void => {
      if (isDeclaration(node)) {
        const origin = origins.originOf(node);
        if (origin) {
          const module = normaliseModule(origin.module);
          if (!paths.has(module)) paths.set(module, new Set());
          paths.get(module)!.add(origin.path.join('.'));
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return paths;
}

function isDeclaration(node: ts.Node): boolean {
  return (
    ts.isMethodSignature(node) || ts.isMethodDeclaration(node) || ts.isPropertySignature(node) || ts.isPropertyDeclaration(node) || ts.isFunctionDeclaration(node) ||
    ts.isVariableDeclaration(node) || ts.isCallSignatureDeclaration(node) || ts.isConstructSignatureDeclaration(node) || ts.isConstructorDeclaration(node) ||
    ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isModuleDeclaration(node) || ts.isFunctionTypeNode(node)
  );
}

/** What of one library's entry the typings do not declare, as readable lines. */
function unmatchedEntries(model: LibraryModel, paths: ReadonlySet<string>): string[] {
  const declared = [...paths].map((full) => {
    const parts = full.split('.');
    return { full, container: parts.slice(0, -1).join('.'), member: parts[parts.length - 1]! };
  });
  const failures: string[] = [];
  for (const group of model.members) {
    const containers = group.on.map(compilePattern);
    for (const [pattern, compiled] of group.on.map((on, position) => [on, containers[position]!] as const)) {
      if (!BARE_CONTAINERS.has(pattern) && !declared.some((entry) => compiled.test(entry.container))) failures.push(`container \`${pattern || '(module scope)'}\` declares nothing`);
    }
    const same = (a: string, b: string): boolean => (group.ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b);
    // A member of a mapped type (`?`) is named at the call: it stands for any name.
    for (const member of [...(group.reads ?? []), ...(group.writes ?? []), ...Object.keys(group.decided ?? {})]) {
      if (!declared.some((entry) => containers.some((compiled) => compiled.test(entry.container)) && (same(entry.member, member) || entry.member === '?'))) {
        failures.push(`member \`${member}\` is declared on none of ${group.on.map((on) => `\`${on || '(module scope)'}\``).join(', ')}`);
      }
    }
  }
  const byPath: [string, readonly string[] | undefined][] = [
    ['transaction', model.transactions],
    ['one-connection type', model.oneConnection],
    ['awaited builder', model.awaitables],
    ['queueing receiver', model.queues?.receivers],
    ['client constructor', model.timeout?.clients],
    ['instance factory', model.timeout?.instances],
  ];
  for (const [what, patterns] of byPath) {
    for (const pattern of patterns ?? []) {
      const compiled = compilePattern(pattern);
      if (!declared.some((entry) => compiled.test(entry.full))) failures.push(`${what} \`${pattern}\` is declared nowhere`);
    }
  }
  return failures.filter((failure) => !(`${model.name}: ${failure}` in OTHER_VERSIONS));
}

describe('the I/O table against the installed typings', () => {
  const paths = declaredPaths();
  for (const model of IO_MODEL) {
    const checked = model.modules.map(normaliseModule).filter((module) => paths.has(module));
    const title = `${model.name} (${checked.length ? checked.join(', ') : `not installed: ${model.modules.join(', ')}`})`;
    if (!checked.length) {
      it.skip(title, () => undefined);
      continue;
    }
    it(title, () => {
      const union = new Set(checked.flatMap((module) => [...paths.get(module)!]));
      expect(unmatchedEntries(model, union)).toEqual([]);
    });
  }
});
