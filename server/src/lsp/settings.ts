import { configSchema, type EvenhandConfig } from '../core/config.js';

/** The settings keys that mean the same as in `.evenhand.json` (trace and $schema are not lint settings). */
const LINT_KEYS = ['rules', 'lexicon', 'taskRoles', 'include', 'exclude', 'maxFileSize', 'code'] as const;

/**
 * Turns the client's `evenhand.*` settings into a configuration layer. Each key is validated on its own, so
 * one bad value (reported through `warn`) does not throw away the rest; null means "unset".
 */
export function settingsLayer(raw: unknown, warn: (message: string) => void): EvenhandConfig {
  const layer: Record<string, unknown> = {};
  if (typeof raw !== 'object' || raw === null) return layer;
  const settings = raw as Record<string, unknown>;
  for (const key of LINT_KEYS) {
    const value = settings[key];
    if (value === undefined || value === null) continue;
    const parsed = configSchema.shape[key].safeParse(value);
    if (parsed.success) layer[key] = parsed.data;
    else warn(`Ignoring the setting evenhand.${key}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  return layer as EvenhandConfig;
}
