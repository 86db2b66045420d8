// The `hotpath/eslint` entry point: the plugin is the module itself (`module.exports`), so that
// `plugins: { hotpath }` and `hotpath.configs.recommended` name the same object, as flat config
// requires. Its declarations (esbuild.mjs) name only ESLint's types.
import type { ESLint, Linter, Rule } from 'eslint';
import plugin from './plugin';

interface HotpathPlugin extends ESLint.Plugin {
  readonly meta: { readonly name: string; readonly version: string };
  readonly rules: Record<string, Rule.RuleModule>;
  /** `recommended`: every rule at its default severity, type information required (typescript-eslint's parser with `projectService`). */
  readonly configs: { readonly recommended: Linter.Config };
}

const hotpath: HotpathPlugin = plugin;
export = hotpath;
