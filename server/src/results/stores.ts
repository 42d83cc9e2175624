// The result stores of prompt files, found once per folder (walking up for .git on every keystroke would cost the
// lint its budget), and a file's kept results as the sampled rules read them. Used by the language server and the CLI.
import * as path from 'node:path';
import type { KeptResults } from '../core/index.js';
import { ResultStore } from './store.js';

export class ResultStores {
  private readonly byFolder = new Map<string, ResultStore>();
  private readonly byDirectory = new Map<string, ResultStore>();
  /** With `snapshot`, the files each store holds results for, read once (a CLI run; the server reads live). */
  private readonly filesByStore = new Map<ResultStore, Set<string>>();

  /** `snapshot`: read each store once and never look again (the results cannot change under a CLI run that matters). */
  constructor(private readonly options: { snapshot?: boolean } = {}) {}

  /** The store a file's results live in (one per workspace, else the user's). */
  storeFor(filePath: string): ResultStore {
    const directory = path.dirname(filePath);
    const cached = this.byDirectory.get(directory);
    if (cached) return cached;
    const store = ResultStore.forPrompt(filePath);
    const known = this.byFolder.get(store.folder) ?? store;
    this.byFolder.set(store.folder, known);
    this.byDirectory.set(directory, known);
    return known;
  }

  /** Every store found so far. */
  all(): ResultStore[] {
    return [...this.byFolder.values()];
  }

  /** Forgets what the stores read, after results.json changed on disk (another window, the CLI). */
  reload(): void {
    for (const store of this.byFolder.values()) store.reload();
  }

  /**
   * A file's kept results for the sampled rules, or undefined when it has none. The model `preferredModel` gives is
   * preferred when a persona has results from several; it is asked only for a file that has results, so a lint
   * pass of a file without any (nearly every keystroke) pays nothing for it.
   */
  keptFor(filePath: string, preferredModel?: () => string | undefined): KeptResults | undefined {
    const store = this.storeFor(filePath);
    if (this.options.snapshot) {
      let files = this.filesByStore.get(store);
      if (!files) this.filesByStore.set(store, (files = new Set(store.all().map((r) => r.file))));
      if (!files.has(store.keyOf(filePath))) return undefined;
    } else if (store.forFile(filePath).length === 0) {
      return undefined;
    }
    const model = preferredModel?.();
    return {
      file: store.file,
      latest: (check, personaText, line, targets) => store.latest(filePath, check, personaText, line, model, targets),
    };
  }
}
