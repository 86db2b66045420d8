import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { hotpath, hotpathProcess, project, PRISMA_IMPORT, TSCONFIG } from './cli-project';

/**
 * `--fix` never damages code (issue 23): whatever the encoding, line ends, comments or links of a
 * file, what it writes parses, bytes outside the edited spans stay as they were, and a second run
 * has nothing left to fix. Each case runs the CLI as a user does.
 */

const FETCH = 'export async function load(url: string) {\n  return fetch(url);\n}\n';
const FETCH_FIXED = 'export async function load(url: string) {\n  return fetch(url, { signal: AbortSignal.timeout(10_000) });\n}\n';

describe('--fix on real files', () => {
  it('a file with a UTF-8 byte order mark gets its edits where they belong, and keeps the mark', () => {
    const directory = project('fix-bom', { 'tsconfig.json': TSCONFIG, 'load.ts': `\uFEFF${FETCH}` });
    const result = hotpathProcess(['--fix'], directory);
    expect(result.stderr).toBe('');
    expect(fs.readFileSync(path.join(directory, 'load.ts'))).toEqual(Buffer.from(`\uFEFF${FETCH_FIXED}`));
  });

  it('a Latin-1 file is left byte for byte as it was, saying why', () => {
    const directory = project('fix-latin1', { 'tsconfig.json': TSCONFIG });
    const bytes = Buffer.concat([Buffer.from('// Fran'), Buffer.from([0xe7]), Buffer.from('ois, caf'), Buffer.from([0xe9]), Buffer.from(`\n${FETCH}`)]);
    fs.writeFileSync(path.join(directory, 'load.ts'), bytes);
    const result = hotpathProcess(['--fix'], directory);
    expect(result.stderr).toBe('hotpath: not fixing load.ts: it is not UTF-8 (convert it to have it fixed)\n');
    expect(result.stdout).toContain('Applied 0 fixes in 0 files.');
    expect(fs.readFileSync(path.join(directory, 'load.ts'))).toEqual(bytes);
  });

  it('a symlinked source file is fixed in its target, and the link stays a link', () => {
    const directory = project('fix-link', { 'tsconfig.json': TSCONFIG, 'shared/load.txt': FETCH });
    fs.symlinkSync(path.join('shared', 'load.txt'), path.join(directory, 'load.ts'));
    hotpathProcess(['--fix'], directory);
    expect(fs.lstatSync(path.join(directory, 'load.ts')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(directory, 'shared', 'load.txt'), 'utf8')).toBe(FETCH_FIXED);
  });

  it('the Promise.all fix keeps the comments of the lines it rewrites', () => {
    const page = `${PRISMA_IMPORT}export async function page(id: string) {
  const user = await prisma.user.findUnique({ where: { id } }); // the signed-in user
  /* then everything they wrote */
  const posts = await prisma.post.findMany(); // newest first
  return { user, posts };
}
`;
    const directory = project('fix-comments', { 'tsconfig.json': TSCONFIG, 'page.ts': page });
    hotpathProcess(['--fix'], directory);
    const fixed = fs.readFileSync(path.join(directory, 'page.ts'), 'utf8');
    expect(fixed).toContain('await Promise.all([');
    for (const comment of ['// the signed-in user', '/* then everything they wrote */', '// newest first']) expect(fixed).toContain(comment);
  });

  it('--fix-dry-run diffs apply with git apply, files without a final newline included', () => {
    const directory = project('fix-diff', { 'tsconfig.json': TSCONFIG, 'a.ts': FETCH.trimEnd(), 'b.ts': `\uFEFF${FETCH.replace(/\n/g, '\r\n')}` });
    const before = { a: fs.readFileSync(path.join(directory, 'a.ts')), b: fs.readFileSync(path.join(directory, 'b.ts')) };
    const diff = hotpathProcess(['--fix-dry-run'], directory).stdout;
    expect(diff).toContain('\\ No newline at end of file');
    const applied = spawnSync('git', ['apply', '--whitespace=nowarn', '-'], { cwd: directory, input: diff, encoding: 'utf8' });
    expect(applied.stderr).toBe('');
    expect(fs.readFileSync(path.join(directory, 'a.ts'), 'utf8')).toBe(FETCH_FIXED.trimEnd());
    expect(fs.readFileSync(path.join(directory, 'b.ts'), 'utf8')).toBe(`\uFEFF${FETCH_FIXED.replace(/\n/g, '\r\n')}`);
    expect(before.a).not.toEqual(fs.readFileSync(path.join(directory, 'a.ts')));
  });
});

/** Pieces of a generated file: code a fix rewrites, and text it must leave alone. */
type Piece = { readonly fixable: true; readonly text: string } | { readonly fixable: false; readonly bytes: Buffer };

const NAMES = ['alpha', 'beta', 'gamma', 'delta'];

