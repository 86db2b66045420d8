import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type ts from 'typescript';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import type { Finding, Severity, Span } from '../core/findings';
import { normalizeFileName } from './projects';

/** The file path of a `file:` URI (TypeScript's slashes); undefined for other schemes (untitled buffers). */
export function fileNameOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return normalizeFileName(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export function uriOfFile(fileName: string): string {
  return pathToFileURL(fileName).href;
}

/**
 * Converts the engine's UTF-16 offsets to LSP positions: the only place lines and characters
 * exist in the server. A span is read against the text it was computed on — the analysed
 * document, else the program's copy of the file, else the file on disk (schema, migrations).
 */
export class Locator {
  private readonly documents = new Map<string, TextDocument>();

  constructor(
    private readonly program: ts.Program | undefined,
    /** The analysed open document, at the version the offsets refer to. */
    primary?: { readonly fileName: string; readonly document: TextDocument },
  ) {
    if (primary) this.documents.set(primary.fileName, primary.document);
  }

  range(span: Span): Range {
    const document = this.document(span.file);
    return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
  }

  private document(fileName: string): TextDocument {
    let document = this.documents.get(fileName);
    if (!document) {
      const text = this.program?.getSourceFile(fileName)?.text ?? readTextOrEmpty(fileName);
      document = TextDocument.create(uriOfFile(fileName), '', 0, text);
      this.documents.set(fileName, document);
    }
    return document;
  }
}

/** A file outside the program (schema, migration, config), or nothing if it is gone. */
export function readTextOrEmpty(fileName: string): string {
  try {
    return fs.readFileSync(fileName, 'utf8');
  } catch {
    return '';
  }
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** What a diagnostic carries back to the server, so a code action finds its finding. */
export interface FindingData {
  readonly ruleId: string;
  readonly key: string;
}

/** Names one finding within one version of its file. */
export function findingKey(finding: Finding): string {
  return `${finding.ruleId}@${finding.start}-${finding.end}`;
}

export function toDiagnostic(finding: Finding, locator: Locator, uriOf: (fileName: string) => string): Diagnostic {
  const data: FindingData = { ruleId: finding.ruleId, key: findingKey(finding) };
  return {
    range: locator.range(finding),
    severity: SEVERITIES[finding.severity],
    source: 'hotpath',
    code: finding.ruleId,
    codeDescription: { href: finding.docsUrl },
    message: finding.message,
    ...(finding.related?.length
      ? { relatedInformation: finding.related.map((related) => ({ location: { uri: uriOf(related.file), range: locator.range(related) }, message: related.message })) }
      : {}),
    data,
  };
}

export function isFindingData(value: unknown): value is FindingData {
  return typeof value === 'object' && value !== null && typeof (value as FindingData).ruleId === 'string' && typeof (value as FindingData).key === 'string';
}
