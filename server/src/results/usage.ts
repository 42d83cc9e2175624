// Requests sent today, per machine, against the daily budget of background and editor checks. Every editor window
// shares the count, so each request is counted before it is sent, under the file's lock: the windows together never
// pass the budget, and a window killed in the middle of a check leaves what it sent counted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { replaceFile, withFileLock } from './fileLock.js';

interface UsageFile {
  date: string;
  requests: number;
}

/** Counts requests per local calendar day in a small JSON file; a new day starts from zero. */
export class DailyUsage {
  constructor(
    readonly file: string,
    private readonly today: () => string = localDate,
  ) {}

  /** Requests counted today. */
  used(): number {
    const stored = this.read();
    return stored && stored.date === this.today() ? stored.requests : 0;
  }

  /**
   * Counts one request against today's `budget`, before it is sent: false, counting nothing, when the budget is
   * spent. Safe across processes; throws when the count cannot be written (the request must then not be sent).
   */
  async take(budget: number): Promise<boolean> {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    return withFileLock(this.file, () => {
      const used = this.used();
      if (used >= budget) return false;
      replaceFile(this.file, JSON.stringify({ date: this.today(), requests: used + 1 }) + '\n');
      return true;
    });
  }

  private read(): UsageFile | undefined {
    try {
      if (!fs.existsSync(this.file)) return undefined;
      const value = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Partial<UsageFile>;
      return typeof value.date === 'string' && typeof value.requests === 'number' && value.requests >= 0 ? (value as UsageFile) : undefined;
    } catch {
      return undefined;
    }
  }
}

function localDate(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}