const fixablePiece = fc.oneof(
  // missing-timeout: the options argument is added.
  fc.constantFrom(...NAMES).map((name) => `export async function ${name}Fetch(url: string) {\n  return fetch(url);\n}\n`),
  // sequential-await: two reads become one Promise.all, with their comments.
  fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom('', ' // first', ' /* a */'), fc.constantFrom('', '  // between\n')).map(
    ([name, trailing, between]) =>
      `export async function ${name}Page(id: string) {\n  const user = await prisma.user.findUnique({ where: { id } });${trailing}\n${between}  const posts = await prisma.post.findMany();\n  return { user, posts };\n}\n`,
  ),
);

const protectedPiece = fc.oneof(
  fc.constantFrom('// a comment, with a tab\there\n', '/* block\n   comment */\n', 'export const answer = 42;\n', '\n'),
  // Non-ASCII: UTF-8 text (fixable files), or a Latin-1 byte (the file must then be left alone).
  fc.constantFrom('// café\n', '// 日本語\n'),
);

const generatedFile = fc.record({
  bom: fc.boolean(),
  lineEnds: fc.constantFrom('lf', 'crlf', 'mixed'),
  latin1: fc.boolean(),
  symlinked: fc.boolean(),
  pieces: fc.array(fc.oneof(fixablePiece.map((text): { fixable: true; text: string } => ({ fixable: true, text })), protectedPiece.map((text): { fixable: false; text: string } => ({ fixable: false, text }))), { minLength: 1, maxLength: 6 }),
});

type Generated = typeof generatedFile extends fc.Arbitrary<infer T> ? T : never;

/** The file's bytes and, in order, the byte runs no fix may touch. */
function render(file: Generated): { bytes: Buffer; pieces: Piece[] } {
  let counter = 0;
  const withEnds = (text: string): string => {
    if (file.lineEnds === 'lf') return text;
    if (file.lineEnds === 'crlf') return text.replace(/\n/g, '\r\n');
    return text.replace(/\n/g, () => (counter++ % 2 ? '\r\n' : '\n'));
  };
  // Declarations the same in every piece: the names of the fixable functions must not clash.
  const seen = new Set<string>();
  const pieces: Piece[] = [{ fixable: false, bytes: Buffer.from(withEnds(PRISMA_IMPORT)) }];
  for (const piece of file.pieces) {
    if (piece.fixable) {
      if (seen.has(piece.text)) continue;
      seen.add(piece.text);
      pieces.push({ fixable: true, text: withEnds(piece.text) });
    } else {
      pieces.push({ fixable: false, bytes: file.latin1 && piece.text === '// café\n' ? Buffer.from([0x2f, 0x2f, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x0a]) : Buffer.from(withEnds(piece.text)) });
    }
  }
  const bytes = Buffer.concat([Buffer.from(file.bom ? [0xef, 0xbb, 0xbf] : []), ...pieces.map((piece) => (piece.fixable ? Buffer.from(piece.text) : piece.bytes))]);
  return { bytes, pieces };
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe('--fix as a property', () => {
  it('every fixed file parses, bytes outside the edits are unchanged, and a second run has nothing to fix', async () => {
    await fc.assert(
      fc.asyncProperty(generatedFile, async (file) => {
        const { bytes, pieces } = render(file);
        const directory = project('fix-property', { 'tsconfig.json': TSCONFIG });
        // The file lives outside the include when linked: the link is what the project lists.
        const real = path.join(directory, file.symlinked ? 'shared/page.txt' : 'page.ts');
        fs.mkdirSync(path.dirname(real), { recursive: true });
        fs.writeFileSync(real, bytes);
        if (file.symlinked) fs.symlinkSync(path.join('shared', 'page.txt'), path.join(directory, 'page.ts'));

        const first = await hotpath(['--fix'], directory);
        expect(first.status).not.toBe(2);
        const after = fs.readFileSync(real);
        if (file.symlinked) expect(fs.lstatSync(path.join(directory, 'page.ts')).isSymbolicLink()).toBe(true);
        if (!isUtf8(bytes)) {
          // Not UTF-8: left alone, byte for byte, and said so.
          expect(after).toEqual(bytes);
          expect(first.stderr).toContain('not fixing page.ts: it is not UTF-8');
          return;
        }
        // The byte order mark stays, and every protected run is still there, in order.
        expect(after.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(file.bom);
        let from = file.bom ? 3 : 0;
        for (const piece of pieces) {
          if (piece.fixable) continue;
          const at = after.indexOf(piece.bytes, from);
          expect(at, `kept: ${JSON.stringify(piece.bytes.toString('latin1'))}`).toBeGreaterThanOrEqual(from);
          from = at + piece.bytes.length;
        }
        // It parses.
        const output = ts.transpileModule(after.toString('utf8'), { reportDiagnostics: true, fileName: 'page.ts' });
        expect(output.diagnostics ?? []).toEqual([]);
        // Nothing is left to fix.
        const second = await hotpath(['--fix-dry-run'], directory);
        expect(second.stdout).toBe('');
      }),
      { numRuns: 12, seed: 23 },
    );
  });
});
