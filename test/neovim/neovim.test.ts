import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT, SERVER } from '../lsp/client';

const SHOP = path.join(ROOT, 'test-fixtures', 'example-shop');
const FILE = path.join(SHOP, 'src', 'services', 'order-service.ts');
const INIT = path.join(__dirname, 'init.lua');
const hasNvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;
const inCi = Boolean(process.env['CI']);

interface NeovimResult {
  readonly diagnostics: { lnum: number; col: number; end_lnum: number; end_col: number; severity: number; message: string; code: string; href: string | null }[];
  readonly actions: { title: string; kind: string | null; command: string | null }[];
  readonly errors: string[];
}

if (!hasNvim && !inCi) {
  console.warn('\n!!! NEOVIM TEST SKIPPED: `nvim` is not installed. Install Neovim 0.7+ (`apt-get install -y neovim`) to run it. In CI (CI=true) this fails instead. !!!\n');
}

/** Runs Neovim headless with init.lua; resolves with what init.lua wrote. */
function runNeovim(): Promise<NeovimResult> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-nvim-'));
  const out = path.join(scratch, 'result.json');
  const env = {
    ...process.env,
    HOTPATH_SERVER: SERVER,
    HOTPATH_ROOT: SHOP,
    HOTPATH_FILE: FILE,
    HOTPATH_OUT: out,
    // Keep Neovim's state, logs and swap files out of the user's home.
    XDG_STATE_HOME: scratch,
    XDG_DATA_HOME: scratch,
    XDG_CACHE_HOME: scratch,
    XDG_CONFIG_HOME: scratch,
  };
  return new Promise((resolve, reject) => {
    const child = spawn('nvim', ['--headless', '--noplugin', '-i', 'NONE', '-n', '-u', INIT], { cwd: SHOP, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('exit', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(fs.readFileSync(out, 'utf8')) as NeovimResult);
      } catch (error) {
        reject(new Error(`Neovim wrote no result (${(error as Error).message}); output: ${output}`));
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
      }
    });
  });
}

describe.skipIf(!hasNvim && !inCi)('Neovim 0.7 (vim.lsp.start_client over stdio)', () => {
  beforeAll(() => ensureBuilt());

  it('shows hotpath diagnostics and offers code actions for an N+1', async () => {
    if (!hasNvim) throw new Error('nvim is not installed, and CI requires the Neovim test: install Neovim 0.7+ (apt-get install -y neovim).');
    const result = await runNeovim();
    expect(result.errors).toEqual([]);
    const lines = fs.readFileSync(FILE, 'utf8').split('\n');
    const line = lines.findIndex((text) => text.includes('await customerRepository.findById(order.customerId)'));
    const nPlusOne = result.diagnostics.find((diagnostic) => diagnostic.code === 'n-plus-one');
    expect(nPlusOne).toMatchObject({
      lnum: line,
      col: lines[line]!.indexOf('customerRepository.findById('),
      end_lnum: line,
      severity: 1,
      href: expect.stringMatching(/rules\/n-plus-one\/README\.md$/),
    });
    expect(nPlusOne!.message).toContain('`customerRepository.findById`');
    const titles = result.actions.map((action) => action.title);
    expect(titles).toEqual(expect.arrayContaining(['Ignore this line (hotpath)', 'Ignore n-plus-one in this file', 'Open the docs of n-plus-one']));
    expect(result.actions.find((action) => action.title === 'Open the docs of n-plus-one')).toMatchObject({ kind: 'quickfix', command: 'hotpath.openDocs' });
  }, 180_000);
});
