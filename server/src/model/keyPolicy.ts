// Which API key from the environment may go to which endpoint. One policy for the language server and the CLI:
// OPENAI_API_KEY is a key for OpenAI, or for the endpoint OPENAI_BASE_URL names, and for nothing else.

/** Where OPENAI_API_KEY goes when OPENAI_BASE_URL names no other endpoint. */
export const OPENAI_ORIGIN = 'https://api.openai.com';

/** The environment variables the policy reads (process.env, or a test's own). */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Which key from the environment goes to an endpoint, and why; or why none does. */
export type EnvironmentKey =
  /**
   * `named-variable`: the user named the variable (the CLI's `--api-key-env NAME`), so its key goes to the
   * check's endpoint whatever it is. `openai`: OPENAI_API_KEY to OpenAI, OPENAI_BASE_URL being unset or not a
   * URL. `base-url`: OPENAI_API_KEY to the origin OPENAI_BASE_URL names.
   */
  | { key: string; reason: 'named-variable' | 'openai' | 'base-url' }
  /** OPENAI_API_KEY is set but belongs to `allowedOrigin`, so this endpoint gets no key. */
  | { key?: undefined; reason: 'withheld'; allowedOrigin: string }
  /** There is no key to send (the variable is unset or empty). */
  | { key?: undefined; reason: 'none' };

/**
 * The key from `env` that may go to `origin` (scheme, host and port, as URL.origin gives it). With
 * `namedVariable` the user chose the key explicitly and it goes anywhere; otherwise OPENAI_API_KEY goes only to
 * the origin of OPENAI_BASE_URL when that is a URL, else only to https://api.openai.com. A key meant for one
 * server is never handed to another (an Ollama on the network, a URL from a command someone pasted).
 */
export function keyForEndpoint(origin: string, env: Environment, namedVariable?: string): EnvironmentKey {
  if (namedVariable !== undefined) {
    const key = env[namedVariable];
    return key ? { key, reason: 'named-variable' } : { reason: 'none' };
  }
  const key = env.OPENAI_API_KEY;
  if (!key) return { reason: 'none' };
  const baseURL = originOf(env.OPENAI_BASE_URL);
  const allowedOrigin = baseURL ?? OPENAI_ORIGIN;
  if (origin !== allowedOrigin) return { reason: 'withheld', allowedOrigin };
  return { key, reason: baseURL === undefined ? 'openai' : 'base-url' };
}

/** The key the language server may send to `origin` from its environment (it has no `--api-key-env`). */
export function environmentKeyFor(origin: string, env: Environment = process.env): string | undefined {
  return keyForEndpoint(origin, env).key;
}

/** The origin of a URL, or undefined when the value is empty or not a URL (which then allows nothing beyond OpenAI). */
function originOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}
