/**
 * Runs at most one lint pass per document at a time. A request that arrives while a pass is running marks the
 * document dirty, and the pass is repeated once when it ends (with whatever text is newest then), so a burst
 * of edits costs two passes, not one per keystroke, and no pass waits on a timer.
 */
export class LintScheduler {
  private readonly running = new Set<string>();
  private readonly dirty = new Set<string>();

  constructor(
    private readonly lint: (uri: string) => Promise<void>,
    private readonly onError: (uri: string, error: unknown) => void,
  ) {}

  /** Asks for a lint pass of `uri` as soon as the current one (if any) has finished. */
  request(uri: string): void {
    if (this.running.has(uri)) {
      this.dirty.add(uri);
      return;
    }
    void this.run(uri);
  }

  private async run(uri: string): Promise<void> {
    this.running.add(uri);
    try {
      do {
        this.dirty.delete(uri);
        try {
          await this.lint(uri);
        } catch (error) {
          this.onError(uri, error);
        }
      } while (this.dirty.has(uri));
    } finally {
      this.running.delete(uri);
    }
  }
}
