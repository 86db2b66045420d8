import fs, { readFileSync } from 'node:fs';

export async function declared(file: string): Promise<number> {
  const text = fs.readFileSync(file, 'utf8'); // expect: blocking-call
  return text.length;
}

export async function returned(file: string): Promise<string> {
  return fs.readFileSync(file, 'utf8'); // expect: blocking-call
}

export async function asArgument(file: string): Promise<unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')); // expect: blocking-call
}

export async function assigned(files: string[]): Promise<Buffer | undefined> {
  let last: Buffer | undefined;
  for (const file of files) last = fs.readFileSync(file); // expect: blocking-call
  return last;
}

// No fix: the value is chained on (`await` would need parentheses), a file descriptor, a named import.
export async function chained(file: string): Promise<string[]> {
  return fs.readFileSync(file, 'utf8').split('\n'); // expect: blocking-call
}

export async function byDescriptor(fd: number): Promise<string> {
  return fs.readFileSync(fd, 'utf8'); // expect: blocking-call
}

export async function named(file: string): Promise<string> {
  return readFileSync(file, 'utf8'); // expect: blocking-call
}
