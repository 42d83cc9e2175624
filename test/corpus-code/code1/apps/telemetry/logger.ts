// Structured logging for the persona-experiment dashboard.
import pino from "pino";

export const logger = pino({ level: process.env.LOG_LEVEL ?? "info" });

export const PERSONA_KEYS = ["democrat", "republican", "evangelical", "atheist", "gen_z", "boomer"] as const;
export type PersonaKey = (typeof PERSONA_KEYS)[number];

export function logRun(persona: PersonaKey, model: string, nItems: number) {
  logger.info({ persona, model, nItems }, `Starting run: persona=${persona} model=${model}`);
}

export function logAuthFailure(userId: string) {
  logger.warn({ userId }, "You are not authorized to launch experiment runs. Ask a PI for access.");
}

export const UI_STRINGS = {
  emptyState: "You are all caught up. No runs are queued.",
  personaHelp: "Choose which persona condition (e.g. 'republican', 'atheist') to compare in the chart.",
  banner: "You are viewing results from the pilot wave; the Democrat and Republican conditions are not yet balanced.",
};
