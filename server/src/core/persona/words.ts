// Word lists as regex fragments.

/** A regex alternation of phrases: each escaped, a space inside a phrase matching `space`. */
export function wordAlternation(phrases: readonly string[], space = String.raw`\s+`): string {
  return phrases.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, space)).join('|');
}
