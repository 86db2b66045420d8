import fs, { existsSync, readFileSync } from 'node:fs';
import * as childProcess from 'node:child_process';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import bcrypt from 'bcrypt';
import bcryptjs from 'bcryptjs';

// Module top level runs once, when the process starts: not a finding.
export const settings = JSON.parse(fs.readFileSync('settings.json', 'utf8')) as Record<string, string>;

export async function renderInvoice(id: string): Promise<string> {
  const layout = fs.readFileSync(`templates/${id}.html`, 'utf8'); // expect: blocking-call
  return layout.replace('{{id}}', id);
}

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hashSync(password, 12); // expect: blocking-call
}

export const verifyPassword = async (password: string, hash: string): Promise<boolean> => bcryptjs.compareSync(password, hash); // expect: blocking-call

export async function deriveKey(password: string, salt: string): Promise<Buffer> {
  return crypto.pbkdf2Sync(password, salt, 100_000, 64, 'sha512'); // expect: blocking-call
}

export async function compress(body: string): Promise<Buffer> {
  return zlib.gzipSync(body); // expect: blocking-call
}

export async function currentCommit(): Promise<string> {
  return childProcess.execSync('git rev-parse HEAD').toString().trim(); // expect: blocking-call
}

// One metadata system call: too small to be worth an await.
export async function hasUpload(file: string): Promise<boolean> {
  return existsSync(file);
}

// An iteration callback runs inside the async function that calls it.
export async function readAll(files: string[]): Promise<string[]> {
  return files.map((file) => readFileSync(file, 'utf8')); // expect: blocking-call
}

// The promise API does not block.
export async function renderQuietly(id: string): Promise<string> {
  return fs.promises.readFile(`templates/${id}.html`, 'utf8');
}

// A synchronous helper that no request handler and no async function calls.
export function loadLocale(name: string): string {
  return fs.readFileSync(`locales/${name}.json`, 'utf8');
}

// Called only from the module's top level: start-up code.
async function loadCertificate(): Promise<Buffer> {
  return fs.readFileSync('certificate.pem');
}
export const certificate = loadCertificate();

// Crypto calls that are not key derivation, and a project method that shares a blocking member's name.
const uploads = { existsSync: (key: string): boolean => key.length > 0 };
export async function newToken(key: string): Promise<string> {
  return uploads.existsSync(key) ? crypto.randomUUID() : '';
}

// A callback registered inside an async function runs when its event fires, not as part of the function.
export async function watchConfig(): Promise<void> {
  fs.watch('settings.json', () => {
    Object.assign(settings, JSON.parse(fs.readFileSync('settings.json', 'utf8')));
  });
}

// Read once and kept for every later call.
let logo: Buffer | undefined;
export async function renderLogo(): Promise<Buffer> {
  logo ??= fs.readFileSync('logo.png');
  return logo;
}

const partials = new Map<string, string>();
export async function partial(name: string): Promise<string> {
  if (!partials.has(name)) partials.set(name, fs.readFileSync(`partials/${name}.hbs`, 'utf8'));
  return partials.get(name)!;
}

// A local variable is not kept: every call reads again.
export async function renderFooter(): Promise<string> {
  let footer: string | undefined;
  footer ??= fs.readFileSync('footer.html', 'utf8'); // expect: blocking-call
  return footer;
}

// A branch that runs once: it tests a module-level flag and sets it.
let wasmLoaded = false;
export async function inlineStyles(html: string): Promise<string> {
  if (!wasmLoaded) {
    fs.readFileSync('inline.wasm');
    wasmLoaded = true;
  }
  return html;
}
