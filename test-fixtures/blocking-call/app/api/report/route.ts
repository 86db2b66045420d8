import fs from 'node:fs';

// A Next.js route handler: the file's path and the export's name make it one.
export function GET(): Response {
  return new Response(fs.readFileSync('reports/latest.csv')); // expect: blocking-call
}

// Not an HTTP method: not called by the router.
export function latestPath(): string {
  return fs.realpathSync('reports/latest.csv');
}
