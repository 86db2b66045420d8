// Whether a workspace has something for hotpath to analyse, decided from package.json files alone:
// the language server runs a second type checker, which a workspace without I/O libraries does not need.
import { isBuiltin } from 'node:module';
import { IO_MODEL } from '../core/io-model';

/** The npm packages of the I/O table (Node's own modules and globals are in every project: they say nothing). */
export const IO_PACKAGES: ReadonlySet<string> = new Set(IO_MODEL.flatMap((model) => model.modules).filter((module) => module !== 'global' && !isBuiltin(module)));

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/** Whether a package.json's text depends on one of those packages; an unreadable one does not. */
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
