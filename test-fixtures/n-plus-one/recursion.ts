import { pool } from './db';

export interface CategoryNode {
  id: number;
  name: string;
  children: CategoryNode[];
}

// self-recursive loader: the recursive call per child runs a query each time: flagged
export async function loadCategoryTree(categoryId: number, name: string): Promise<CategoryNode> {
  const { rows } = await pool.query<{ id: number; name: string }>('SELECT id, name FROM categories WHERE parent_id = $1', [categoryId]);
  const node: CategoryNode = { id: categoryId, name, children: [] };
  for (const child of rows) {
    node.children.push(await loadCategoryTree(child.id, child.name)); // expect: n-plus-one
  }
  return node;
}

// self-recursive pure walk, recursing per child: silent
export function flattenCategories(node: CategoryNode): string[] {
  const names = [node.name];
  for (const child of node.children) {
    names.push(...flattenCategories(child));
  }
  return names;
}

// self-recursive pure function called per root: silent
export function categoryIndex(roots: CategoryNode[]): Map<number, string[]> {
  const index = new Map<number, string[]>();
  for (const root of roots) {
    index.set(root.id, flattenCategories(root));
  }
  return index;
}

// helper pair: mutually recursive, no I/O
function subtreeDepth(node: CategoryNode): number {
  return 1 + deepestChild(node.children);
}

function deepestChild(children: CategoryNode[]): number {
  return children.reduce((deepest, child) => Math.max(deepest, subtreeDepth(child)), 0);
}

// mutually recursive pure functions, called per root: silent
export function depths(roots: CategoryNode[]): number[] {
  return roots.map((root) => subtreeDepth(root));
}

// helper pair: mutually recursive, only permissionsWithParents queries (role inheritance)
async function permissionsFor(roleId: number): Promise<string[]> {
  const inherited = await permissionsWithParents(roleId);
  return [...new Set(inherited)];
}

async function permissionsWithParents(roleId: number): Promise<string[]> {
  const { rows } = await pool.query<{ permissions: string[]; parent_id: number | null }>('SELECT permissions, parent_id FROM roles WHERE id = $1', [roleId]);
  const role = rows[0];
  if (role === undefined) return [];
  return role.parent_id === null ? role.permissions : [...role.permissions, ...(await permissionsFor(role.parent_id))];
}

// mutual recursion (permissionsFor has no query of its own, its partner queries pg) entered per role: flagged
export async function permissionsPerRole(roleIds: number[]): Promise<string[][]> {
  const result: string[][] = [];
  for (const roleId of roleIds) {
    result.push(await permissionsFor(roleId)); // expect: n-plus-one
  }
  return result;
}
