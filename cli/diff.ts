const CONTEXT = 3;

type Operation = { readonly kind: ' ' | '-' | '+'; readonly line: string };

/**
 * A unified diff (`diff -u` / `git diff` style, 3 lines of context) between two versions of a
 * file; empty when they are equal. `name` is the path shown in the `---`/`+++` headers.
 */
export function unifiedDiff(name: string, before: string, after: string): string {
  if (before === after) return '';
  const operations = diffLines(splitLines(before), splitLines(after));
  const out = [`--- a/${name}`, `+++ b/${name}`];
  let index = 0;
  while (index < operations.length) {
    if (operations[index]!.kind === ' ') {
      index += 1;
      continue;
    }
    // A hunk: context before, then changes, extended while the next change is within 2 × context.
    const start = Math.max(0, index - CONTEXT);
    let end = index;
    for (let unchanged = 0; end < operations.length && unchanged <= 2 * CONTEXT; end++) unchanged = operations[end]!.kind === ' ' ? unchanged + 1 : 0;
    end = Math.min(operations.length, trimTrailingContext(operations, end));
    const hunk = operations.slice(start, end);
    const oldStart = lineNumberAt(operations, start, '+');
    const newStart = lineNumberAt(operations, start, '-');
    const oldCount = hunk.filter((operation) => operation.kind !== '+').length;
    const newCount = hunk.filter((operation) => operation.kind !== '-').length;
    out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`);
    for (const operation of hunk) {
      if (!operation.line.endsWith(NO_NEWLINE)) out.push(`${operation.kind}${operation.line}`);
      else out.push(`${operation.kind}${operation.line.slice(0, -NO_NEWLINE.length)}`, '\\ No newline at end of file');
    }
    index = end;
  }
  return `${out.join('\n')}\n`;
}

/** Keeps at most CONTEXT unchanged lines after the hunk's last change. */
function trimTrailingContext(operations: readonly Operation[], end: number): number {
  let last = end - 1;
  while (last >= 0 && operations[last]!.kind === ' ') last -= 1;
  return last + 1 + CONTEXT;
}

/** 1-based line number of operation `at` on one side (skipping the other side's lines). */
function lineNumberAt(operations: readonly Operation[], at: number, otherSide: '+' | '-'): number {
  let line = 1;
  for (let index = 0; index < at; index++) if (operations[index]!.kind !== otherSide) line += 1;
  return line;
}

function range(start: number, count: number): string {
  // An empty range names the line before it, as diff does.
  const first = count === 0 ? start - 1 : start;
  return count === 1 ? `${first}` : `${first},${count}`;
}

/**
 * Marks a last line that has no newline: it differs from the same text with one (so that adding
 * the newline is a change, with a hunk), and the diff says so as `diff` does, or `git apply` rejects it.
 */
const NO_NEWLINE = '\u0000no newline';

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else lines[lines.length - 1] += NO_NEWLINE;
  return lines;
}

/** Myers' O(ND) shortest edit script over lines. */
function diffLines(a: readonly string[], b: readonly string[]): Operation[] {
  const max = a.length + b.length;
  const offset = max + 1;
  let frontier: Int32Array = new Int32Array(2 * max + 3);
  const history: Int32Array[] = [];
  let found = false;
  for (let distance = 0; distance <= max && !found; distance++) {
    history.push(frontier.slice());
    for (let diagonal = -distance; diagonal <= distance; diagonal += 2) {
      const down = diagonal === -distance || (diagonal !== distance && frontier[offset + diagonal - 1]! < frontier[offset + diagonal + 1]!);
      let x = down ? frontier[offset + diagonal + 1]! : frontier[offset + diagonal - 1]! + 1;
      let y = x - diagonal;
      while (x < a.length && y < b.length && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      frontier[offset + diagonal] = x;
      if (x >= a.length && y >= b.length) {
        found = true;
        break;
      }
    }
    if (found) history.push(frontier.slice());
  }
  // Walk back through the frontiers to recover the path.
  const operations: Operation[] = [];
  let x = a.length;
  let y = b.length;
  for (let distance = history.length - 2; distance >= 0; distance--) {
    frontier = history[distance]!;
    const diagonal = x - y;
    const down = diagonal === -distance || (diagonal !== distance && frontier[offset + diagonal - 1]! < frontier[offset + diagonal + 1]!);
    const previousDiagonal = down ? diagonal + 1 : diagonal - 1;
    const previousX = frontier[offset + previousDiagonal]!;
    const previousY = previousX - previousDiagonal;
    while (x > previousX && y > previousY) {
      operations.push({ kind: ' ', line: a[x - 1]! });
      x -= 1;
      y -= 1;
    }
    if (distance === 0) break;
    if (down) operations.push({ kind: '+', line: b[y - 1]! });
    else operations.push({ kind: '-', line: a[x - 1]! });
    x = previousX;
    y = previousY;
  }
  while (x > 0 && y > 0) {
    operations.push({ kind: ' ', line: a[x - 1]! });
    x -= 1;
    y -= 1;
  }
  return operations.reverse();
}
