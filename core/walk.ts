import ts from 'typescript';

/**
 * Visits `root` and every node below it in source order (parents first), with a stack of its own
 * instead of recursion: a flat chain of operands (`a + b + …`, a long string concatenation, a
 * bundle's comma sequence of 3,000 calls) is a tree as deep as it is long, and a recursive walk
 * overflows the call stack on it where the compiler does not. `enter` returning false skips the
 * node's children.
 */
export function walkTree(root: ts.Node, enter: (node: ts.Node) => boolean | void): void {
  const stack: ts.Node[] = [root];
  // forEachChild stops at a truthy return: push's (the new length) must not reach it.
  const push = (child: ts.Node): void => {
    stack.push(child);
  };
  while (stack.length) {
    const node = stack.pop()!;
    if (enter(node) === false) continue;
    const from = stack.length;
    ts.forEachChild(node, push);
    // Children arrive in source order and leave the stack last first: reverse them in place.
    for (let low = from, high = stack.length - 1; low < high; low += 1, high -= 1) {
      const child = stack[low]!;
      stack[low] = stack[high]!;
      stack[high] = child;
    }
  }
}

/** The first node in source order at or below `root` that `test` accepts, not looking under nodes `skip` accepts. */
export function findInTree(root: ts.Node, test: (node: ts.Node) => boolean, skip?: (node: ts.Node) => boolean): ts.Node | undefined {
  let found: ts.Node | undefined;
  walkTree(root, (node) => {
    if (found || skip?.(node)) return false;
    if (!test(node)) return true;
    found = node;
    return false;
  });
  return found;
}
