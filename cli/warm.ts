import fs from 'node:fs';
import path from 'node:path';
import type { Analyzer } from '../core/analyzer';
import { ConfigError, configCandidates, type ResolvedConfig } from '../core/config';
import { discoverProjects } from '../core/discovery';
import type { Finding } from '../core/findings';
import { findTsconfig } from '../core/project';
import { resolveConfig } from '../core/run';
import { schemaFiles } from '../core/sql/load';
import { prepareSql } from '../core/sql/parser';
import { VERSION } from '../core/version';
import { normalizeFileName, ProjectService, type Project } from '../server/projects';
import { reportedFindings } from './analyze';
import { totalsOf } from './format/text';
import { displayPath, SourceTexts } from './locate';
import type { Report, ReportedFinding } from './report';

/**
 * The engine kept warm between requests of a long-lived process (the MCP server): the language
 * server's projects — one language service per tsconfig, its program rebuilt from the previous one
 * when files change, and an analyzer that keeps the function summaries a change cannot reach.
 * Nothing tells it of edits, so each request reads the project files from disk again (an
 * unchanged file keeps its program), and the config and schema files are compared with what the
 * last request saw. Findings are the CLI's: same files, same owners, same JSON.
 */
export class WarmEngine {
  private readonly projects: ProjectService;
  /** The config each project was last analysed with, and the state of the files it was read from. */
  private readonly configs = new Map<Project, { readonly stamp: string; readonly config: ResolvedConfig }>();
  /** The schema files each project's analyzer read, as last seen: a change drops what rules derived from them. */
  private readonly schemaStamps = new Map<Project, string>();
  /** Findings per analyzer and file: an analyzer is one program and config, so they cannot change. */
  private readonly findings = new WeakMap<Analyzer, Map<string, readonly Finding[]>>();
  private loadErrors: string[] = [];

  constructor(
    readonly cwd: string,
    readonly root: string,
  ) {
    this.projects = new ProjectService(
      () => undefined,
      () => [cwd],
      ({ tsconfig, message }) => this.loadErrors.push(`cannot read ${tsconfig}: ${message}`),
    );
  }

  /**
   * Analyses `paths` (files or folders; absolute) as `hotpath <paths>` would: a folder holding
   * projects means all of them, a tsconfig its project, anything else the nearest project's files
   * under it. Throws a ConfigError for a path that does not exist or a config that does not load.
   */
  async analyze(paths: readonly string[]): Promise<Report> {
    await prepareSql();
    this.loadErrors = [];
    this.projects.rereadFromDisk();
    const targets = this.targets(paths);
    if (this.loadErrors.length) throw new ConfigError(this.loadErrors.join('; '));
    const listedBy = new Map<string, Project>();
    for (const { project } of targets) for (const fileName of project.listedFiles()) if (!listedBy.has(fileName)) listedBy.set(fileName, project);
    const reported = new Set<string>();
    const skipped = new Map<string, string>();
    const findings: ReportedFinding[] = [];
    for (const { project, under } of targets) {
      const analyzer = project.analyzer(this.configOf(project));
      const files = analyzer.filesToAnalyze().filter((sourceFile) => {
        const owner = listedBy.get(sourceFile.fileName);
        return !reported.has(sourceFile.fileName) && (!owner || owner === project) && (!under || under.some((item) => isWithin(item, sourceFile.fileName)));
      });
      for (const sourceFile of files) reported.add(sourceFile.fileName);
      const fresh = [...analyzer.projectFindings(), ...files.flatMap((sourceFile) => this.findingsOf(analyzer, sourceFile.fileName))];
      findings.push(...reportedFindings({ findings: fresh, texts: new SourceTexts(analyzer.program) }, this.cwd, this.root));
      for (const { file, reason } of analyzer.skipped) if (reported.has(normalizeFileName(file))) skipped.set(normalizeFileName(file), reason);
    }
    const totals = totalsOf(findings, reported.size - skipped.size);
    return { version: VERSION, cwd: this.cwd, root: this.root, findings, totals, notes: [], failures: [], skipped: [...skipped].map(([file, reason]) => ({ file: displayPath(file, this.cwd), reason })) };
  }

  private findingsOf(analyzer: Analyzer, fileName: string): readonly Finding[] {
    let byFile = this.findings.get(analyzer);
    if (!byFile) this.findings.set(analyzer, (byFile = new Map()));
    let known = byFile.get(fileName);
    if (!known) byFile.set(fileName, (known = analyzer.analyzeFile(analyzer.program.getSourceFile(fileName)!, { withFixes: true })));
    return known;
  }

  /** Each path's projects, as the CLI maps them (`projectTargets` in main.ts), with the files or folders to report on (undefined: all). */
  private targets(paths: readonly string[]): { project: Project; under?: string[] }[] {
    const targets = new Map<Project, { project: Project; under?: string[] }>();
    const add = (tsconfig: string, under?: string): void => {
      const project = this.projects.projectOf(tsconfig);
      if (!project) return;
      const known = targets.get(project);
      if (!under) targets.set(project, { project });
      else if (!known) targets.set(project, { project, under: [under] });
      else known.under?.push(under);
    };
    for (const item of paths) {
      const stat = fs.statSync(item, { throwIfNoEntry: false });
      if (!stat) throw new ConfigError(`no such file or directory: ${item}`);
      if (stat.isFile() && item.endsWith('.json')) {
        add(item);
        continue;
      }
      const nested = stat.isDirectory() ? discoverProjects(item) : [];
      for (const tsconfig of nested) add(tsconfig);
      if (nested.length) continue;
      const tsconfig = findTsconfig(item);
      if (!tsconfig) throw new ConfigError(`no tsconfig.json found at or above ${item}`);
      add(tsconfig, path.dirname(tsconfig) === item ? undefined : normalizeFileName(item));
    }
    return [...targets.values()];
  }

  /**
   * The project's config, read again only when a file it was read from changed (a repository
   * root's hotpath.json above the project, a file it extends) or a nearer hotpath.json appeared;
   * its schema files likewise.
   */
  private configOf(project: Project): ResolvedConfig {
    let known = this.configs.get(project);
    if (known?.stamp !== configStamp(project, known?.config)) {
      const config = resolveConfig(project.root);
      this.configs.set(project, (known = { stamp: configStamp(project, config), config }));
    }
    const schema = stampOf(schemaFiles(known.config));
    if (this.schemaStamps.has(project) && this.schemaStamps.get(project) !== schema) project.dropAnalyzer();
    this.schemaStamps.set(project, schema);
    return known.config;
  }
}

function isWithin(item: string, fileName: string): boolean {
  return fileName === item || fileName.startsWith(`${item}/`);
}

/** Where the project's hotpath.json may be, nearest first, and every file its config was read from. */
function configStamp(project: Project, config: ResolvedConfig | undefined): string {
  return stampOf([...configCandidates(project.root), ...(config?.files ?? [])]);
}

/** Which files exist, their sizes and modification times: what changes when any of them is edited. */
function stampOf(files: readonly string[]): string {
  return files.map((file) => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    return `${file}\0${stat ? `${stat.size}:${stat.mtimeMs}` : 'missing'}`;
  }).join('\n');
}
