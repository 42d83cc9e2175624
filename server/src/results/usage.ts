// Requests sent today, per machine, against the daily budget of background and editor checks.
import * as fs from 'node:fs';
import * as path from 'node:path';

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

  /** Adds requests to today's count. */
  add(requests: number): void {
    if (!(requests > 0)) return;
    const total = this.used() + requests;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify({ date: this.today(), requests: total }) + '\n');
    fs.renameSync(temporary, this.file);
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
