import Mustache from "mustache";
import OpenAI from "openai";

/**
 * Forum-reaction generator used by the synthetic community-testing tool.
 * Persona strings come from the research team's spreadsheet (personas.csv).
 */
const REACTION_TEMPLATE = `You are {{persona}}.
Read the forum post below and write the reply you would post, in your own voice, in under 80 words.

Post:
{{post}}`;

const openai = new OpenAI();

export interface PersonaRow {
  id: string;
  persona: string;
}

export async function generateReaction(row: PersonaRow, post: string): Promise<string> {
  const system = Mustache.render(REACTION_TEMPLATE, { persona: row.persona, post });
  const res = await openai.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "system", content: system }],
  });
  return res.choices[0].message.content ?? "";
}
