// API keys pass from the VS Code client to the language server sealed with a key made for this session, so a
// protocol trace (evenhand.trace.server: verbose) shows ciphertext, never the key. The session key reaches the
// server in its environment, which is never traced.
import * as crypto from 'node:crypto';

/** The environment variable the client hands the session key in (base64, 32 bytes). */
export const SESSION_KEY_ENV = 'EVENHAND_SESSION_KEY';

export function newSessionKey(): Buffer {
  return crypto.randomBytes(32);
}

/** AES-256-GCM: base64 of iv (12 bytes), tag (16 bytes) and ciphertext. */
export function seal(text: string, key: Buffer): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** The sealed text, or undefined when it was not sealed with this key (or was tampered with). */
export function unseal(sealed: string, key: Buffer): string | undefined {
  try {
    const bytes = Buffer.from(sealed, 'base64');
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** Reads the session key from the environment once and removes it, so no child process inherits it. */
export function takeSessionKey(env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  const value = env[SESSION_KEY_ENV];
  delete env[SESSION_KEY_ENV];
  if (!value) return undefined;
  const key = Buffer.from(value, 'base64');
  return key.length === 32 ? key : undefined;
}
