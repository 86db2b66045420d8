import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { CancellationToken, Diagnostic, PublishDiagnosticsParams, WorkDoneProgressReporter } from 'vscode-languageserver';
import type { Analyzer } from '../core/analyzer';
import type { ResolvedConfig } from '../core/config';
import type { Finding } from '../core/findings';
import { prepareSql } from '../core/sql/parser';
import type { ProjectConfigs } from './configs';
import { Locator, toDiagnostic, uriOfFile } from './convert';
import type { OpenDocuments } from './documents';
import { analyseIncrementally, recordFullAnalysis, type AnalysedVersion } from './incremental';
import type { Project, ProjectService } from './projects';
import type { Settings, SettingsCache } from './settings';

/** Where the analysis goes: the connection, in production. */
export interface DiagnosticsSink {
  publish(params: PublishDiagnosticsParams): void;
  error(message: string): void;
  /** Analyses are running or due (true), or all are done (false): told on each change. */
  busy?(busy: boolean): void;
  /** Server-side cost of one document's analysis (reported when the client asked for timings). */
  timing?(timing: AnalysisTiming): void;
}

export interface AnalysisTiming {
  readonly uri: string;
  readonly version: number;
  /** Bringing the program up to date with the edit (parse, program reuse). */
  readonly programMs: number;
  /** Running the rules (type checking on demand, summaries). */
  readonly analyzeMs: number;
  /** From the start of this document's analysis to its diagnostics being sent. */
  readonly totalMs: number;
  /** CPU time of the process over the same span (wall time minus waiting, when the machine is busy). */
  readonly cpuMs: number;
  /** Whether only the edited statement was analysed, and if not, why. */
  readonly incremental: boolean;
  readonly fallback?: string;
}

/** The findings of one version of an open document: what its code actions are built from. */
export interface DocumentAnalysis {
  readonly version: number;
  readonly fileName: string;
  readonly findings: readonly Finding[];
  /** The program and config it was analysed with: the same analyzer and version means nothing changed. */
  readonly analyzer: Analyzer;
}

export interface WorkspaceSummary {
  readonly files: number;
  readonly findings: number;
}

export interface DiagnosticsOptions {
  /** Quiet time after an edit before analysing; 0 analyses on the next turn of the event loop. */
  readonly debounceMs: number;
  /** Also run the full analysis after each incremental one and report any difference (tests). */
  readonly verifyIncremental?: boolean;
}

const FILE_SOURCE = 'file';
/** Quiet time after which a document analysed incrementally is analysed in full once more, to confirm. */
const CONFIRM_AFTER_MS = 2_000;

/**
 * Diagnostics of one URI can come from several producers (the file's own analysis, project-level
 * findings about schema files, config problems); each replaces its own part and the client gets
 * the union. A URI with nothing left is forgotten.
 */
export class DiagnosticsPublisher {
  private readonly bySource = new Map<string, Map<string, Diagnostic[]>>();

  constructor(private readonly sink: DiagnosticsSink) {}

  set(uri: string, source: string, diagnostics: Diagnostic[], version?: number): void {
    const sources = this.bySource.get(uri) ?? new Map<string, Diagnostic[]>();
    if (diagnostics.length) sources.set(source, diagnostics);
    else sources.delete(source);
    if (sources.size) this.bySource.set(uri, sources);
    else this.bySource.delete(uri);
    this.sink.publish({ uri, diagnostics: [...sources.values()].flat(), ...(version === undefined ? {} : { version }) });
  }
}

/**
 * Analyses open documents after edits — debounced per project, newest edit first, cancelled
 * between files when another edit arrives, never publishing results for an outdated version —
 * and, on request, every file of every project.
 */
