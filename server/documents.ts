import path from 'node:path';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { OpenFile } from './projects';
import { fileNameOf, uriOfFile } from './convert';

const ANALYSED_LANGUAGES = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact']);
const ANALYSED_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);

/** The documents open in the client, found by URI or by file name. */
export class OpenDocuments {
  readonly all = new TextDocuments(TextDocument);
  private readonly uris = new Map<string, string>();

  constructor() {
    this.all.onDidOpen(({ document }) => {
      const fileName = this.fileNameOf(document);
      if (fileName) this.uris.set(fileName, document.uri);
    });
    this.all.onDidClose(({ document }) => {
      const fileName = this.fileNameOf(document);
      if (fileName && this.uris.get(fileName) === document.uri) this.uris.delete(fileName);
    });
  }

  /** The file behind a document hotpath analyses: a `file:` TypeScript or JavaScript document. */
  fileNameOf(document: TextDocument): string | undefined {
    const fileName = fileNameOf(document.uri);
    if (!fileName) return undefined;
    return ANALYSED_LANGUAGES.has(document.languageId) || ANALYSED_EXTENSIONS.has(path.extname(fileName)) ? fileName : undefined;
  }

  byFileName(fileName: string): TextDocument | undefined {
    const uri = this.uris.get(fileName);
    return uri === undefined ? undefined : this.all.get(uri);
  }

  /** What projects read for an open file. */
  openFile(fileName: string): OpenFile | undefined {
    const document = this.byFileName(fileName);
    return document && { version: document.version, text: document.getText() };
  }

  /** The client's own spelling of an open file's URI, else the canonical one. */
  uriOf(fileName: string): string {
    return this.uris.get(fileName) ?? uriOfFile(fileName);
  }
}
