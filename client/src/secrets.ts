// API keys in VS Code's SecretStorage, one per endpoint origin (scheme://host:port), so a key is only ever
// handed to the origin it was stored for. Never in settings, logs, the cache or reports.
import type { SecretStorage } from 'vscode';

const PREFIX = 'evenhand.apiKey:';

/** The origin a key belongs to; undefined for a URL that is not http(s). */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

export class ApiKeys {
  constructor(private readonly storage: SecretStorage) {}

  get(origin: string): Thenable<string | undefined> {
    return this.storage.get(PREFIX + origin);
  }

  set(origin: string, key: string): Thenable<void> {
    return this.storage.store(PREFIX + origin, key);
  }

  delete(origin: string): Thenable<void> {
    return this.storage.delete(PREFIX + origin);
  }
}
