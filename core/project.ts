import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { ConfigError } from './config';
import { resolveWorkspaceSource } from './workspace';

/** The nearest `tsconfig.json` at or above `start` (a file or folder). */
export function findTsconfig(start: string): string | undefined {
  let directory = fs.existsSync(start) && fs.statSync(start).isDirectory() ? start : path.dirname(start);
  for (;;) {
    const candidate = path.join(directory, 'tsconfig.json');
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

function formatDiagnostic(diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (!diagnostic.file || diagnostic.start === undefined) return message;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${diagnostic.file.fileName}:${line + 1}:${character + 1}: ${message}`;
}

/** Reads a tsconfig (following `extends`) into compiler options and root files. */
export function readTsconfig(tsconfigPath: string): ts.ParsedCommandLine {
  const absolute = path.resolve(tsconfigPath);
  if (!fs.existsSync(absolute)) throw new ConfigError(`${tsconfigPath}: no such tsconfig file`);
  let fatal: ts.Diagnostic | undefined;
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      fatal = diagnostic;
    },
  };
  // JavaScript files are analysed as with `allowJs`; the checker infers what it can from them.
  const parsed = ts.getParsedCommandLineOfConfigFile(absolute, { noEmit: true, allowJs: true }, host);
  if (!parsed || fatal) throw new ConfigError(fatal ? formatDiagnostic(fatal) : `${tsconfigPath}: cannot be read`);
  // JSON that tsc rejects (a missing comma) is still read as far as it goes: a config used half-read would decide silently.
  const syntax = ts.getConfigFileParsingDiagnostics(parsed).find((diagnostic) => !parsed.errors.includes(diagnostic));
  if (syntax) throw new ConfigError(`${formatDiagnostic(syntax)} (tsc rejects this tsconfig too)`);
  // "No inputs were found" is reported as an error but is only an empty project; a missing `extends` is a warning (see tsconfigWarnings).
  const errors = parsed.errors.filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error && diagnostic.code !== 18003 && !isMissingExtends(diagnostic));
  const first = errors[0];
  if (first) throw new ConfigError(formatDiagnostic(first));
  // `"lib": []` in a base that counts on the missing config for its libraries (`@tsconfig/node22`)
  // would leave no standard library at all: arrays and promises untyped. The target's default stands in.
  if (parsed.errors.some(isMissingExtends) && parsed.options.lib?.length === 0) delete parsed.options.lib;
  return parsed;
}

/**
 * What was read of a tsconfig with something missing, one line each. An `extends` naming a package
 * that is not installed (a fresh clone, `@tsconfig/node20`, a workspace config package) is what tsc
 * reports and goes on from: the rest of the config is used, the missing one's options at their defaults.
 */
export function tsconfigWarnings(parsed: ts.ParsedCommandLine): string[] {
  return parsed.errors.filter(isMissingExtends).map((diagnostic) => {
    const where = diagnostic.file ? `${diagnostic.file.fileName}: ` : '';
    const target = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.text.slice(diagnostic.start, diagnostic.start + (diagnostic.length ?? 0)) : '';
    return `${where}extends ${target || 'a config'} that was not found (not installed?): its options fall back to the defaults, the rest of the config is used`;
  });
}


/** "File '…' not found." (TS6053) at the value of `"extends"`: elsewhere (a `files` entry) it stays an error. */
function isMissingExtends(diagnostic: ts.Diagnostic): boolean {
  if (diagnostic.code !== 6053 || !diagnostic.file || diagnostic.start === undefined) return false;
  return /"extends"\s*:\s*(\[[^\]]*)?$/.test(diagnostic.file.text.slice(0, diagnostic.start));
}

/**
 * JSDoc is parsed where it carries types (JavaScript files) and skipped in TypeScript, where no
 * rule reads it: less to parse for every file, and for every keystroke in the editor.
 */
export const JSDOC_PARSING_MODE = ts.JSDocParsingMode.ParseForTypeInfo;

/** A module resolution cache for files under `directory`, with this file system's case rules. */
export function createResolutionCache(directory: string, options: ts.CompilerOptions): ts.ModuleResolutionCache {
  const canonical = ts.sys.useCaseSensitiveFileNames ? (name: string): string => name : (name: string): string => name.toLowerCase();
  return ts.createModuleResolutionCache(directory, canonical, options);
}

/**
 * Resolves an import as the compiler does; a workspace package whose entry points do not exist
 * yet (an unbuilt `dist/`) resolves to its sources. Every resolution hotpath makes goes through
 * here (programs of the CLI and the editor, file roles, the cache's import graph), so they agree.
 */
export function resolveModule(
  specifier: string,
  containingFile: string,
  options: ts.CompilerOptions,
  cache: ts.ModuleResolutionCache | undefined,
  host: ts.ModuleResolutionHost = ts.sys,
  redirected?: ts.ResolvedProjectReference,
  mode?: ts.ResolutionMode,
): ts.ResolvedModuleWithFailedLookupLocations {
  const resolved = ts.resolveModuleName(specifier, containingFile, options, host, cache, redirected, mode);
  if (resolved.resolvedModule || specifier.startsWith('.') || path.isAbsolute(specifier)) return resolved;
  const sources = resolveWorkspaceSource(specifier, containingFile, options, host);
  return sources ? { ...resolved, resolvedModule: sources } : resolved;
}

/**
 * A program for a whole project, as the CLI analyses it; `overrides` replaces some files' text
 * (fixes applied in memory). The editor builds its own through a LanguageService.
 */
export function createProjectProgram(parsed: ts.ParsedCommandLine, overrides?: ReadonlyMap<string, string>): ts.Program {
  // No parent pointers at parse time: binding sets them on every file, and the checker binds all before any analysis.
  const host = ts.createCompilerHost(parsed.options);
  host.jsDocParsingMode = JSDOC_PARSING_MODE;
  const cache = createResolutionCache(host.getCurrentDirectory(), parsed.options);
  host.getModuleResolutionCache = () => cache;
  // A referenced project's sources stand for its declaration output, as tsserver has it: that output
  // exists only after a build, and the sources carry the summaries of its functions. (A host method
  // the compiler reads but does not publish in its types.)
  Object.assign(host, { useSourceOfProjectReferenceRedirect: () => true });
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, options, containingSourceFile) =>
    literals.map((literal) => resolveModule(literal.text, containingFile, options, cache, host, redirected, ts.getModeForUsageLocation(containingSourceFile, literal, options)));
  const unreadable = isolateUnreadableFiles(host);
  if (overrides?.size) {
    const byPath = new Map([...overrides].map(([file, text]) => [path.resolve(file), text]));
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const text = byPath.get(path.resolve(fileName));
      return text === undefined ? getSourceFile(fileName, languageVersion, onError, shouldCreate) : ts.createSourceFile(fileName, text, languageVersion, true);
    };
    const readFile = host.readFile.bind(host);
    host.readFile = (fileName) => byPath.get(path.resolve(fileName)) ?? readFile(fileName);
  }
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences, host });
  if (unreadable.size) UNREADABLE.set(program, unreadable);
  return program;
}

const UNREADABLE = new WeakMap<ts.Program, ReadonlyMap<string, string>>();

/** Files of the program's root list that could not be read or parsed, and why (absolute paths). */
export function unreadableFiles(program: ts.Program): ReadonlyMap<string, string> {
  return UNREADABLE.get(program) ?? new Map();
}

/**
 * One file that cannot be read, or that the compiler's recursive parser cannot parse (nesting
 * thousands deep), must not take the whole program down: it becomes an empty file and is named
 * with the reason, and the rest of the project is analysed as usual.
 */
function isolateUnreadableFiles(host: ts.CompilerHost): Map<string, string> {
  const unreadable = new Map<string, string>();
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const failed = (message: string): void => {
      unreadable.set(path.resolve(fileName), message);
      onError?.(message);
    };
    try {
      return getSourceFile(fileName, languageVersion, failed, shouldCreate);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      unreadable.set(path.resolve(fileName), 'nested too deeply to parse (the compiler stops there too)');
      return ts.createSourceFile(fileName, '', languageVersion);
    }
  };
  return unreadable;
}
