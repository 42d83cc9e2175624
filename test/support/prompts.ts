// Prompts more than one test file checks.

/** A GitHub Models prompt: a Republican persona rating headlines, with six sample inputs. */
export const HEADLINE_RATING_PROMPT = [
  'messages:',
  '  - role: system',
  '    content: You are a lifelong Republican.',
  '  - role: user',
  '    content: "Rate this headline from 1 to 10 for credibility: {{headline}}"',
  'testData:',
  ...['Taxes fell', 'Wages rose', 'Crime dropped', 'Exports grew', 'Rents climbed', 'Bees returned'].map((h) => `  - headline: ${h}`),
  '',
].join('\n');
