import fs from 'node:fs';
import path from 'node:path';

/** `// expect: <rule-id>[, <rule-id>…]` at the end of a line (`-- expect:` in SQL). */
const EXPECT = /(?:\/\/|--) expect: ([\w-]+(?:\s*,\s*[\w-]+)*)\s*$/;

/** The findings a file's markers expect, as `line: rule-id` (1-based lines), in file order. */
export function expectedFindings(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, index) => {
      const match = EXPECT.exec(line);
      return match ? match[1]!.split(/\s*,\s*/).map((ruleId) => `${index + 1}: ${ruleId}`) : [];
    });
}

/** Every marker in the sources under a folder (a multi-project fixture), as `path:line rule-id`, paths relative to it, sorted. */
export function markersUnder(root: string): string[] {
  const found: string[] = [];
  const walk = (directory: string): void => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const file = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.(ts|tsx|mjs|js)$/.test(entry.name)) {
        const relative = path.relative(root, file).replace(/\\/g, '/');
        for (const expected of expectedFindings(file)) {
          const [line, ruleId] = expected.split(': ');
          found.push(`${relative}:${line} ${ruleId}`);
        }
      }
    }
  };
  walk(root);
  return found.sort();
}
