// Whether a workspace has something for hotpath to analyse — a hotpath.json, or a package.json depending
// on a library of the I/O table — decided by reading these files alone: the language server runs a
// second type checker, which a plain TypeScript workspace does not need.
import { isBuiltin } from 'node:module';
import { IO_MODEL } from '../core/io-model';

/** The npm packages of the I/O table (Node's own modules and globals are in every project: they say nothing). */
export const IO_PACKAGES: ReadonlySet<string> = new Set(IO_MODEL.flatMap((model) => model.modules).filter((module) => module !== 'global' && !isBuiltin(module)));

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
/** How many package.json files are read to decide (a monorepo's packages; node_modules never). */
const PACKAGE_JSON_LIMIT = 200;
const NOT_DEPENDENCIES = '**/node_modules/**';

/** What the decision reads of the workspace: `vscode.workspace.findFiles` and `fs.readFile`. */
export interface WorkspaceFiles<File> {
  findFiles(include: string, exclude: string, maxResults: number): PromiseLike<readonly File[]>;
  readFile(file: File): PromiseLike<Uint8Array>;
}

/** A hotpath.json anywhere in the workspace, or a package.json of its own depending on a library of the I/O table. */
export async function hasSomethingToAnalyse<File>(workspace: WorkspaceFiles<File>): Promise<boolean> {
  if ((await workspace.findFiles('**/hotpath.json', NOT_DEPENDENCIES, 1)).length) return true;
  for (const file of await workspace.findFiles('**/package.json', NOT_DEPENDENCIES, PACKAGE_JSON_LIMIT)) {
    const text = await Promise.resolve(workspace.readFile(file)).then((bytes) => new TextDecoder().decode(bytes), () => '');
    if (dependsOnIoLibrary(text)) return true;
  }
  return false;
}

/** Whether a package.json's text depends on a package of `IO_PACKAGES`; an unreadable one does not. */
export function dependsOnIoLibrary(packageJson: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(packageJson);
  } catch {
    return false;
  }
  if (typeof parsed !== 'object' || parsed === null) return false;
  return DEPENDENCY_FIELDS.some((field) => {
    const dependencies = (parsed as Record<string, unknown>)[field];
    return typeof dependencies === 'object' && dependencies !== null && Object.keys(dependencies).some((name) => IO_PACKAGES.has(name));
  });
}
