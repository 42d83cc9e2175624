// The one guard every request of the language server passes: a document over maxFileSize (or excluded) gets no
// analysis and the empty answer, the same for diagnostics, hover, outline, lenses and code actions, with one
// logged warning; and a handler that throws is logged and answered instead of taking the process down.
import { ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentConfig } from './documentConfig.js';
import type { ServerLog } from './serverLog.js';

/** Why an open prompt document gets no analysis. */
export type DocumentRefusal = 'excluded' | 'too-large';

/** An open prompt document with the settings and configuration a request analyses it with. */
export interface GuardedDocument {
  document: TextDocument;
  raw: unknown;
  documentConfig: DocumentConfig;
  refused?: DocumentRefusal;
}

/** What the guard needs from the server. */
export interface GuardHost {
  document(uri: string): TextDocument | undefined;
  isConfigFile(uri: string): boolean;
  configFor(uri: string): Promise<{ raw: unknown; documentConfig: DocumentConfig }>;
  log: ServerLog;
}

export class RequestGuard {
  constructor(private readonly host: GuardHost) {}

  /**
   * The newest text of an open prompt document with its configuration, and whether it is refused (an oversized
   * document is logged once); undefined for configuration files and closed documents.
   */
  async open(uri: string): Promise<GuardedDocument | undefined> {
    if (this.host.isConfigFile(uri) || !this.host.document(uri)) return undefined;
    const { raw, documentConfig } = await this.host.configFor(uri);
    const document = this.host.document(uri);
    if (!document) return undefined;
    if (documentConfig.excluded) return { document, raw, documentConfig, refused: 'excluded' };
    const maxFileSize = documentConfig.config.maxFileSize;
    if (exceedsBytes(document.getText(), maxFileSize)) {
      this.host.log.warnOnce(`${uri}: skipped: over the ${maxFileSize}-byte limit (maxFileSize)`);
      return { document, raw, documentConfig, refused: 'too-large' };
    }
    return { document, raw, documentConfig };
  }

  /** A request about one document: a refused document, a closed one or a throw is answered with `fallback`. */
  document<P extends { textDocument: { uri: string } }, R>(
    what: string,
    fallback: R,
    handler: (target: GuardedDocument, params: P, token: CancellationToken) => R | Promise<R>,
  ): (params: P, token: CancellationToken) => Promise<R> {
    return this.request(what, fallback, async (params: P, token: CancellationToken) => {
      const target = await this.open(params.textDocument.uri);
      return target && !target.refused ? handler(target, params, token) : fallback;
    });
  }

  /** Any other handler or notification: a throw (or rejection) is logged and answered with `fallback`. */
  request<A extends unknown[], R>(what: string, fallback: R, handler: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
    return this.host.log.guarded(what, fallback, handler);
  }

  /** A command: its own LSP errors pass through, anything else it throws is logged and answered as InternalError. */
  command<P extends { command: string }, R>(
    handler: (params: P, token: CancellationToken) => Promise<R>,
  ): (params: P, token: CancellationToken) => Promise<R> {
    return async (params, token) => {
      try {
        return await handler(params, token);
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        this.host.log.error(`running ${params.command}`, error);
        throw new ResponseError(-32603, error instanceof Error ? error.message : String(error));
      }
    };
  }
}

/** Whether `text` is longer than `limit` bytes in UTF-8, without encoding it when its length already decides. */
export function exceedsBytes(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  return Buffer.byteLength(text, 'utf8') > limit;
}
