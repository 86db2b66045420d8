import { answerWithoutEngine } from './args';

const argv = process.argv.slice(2);

/**
 * The report could not be written: the reader went away (`hotpath . | head`: EPIPE) or the disk is
 * full (ENOSPC). Node reports both as an 'error' event on the stream, which would otherwise end the
 * process with a stack trace and exit code 1 whatever the options said.
 */
let outputError: NodeJS.ErrnoException | undefined;
const onOutputError = (error: NodeJS.ErrnoException): void => {
  outputError ??= error;
};
process.stdout.on('error', onOutputError);
process.stderr.on('error', onOutputError);

process.on('exit', () => {
  // A reader that stopped reading has what it wanted: the analysis's own exit code stands.
  if (!outputError || outputError.code === 'EPIPE') return;
  try {
    process.stderr.write(`hotpath: the report could not be written: ${outputError.message}\n`);
  } catch {
    // stderr is gone too: the exit code is all that is left to say it.
  }
  process.exitCode = argv.includes('--exit-zero') ? 0 : 2;
});

if (argv.includes('--mcp')) {
  // A server for coding agents (cli/mcp.ts): its requests carry the paths, stdout carries the protocol.
  if (argv.length > 1) {
    process.stderr.write('hotpath: --mcp takes no other options or paths: it serves the current folder over stdin/stdout, and its tools take the paths\n');
    process.exitCode = 2;
  } else void import('./engine').then(({ serveMcp }) => serveMcp(process.cwd()));
} else {
  // --help, --version and usage mistakes answer before the engine (TypeScript, ~10 MB of code) is loaded.
  const early = answerWithoutEngine(argv, process.stdout, process.stderr);
  if (early !== undefined) process.exitCode = early;
  else {
    void import('./engine')
      .then(({ main }) => main(argv, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd(), env: process.env }))
      .then((code) => {
        process.exitCode = code;
      });
  }
}
