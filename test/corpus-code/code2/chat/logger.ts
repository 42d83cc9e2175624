// logger.ts — structured logging and user-facing error text for the assistant gateway.
import pino from 'pino';

export const log = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'assistant-gateway' } });

export const ERRORS = {
  unauthorized: 'You are not authorized to change the system prompt for this workspace.',
  deprecatedModel: 'You are using a deprecated model; requests will be routed to gpt-4o-mini.',
  quota: 'You are over your monthly message quota.',
  personaLocked: 'Persona presets are locked by your administrator.',
} as const;

export function logPromptSelection(workspaceId: string, presetName: string, locale: string) {
  // presetName is something like "support-default" or "tutor-maths"; never log full prompt text.
  log.info({ workspaceId, presetName, locale }, 'system prompt preset selected');
}

export function logUserProfile(userId: string, profile: { country?: string; ageBand?: string; language?: string }) {
  log.debug({ userId, ...profile }, 'user profile attached to request (used for locale and units only)');
}

export function assertPromptAllowed(prompt: string) {
  if (/ignore (all|previous) instructions/i.test(prompt)) {
    log.warn({ snippet: prompt.slice(0, 80) }, 'possible prompt injection in custom instructions');
    throw new Error(ERRORS.unauthorized);
  }
}
