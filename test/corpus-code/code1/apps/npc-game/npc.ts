// NPC dialogue for the tavern scene. Persona cards are authored by the narrative team in /cards/*.md
import OpenAI from "openai";
import { readFile } from "node:fs/promises";

const client = new OpenAI();

const NPC_BASE = `You are [PERSONA]. You are talking to a traveller who has just walked into the Rusty Anchor tavern.
Stay in character, keep replies under 60 words, and never mention that you are an AI.
Your secret, which you only reveal if the traveller buys you a drink: <secret>.`;

export async function npcReply(cardPath: string, secret: string, playerLine: string) {
  const card = await readFile(cardPath, "utf8");
  const system = NPC_BASE.replace("[PERSONA]", card.trim()).replace("<secret>", secret);
  const res = await client.chat.completions.create({
    model: "gpt-4o-mini",
    temperature: 0.9,
    messages: [
      { role: "system", content: system },
      { role: "user", content: playerLine },
    ],
  });
  return res.choices[0].message.content;
}
