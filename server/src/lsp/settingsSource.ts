import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import type { EvenhandConfig } from '../core/config.js';
import { SETTINGS_SECTION } from '../protocol.js';
import { ConfigFileCache } from './configFileCache.js';
import { configForDocument, type DocumentConfig } from './documentConfig.js';
import { settingsLayer } from './settings.js';
import { filePathOf } from './uris.js';

/**
 * The `evenhand.*` settings of a document, fetched from the client each time (never cached in the server: the
 * client's configuration is the truth), or the ones it pushed when it cannot answer workspace/configuration.
 */
export class SettingsSource {
  /** Whether the client answers workspace/configuration (fixed after initialize). */
  pulls = false;
  /** Settings pushed with didChangeConfiguration or initializationOptions. */
  pushed: unknown;
  /** The `.evenhand.json` files read so far, each read again only after it changed. */
  readonly configFiles = new ConfigFileCache();

  constructor(
    private readonly connection: Connection,
    private readonly warnOnce: (message: string) => void,
    private readonly workspaceFolders: () => string[],
  ) {}

  /** The raw settings for a document and its lint configuration (settings merged with its `.evenhand.json`). */
  async forDocument(uri: string): Promise<{ raw: unknown; documentConfig: DocumentConfig }> {
    const raw = this.pulls ? await this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }) : this.pushed;
    const settings: EvenhandConfig = settingsLayer(raw, this.warnOnce);
    const filePath = filePathOf(uri);
    const documentConfig = configForDocument(filePath, settings, filePath && this.folderOf(filePath), this.configFiles.load);
    const configFile = documentConfig.configFile;
    for (const problem of configFile?.problems ?? []) {
      this.warnOnce(`${configFile?.path}: ${problem.message} (the file is ignored until this is fixed)`);
    }
    return { raw, documentConfig };
  }

  /** The innermost workspace folder holding a file. */
  private folderOf(filePath: string): string | undefined {
    return this.workspaceFolders()
      .filter((folder) => filePath === folder || filePath.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep))
      .sort((a, b) => b.length - a.length)[0];
  }
}
