import { main } from './main';

void main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }).then((code) => {
  process.exitCode = code;
});
