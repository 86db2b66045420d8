import fs from 'node:fs';

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
