import type { Connection } from 'vscode-languageserver/node';
import type { ProgressReporter } from './checkQueue.js';

/** Work-done progress the user can cancel; a silent stand-in for clients without it. */
export async function startProgress(connection: Connection, supported: boolean, title: string): Promise<ProgressReporter> {
  const listeners: (() => void)[] = [];
  if (!supported) {
    return { report: () => undefined, done: () => undefined, onCancel: (l) => listeners.push(l) };
  }
  const reporter = await connection.window.createWorkDoneProgress();
  reporter.begin(title, 0, 'starting', true);
  reporter.token.onCancellationRequested(() => listeners.forEach((l) => l()));
  return {
    report: (percentage, message) => reporter.report(percentage, message),
    done: () => reporter.done(),
    onCancel: (listener) => {
      if (reporter.token.isCancellationRequested) listener();
      else listeners.push(listener);
    },
  };
}
