import fs from 'node:fs';
import path from 'node:path';
import { findNodeAtLocation, parseTree, type JSONPath, type Node, type ParseError } from 'jsonc-parser';
import { ConfigError, configCandidates, defaultConfig, findConfigFile, type ResolvedConfig } from '../core/config';
import type { Span } from '../core/findings';
import { resolveConfig } from '../core/run';
import { RULE_METAS } from '../rules';
import { readTextOrEmpty } from './convert';
import type { Project } from './projects';

/** A `hotpath.json` that cannot be used: where, and what is wrong. */
export interface ConfigProblem {
  readonly file: string;
  readonly message: string;
  /** The offending part of the file; the first line when it cannot be pinned down. */
  readonly span: Span;
}

/**
 * The config of each project: the nearest `hotpath.json` at or above its root, or the one the
 * settings name. A config that does not load is reported (once per distinct problem) and replaced
 * by the defaults, so the editor keeps analysing while the user fixes it.
 */
export class ProjectConfigs {
  private readonly configs = new Map<string, ResolvedConfig>();
  /** The problem each (project, config file) pair currently has. */
  private readonly problems = new Map<string, ConfigProblem>();
  private readonly watches: ConfigWatches;

  constructor(
    /** Told every file's problems after each change: an empty list clears a file. */
    private readonly report: (file: string, problems: readonly ConfigProblem[]) => void,
    /** Told when a config file changed on disk that the client may not report (see `ConfigWatches`). */
    changed: () => void,
  ) {
    this.watches = new ConfigWatches(() => {
      this.invalidate();
      changed();
    });
  }

  configOf(project: Project, configFile: string | undefined): ResolvedConfig {
    const key = `${project.key}\0${configFile ?? ''}`;
    const known = this.configs.get(key);
    if (known) return known;
    const before = this.problems.get(key);
    let config: ResolvedConfig;
    // Where a nearer hotpath.json may appear, then every file the config is read from.
    this.watches.add(configFile ? [configFile] : configCandidates(project.root));
    try {
      config = resolveConfig(project.root, configFile);
      this.watches.add(config.files);
      this.problems.delete(key);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.watches.add(error.files);
      const file = configFile ?? findConfigFile(project.root) ?? path.join(project.root, 'hotpath.json');
      this.problems.set(key, { file, message: error.message, span: problemSpan(file, error.message) });
      config = defaultConfig(project.root, RULE_METAS);
    }
    this.configs.set(key, config);
    const after = this.problems.get(key);
    if (before?.message !== after?.message) {
      for (const file of new Set([before?.file, after?.file])) if (file) this.report(file, this.problemsOf(file));
    }
    return config;
  }

  /** A config file or the settings changed: every config is read again on next use. */
  invalidate(): void {
    this.configs.clear();
  }

  private problemsOf(file: string): ConfigProblem[] {
    return [...this.problems.values()].filter((problem) => problem.file === file);
  }
}

/**
 * Watches the files configs are read from, wherever they are: the client watches the `hotpath.json`
 * files of its workspace folders, but not a repository root's above them, nor an extended file
 * (any name, in node_modules too). A folder is watched rather than a file, whose watch would end
 * when an editor saves by renaming over it; the events of one save become one change.
 */
class ConfigWatches {
  private readonly namesByFolder = new Map<string, Set<string>>();
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly changed: () => void) {}

  add(files: readonly string[]): void {
    for (const file of files) {
      const folder = path.dirname(file);
      let names = this.namesByFolder.get(folder);
      if (!names) {
        const watched = (names = new Set());
        this.namesByFolder.set(folder, watched);
        try {
          fs.watch(folder, { persistent: false }, (_event, name) => name !== null && watched.has(name) && this.schedule()).on('error', () => undefined);
        } catch {
          // A folder that does not exist (a missing extended file's): its problem is reported, and
          // "hotpath: Restart server" or any other config change reads it again.
        }
      }
      names.add(path.basename(file));
    }
  }

  private schedule(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(this.changed, 50).unref();
  }
}

/** The message without the file name that prefixes it: the diagnostic sits in that file already. */
export function messageWithoutFile(problem: ConfigProblem): string {
  const prefix = `${problem.file}:`;
  if (!problem.message.startsWith(prefix)) return problem.message;
  return problem.message.slice(prefix.length).replace(/^\d+:\d+:/, '').trim();
}

/** Where in the file a config error points: a JSON syntax error, else the key its message names. */
function problemSpan(file: string, message: string): Span {
  const text = readTextOrEmpty(file);
  const firstLine: Span = { file, start: 0, end: Math.max(0, text.search(/\r?\n|$/)) };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const syntax = errors[0];
  if (syntax) return { file, start: syntax.offset, end: syntax.offset + Math.max(1, syntax.length) };
  if (!tree) return firstLine;
  for (const location of candidatePaths(message)) {
    const node = findNodeAtLocation(tree, location);
    if (node) return spanOfProperty(file, node);
  }
  return firstLine;
}

/** The JSON paths a config error message may refer to, most precise first. */
function candidatePaths(message: string): JSONPath[] {
  const named = /(?:key|option) "([^"]+)"/.exec(message)?.[1];
  const rule = /"rules\.([^"]+)"/.exec(message)?.[1];
  if (rule) {
    const inRule: JSONPath[] = named ? [['rules', rule, 'options', named], ['rules', rule, 1, named], ['rules', rule, named]] : [];
    return [...inRule, ['rules', rule]];
  }
  if (named) return [[named]];
  const topLevel = /"(rules|ignore)"/.exec(message)?.[1];
  return topLevel ? [[topLevel]] : [];
}

/** A value's whole `"key": value` property when it has one, so the squiggle starts at the key. */
function spanOfProperty(file: string, node: Node): Span {
  const target = node.parent?.type === 'property' ? node.parent : node;
  return { file, start: target.offset, end: target.offset + target.length };
}