export class DiagnosticsService {
  readonly publisher: DiagnosticsPublisher;
  private readonly analyses = new Map<string, DocumentAnalysis>();
  /** What the next edit of each open document can be analysed incrementally from. */
  private readonly bases = new Map<string, AnalysedVersion>();
  /** Full analyses due after incremental ones, once the document is quiet. */
  private readonly confirmations = new Map<string, NodeJS.Timeout>();
  /** Per project key: the pending round (edited URIs first) and a generation that cancels older rounds. */
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; readonly edited: Set<string> }>();
  private readonly generations = new Map<string, number>();
  /** Project-level findings: the config they were computed with and the URIs they were published to. */
  private readonly projectFindings = new Map<string, { config: ResolvedConfig | undefined; readonly uris: ReadonlySet<string> }>();
  /** Files that are not open but got diagnostics from a workspace analysis. */
  private workspaceUris = new Set<string>();
  private workspaceRequested = false;
  private workspaceTimer: NodeJS.Timeout | undefined;
  private readonly loggedFailures = new Set<string>();
  /** Rounds and workspace analyses under way, and what the sink was last told. */
  private running = 0;
  private toldBusy = false;
  private readonly failuresSeen = new WeakMap<Analyzer, number>();

  constructor(
    private readonly sink: DiagnosticsSink,
    private readonly documents: OpenDocuments,
    private readonly projects: ProjectService,
    private readonly configs: ProjectConfigs,
    private readonly settings: SettingsCache,
    private readonly options: DiagnosticsOptions,
  ) {
    this.publisher = new DiagnosticsPublisher(sink);
  }

  /** The findings of the document's current version, if it has been analysed. */
  analysisOf(uri: string): DocumentAnalysis | undefined {
    const analysis = this.analyses.get(uri);
    return analysis && analysis.version === this.documents.all.get(uri)?.version ? analysis : undefined;
  }

  /** Whether the document was analysed at some version since it was opened. */
  hasAnalysed(uri: string): boolean {
    return this.analyses.has(uri);
  }

  /** The findings of the document's current version, analysing it now if needed: a fix-all on save must not act on an older version. */
  async analysisNow(uri: string): Promise<DocumentAnalysis | undefined> {
    if (!this.analysisOf(uri)) await this.analyseOpenFile(uri);
    return this.analysisOf(uri);
  }

  /** An open document changed: re-analyse it, then the other open files of its project (their callees' summaries may have changed). */
  documentChanged(uri: string): void {
    const document = this.documents.all.get(uri);
    const fileName = document && this.documents.fileNameOf(document);
    if (!fileName) return;
    clearTimeout(this.confirmations.get(uri));
    this.confirmations.delete(uri);
    this.schedule(this.projects.projectOfOpenFile(fileName).key, [uri]);
  }

  /** Drops the document's state. Diagnostics a workspace analysis published stay, refreshed from the file on disk. */
  documentClosed(uri: string, fileName: string): void {
    this.analyses.delete(uri);
    this.bases.delete(uri);
    clearTimeout(this.confirmations.get(uri));
    this.confirmations.delete(uri);
    const project = this.projects.projectOfOpenFile(fileName);
    this.projects.openFileClosed(fileName);
    this.schedule(project.key, []);
    if (this.workspaceUris.has(uri)) void this.guard(() => this.analyseClosedFile(fileName, uri));
    else this.publisher.set(uri, FILE_SOURCE, []);
  }

  /** Something every analysis depends on changed (settings, config, schema files, tsconfigs): analyse everything again. */
  everythingChanged(): void {
    // Findings kept from earlier versions may depend on what changed (a schema, the config).
    this.bases.clear();
    for (const entry of this.projectFindings.values()) entry.config = undefined;
    for (const document of this.documents.all.all()) this.documentChanged(document.uri);
    if (this.workspaceRequested) this.scheduleWorkspace();
  }

  /** Source files changed on disk in these projects. */
  projectsChanged(projects: readonly Project[]): void {
    for (const project of projects) this.schedule(project.key, []);
  }

  /** Analyses every file of every project, publishing what it finds (`hotpath.analyzeWorkspace`). */
  async analyseWorkspace(progress: WorkDoneProgressReporter, token: CancellationToken): Promise<WorkspaceSummary> {
    return this.whileRunning(() => this.analyseEveryFile(progress, token));
  }

  private async analyseEveryFile(progress: WorkDoneProgressReporter, token: CancellationToken): Promise<WorkspaceSummary> {
    this.workspaceRequested = true;
    const plan = await this.workspacePlan();
    progress.begin('hotpath', 0, `Analysing ${plan.files.length} files`, true);
    let findings = 0;
    let done = 0;
    const published = new Set<string>();
    try {
      for (const { fileName, analyzer } of plan.files) {
        if (token.isCancellationRequested) break;
        const uri = this.documents.uriOf(fileName);
        if (this.documents.all.get(uri)) {
          await this.analyseOpenFile(uri);
          findings += this.analyses.get(uri)?.findings.length ?? 0;
        } else {
          findings += this.publishClosedFile(analyzer, fileName, uri);
          published.add(uri);
        }
        done++;
        progress.report(Math.floor((done / plan.files.length) * 100), `${done}/${plan.files.length} files`);
        await yieldToEventLoop();
      }
      for (const { project, analyzer } of plan.projects) findings += this.publishProjectFindings(project, analyzer);
    } finally {
      progress.done();
    }
    for (const uri of this.workspaceUris) if (!published.has(uri) && !this.documents.all.get(uri)) this.publisher.set(uri, FILE_SOURCE, []);
    this.workspaceUris = published;
    return { files: done, findings };
  }

  private schedule(projectKey: string, edited: readonly string[]): void {
    this.generations.set(projectKey, (this.generations.get(projectKey) ?? 0) + 1);
    const round = this.pending.get(projectKey);
    if (round) clearTimeout(round.timer);
    const uris = round?.edited ?? new Set<string>();
    for (const uri of edited) uris.add(uri);
    const timer = setTimeout(() => void this.guard(() => this.whileRunning(() => this.runRound(projectKey))), this.options.debounceMs);
    this.pending.set(projectKey, { timer, edited: uris });
    this.tellBusy();
  }

  private async whileRunning<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    this.tellBusy();
    try {
      return await work();
    } finally {
      this.running--;
      this.tellBusy();
    }
  }

  private tellBusy(): void {
    const busy = this.running > 0 || this.pending.size > 0;
    if (busy === this.toldBusy) return;
    this.toldBusy = busy;
    this.sink.busy?.(busy);
  }

  private async runRound(projectKey: string): Promise<void> {
    const round = this.pending.get(projectKey);
    this.pending.delete(projectKey);
    const generation = this.generations.get(projectKey);
    const others = this.projects
      .openFiles()
      .filter((fileName) => this.projects.projectOfOpenFile(fileName).key === projectKey)
      .map((fileName) => this.documents.uriOf(fileName));
    let last: { project: Project; analyzer: Analyzer } | undefined;
    for (const uri of new Set([...(round?.edited ?? []), ...others])) {
      if (this.generations.get(projectKey) !== generation) return;
      last = (await this.analyseOpenFile(uri)) ?? last;
      await yieldToEventLoop();
    }
    if (!last || this.generations.get(projectKey) !== generation) return;
    if (this.projectFindings.get(projectKey)?.config !== last.analyzer.config) this.publishProjectFindings(last.project, last.analyzer);
  }

  /**
   * Analyses an open document — incrementally from its previous version when it can, in full
   * when asked — and publishes its diagnostics unless a newer version arrived; returns the
   * analyzer it used.
   */
  private async analyseOpenFile(uri: string, full = false): Promise<{ project: Project; analyzer: Analyzer } | undefined> {
    const document = this.documents.all.get(uri);
    const fileName = document && this.documents.fileNameOf(document);
    if (!fileName) return undefined;
    const settings = await this.settings.get(uri);
    await sqlParserReady();
    // A newer version arrived while the settings were fetched: its own round will analyse it.
    if (this.documents.all.get(uri)?.version !== document.version) return undefined;
    if (!settings.enable) {
      this.analyses.delete(uri);
      this.bases.delete(uri);
      this.publisher.set(uri, FILE_SOURCE, [], document.version);
      return undefined;
    }
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const project = this.projects.projectOfOpenFile(fileName);
    const analyzer = this.analyzerFor(project, settings, fileName);
    const programReady = performance.now();
    // Opening another file, or an edit elsewhere that left the program as it was: nothing to redo.
    const previous = this.analyses.get(uri);
    if (!full && previous?.version === document.version && previous.analyzer === analyzer) return { project, analyzer };
    const { findings, incremental, fallback } = this.openFileFindings(uri, analyzer, fileName, full);
    const analysed = performance.now();
    if (this.documents.all.get(uri)?.version !== document.version) return undefined;
    this.analyses.set(uri, { version: document.version, fileName, findings, analyzer });
    const locator = new Locator(analyzer.program, { fileName, document });
    const uriOf = (file: string): string => this.documents.uriOf(file);
    this.publisher.set(uri, FILE_SOURCE, findings.map((finding) => toDiagnostic(finding, locator, uriOf)), document.version);
    this.sink.timing?.({
      uri,
      version: document.version,
      programMs: programReady - started,
      analyzeMs: analysed - programReady,
      totalMs: performance.now() - started,
      cpuMs: cpuMillis(process.cpuUsage(cpuStarted)),
      incremental,
      ...(fallback ? { fallback } : {}),
    });
    if (incremental) this.confirmLater(uri);
    return { project, analyzer };
  }

  private openFileFindings(uri: string, analyzer: Analyzer, fileName: string, full: boolean): { findings: readonly Finding[]; incremental: boolean; fallback?: string } {
    const sourceFile = analyzer.program.getSourceFile(fileName);
    if (!sourceFile || !analyzer.isAnalyzed(sourceFile)) {
      this.bases.delete(uri);
      return { findings: [], incremental: false };
    }
    const base = this.bases.get(uri);
    const attempt = base && !full ? analyseIncrementally(analyzer, sourceFile, base, { withFixes: true }) : undefined;
    if (attempt && 'findings' in attempt) {
      this.logFailures(analyzer);
      if (this.options.verifyIncremental) {
        // A fresh analyzer: checks the summaries carried over from the previous program too.
        const expected = analyzer.withNothingCarriedOver().analyzeFile(sourceFile, { withFixes: true });
        if (JSON.stringify(expected) !== JSON.stringify(attempt.findings)) {
          this.sink.error(`hotpath: incremental analysis diverged from the full analysis on ${fileName}:\nincremental: ${JSON.stringify(attempt.findings)}\nfull: ${JSON.stringify(expected)}`);
        }
      }
      this.bases.set(uri, attempt.version);
      return { findings: attempt.findings, incremental: true };
    }
    const findings = analyzer.analyzeFile(sourceFile, { withFixes: true });
    this.logFailures(analyzer);
    this.bases.set(uri, recordFullAnalysis(analyzer, sourceFile, findings, base));
    return { findings, incremental: false, fallback: attempt?.fallback ?? (full ? 'confirmation' : 'first analysis') };
  }

  /** Once the document is quiet, analyses it in full: what was kept from earlier versions is checked against the whole file. */
  private confirmLater(uri: string): void {
    clearTimeout(this.confirmations.get(uri));
    const version = this.analyses.get(uri)?.version;
    const timer = setTimeout(() => {
      this.confirmations.delete(uri);
      // A newer version has its own analysis (or, with `hotpath.run: onSave`, waits for the save).
      if (this.documents.all.get(uri)?.version !== version) return;
      void this.guard(() => this.analyseOpenFile(uri, true));
    }, Math.max(CONFIRM_AFTER_MS, this.options.debounceMs));
    this.confirmations.set(uri, timer);
  }

  /** A file a workspace analysis reported on was closed: its diagnostics now describe the file on disk. */
  private async analyseClosedFile(fileName: string, uri: string): Promise<void> {
    const project = this.projects.ownerOf(fileName);
    const settings = project && (await this.settings.get(uriOfFile(project.root)));
    await sqlParserReady();
    if (!project || !settings?.enable || this.documents.all.get(uri)) return;
    this.publishClosedFile(this.analyzerFor(project, settings, fileName), fileName, uri);
  }

  private publishClosedFile(analyzer: Analyzer, fileName: string, uri: string): number {
    const findings = this.findingsOf(analyzer, fileName, false);
    const locator = new Locator(analyzer.program);
    this.publisher.set(uri, FILE_SOURCE, findings.map((finding) => toDiagnostic(finding, locator, (file) => this.documents.uriOf(file))));
    return findings.length;
  }

  /** Findings about files outside the program (schemas, migrations), published per file; returns how many. */
  private publishProjectFindings(project: Project, analyzer: Analyzer): number {
    const findings = analyzer.projectFindings();
    this.logFailures(analyzer);
    const source = `project:${project.key}`;
    const locator = new Locator(analyzer.program);
    const byUri = new Map<string, Diagnostic[]>();
    for (const finding of findings) {
      const uri = this.documents.uriOf(finding.file);
      byUri.set(uri, [...(byUri.get(uri) ?? []), toDiagnostic(finding, locator, (file) => this.documents.uriOf(file))]);
    }
    for (const uri of this.projectFindings.get(project.key)?.uris ?? []) if (!byUri.has(uri)) this.publisher.set(uri, source, []);
    for (const [uri, diagnostics] of byUri) this.publisher.set(uri, source, diagnostics);
    this.projectFindings.set(project.key, { config: analyzer.config, uris: new Set(byUri.keys()) });
    return findings.length;
  }

  /**
   * Which files the workspace analysis covers: each file once, as the CLI does — by the deepest
   * project that lists it, else by the first project whose program reaches it.
   */
  private async workspacePlan(): Promise<{ projects: { project: Project; analyzer: Analyzer }[]; files: { fileName: string; analyzer: Analyzer }[] }> {
    const projects: { project: Project; analyzer: Analyzer }[] = [];
    await sqlParserReady();
    for (const project of this.projects.discover()) {
      const settings = await this.settings.get(uriOfFile(project.root));
      if (settings.enable) projects.push({ project, analyzer: this.analyzerFor(project, settings, project.root) });
    }
    const listedBy = new Map<string, Project>();
    for (const { project } of projects) for (const fileName of project.listedFiles()) if (!listedBy.has(fileName)) listedBy.set(fileName, project);
    const files = new Map<string, Analyzer>();
    for (const { project, analyzer } of projects) {
      for (const { fileName } of analyzer.filesToAnalyze()) {
        const owner = listedBy.get(fileName);
        if (!files.has(fileName) && (!owner || owner === project)) files.set(fileName, analyzer);
      }
    }
    return { projects, files: [...files].map(([fileName, analyzer]) => ({ fileName, analyzer })) };
  }

  private scheduleWorkspace(): void {
    clearTimeout(this.workspaceTimer);
    const noProgress: WorkDoneProgressReporter = { begin: () => undefined, report: () => undefined, done: () => undefined };
    const never: CancellationToken = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };
    this.workspaceTimer = setTimeout(() => void this.guard(() => this.analyseWorkspace(noProgress, never)), Math.max(this.options.debounceMs, 500));
  }

  private analyzerFor(project: Project, settings: Settings, fileName: string): Analyzer {
    const folder = this.projects.workspaceFolderOf(fileName) ?? project.root;
    const configFile = settings.configPath ? path.resolve(folder, settings.configPath) : undefined;
    return project.analyzer(this.configs.configOf(project, configFile));
  }

  private findingsOf(analyzer: Analyzer, fileName: string, withFixes: boolean): Finding[] {
    const sourceFile = analyzer.program.getSourceFile(fileName);
    const findings = sourceFile && analyzer.isAnalyzed(sourceFile) ? analyzer.analyzeFile(sourceFile, { withFixes }) : [];
    this.logFailures(analyzer);
    return findings;
  }

  /** A rule that threw is reported once per rule and file; the other rules' findings are still published. */
  private logFailures(analyzer: Analyzer): void {
    const seen = this.failuresSeen.get(analyzer) ?? 0;
    for (const failure of analyzer.failures.slice(seen)) {
      const key = `${failure.ruleId}\0${failure.file}`;
      if (this.loggedFailures.has(key)) continue;
      this.loggedFailures.add(key);
      const error = failure.error instanceof Error ? (failure.error.stack ?? failure.error.message) : String(failure.error);
      this.sink.error(`hotpath: rule ${failure.ruleId} failed on ${failure.file} (other rules' findings are still reported): ${error}`);
    }
    this.failuresSeen.set(analyzer, analyzer.failures.length);
  }

  private async guard(action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.sink.error(`hotpath: analysis failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
}

function cpuMillis(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

/**
 * The SQL parser (WASM) loads asynchronously; the analysis is synchronous. Waiting here keeps
 * unindexed-sql from failing on the first files; if the parser cannot load, that rule alone fails
 * (and is logged) while the others still report.
 */
function sqlParserReady(): Promise<void> {
  return prepareSql().catch(() => undefined);
}
