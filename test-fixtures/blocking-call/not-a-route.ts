import fs from 'node:fs';

// Named like a route handler, but outside any route file.
export function GET(): string {
  return fs.readFileSync('reports/latest.csv', 'utf8');
}
