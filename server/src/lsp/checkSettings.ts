// The settings of the sampled checks: where requests go (only from the user's settings, never .evenhand.json)
// and how many they may make. Each key is validated on its own, so one bad value falls back to its default.
import { z } from 'zod';

export interface CheckSettings {
  baseUrl: string | undefined;
  model: string | undefined;
  embeddingModel: string | undefined;
  /** Per check. */
  maxRequests: number;
  background: 'off' | 'onSave';
  dailyRequestBudget: number;
  concurrency: number;
  temperature: number;
  timeoutSeconds: number;
  price: { promptPerMillion: number; completionPerMillion: number } | undefined;
}

export const CHECK_DEFAULTS: CheckSettings = {
  baseUrl: undefined,
  model: undefined,
  embeddingModel: undefined,
  maxRequests: 300,
  background: 'off',
  dailyRequestBudget: 2000,
  concurrency: 4,
  temperature: 0.7,
  timeoutSeconds: 60,
  price: undefined,
};

const text = z.string().trim().min(1);
const fields = {
  baseUrl: z
    .string()
    .trim()
    .refine((value) => {
      try {
        return ['http:', 'https:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, 'not an http(s) URL'),
  model: text,
  embeddingModel: text,
  maxRequests: z.number().int().min(1).max(100_000),
  background: z.enum(['off', 'onSave']),
  dailyRequestBudget: z.number().int().min(0).max(10_000_000),
  concurrency: z.number().int().min(1).max(64),
  temperature: z.number().min(0).max(2),
  timeoutSeconds: z.number().min(1).max(3600),
  price: z.object({ promptPerMillion: z.number().min(0), completionPerMillion: z.number().min(0) }),
};

/** Where each setting lives under `evenhand.`. */
const PATHS: Record<keyof CheckSettings, [string, string]> = {
  baseUrl: ['endpoint', 'baseUrl'],
  model: ['endpoint', 'model'],
  embeddingModel: ['endpoint', 'embeddingModel'],
  maxRequests: ['checks', 'maxRequests'],
  background: ['checks', 'background'],
  dailyRequestBudget: ['checks', 'dailyRequestBudget'],
  concurrency: ['checks', 'concurrency'],
  temperature: ['checks', 'temperature'],
  timeoutSeconds: ['checks', 'timeoutSeconds'],
  price: ['checks', 'price'],
};

/** Reads the check settings from the client's `evenhand` section; bad values are reported and replaced by defaults. */
export function checkSettings(raw: unknown, warn: (message: string) => void): CheckSettings {
  const settings: Record<string, unknown> = { ...CHECK_DEFAULTS };
  const section = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  for (const key of Object.keys(PATHS) as (keyof CheckSettings)[]) {
    const [group, name] = PATHS[key];
    const container = section[group];
    const value = typeof container === 'object' && container !== null ? (container as Record<string, unknown>)[name] : undefined;
    if (value === undefined || value === null || value === '') continue;
    const parsed = fields[key].safeParse(value);
    if (parsed.success) settings[key] = parsed.data;
    else warn(`Ignoring the setting evenhand.${group}.${name}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  return settings as unknown as CheckSettings;
}
