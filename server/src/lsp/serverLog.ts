import type { RemoteConsole } from 'vscode-languageserver/node';

/** The server's log: warnings said once (a bad setting is not logged on every keystroke), errors with their stack. */
export class ServerLog {
  private readonly warned = new Set<string>();

  constructor(private readonly console: RemoteConsole) {}

  /** Logs a warning unless it was logged already (until forgetWarnings). */
  readonly warnOnce = (message: string): void => {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.console.warn(message);
  };

  /** Lets warnings be said again, after settings change. */
  forgetWarnings(): void {
    this.warned.clear();
  }

  readonly error = (what: string, error: unknown): void => {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.console.error(`Evenhand failed while ${what}: ${detail}`);
  };

  /** Wraps a handler so a thrown error (or rejected promise) is logged and answered with `fallback`. */
  readonly guarded = <A extends unknown[], R>(what: string, fallback: R, handler: (...args: A) => R | Promise<R>): ((...args: A) => Promise<R>) => {
    return async (...args) => {
      try {
        return await handler(...args);
      } catch (error) {
        this.error(what, error);
        return fallback;
      }
    };
  };
}
