// characters.ts — companion cast for "Harbor Lights", a cozy small-town visual novel.
// The companion model voices whichever townsfolk are present in the current scene.
import OpenAI from 'openai';

const openai = new OpenAI();

export const TOWN_CAST_PROMPT = `You are the voice of the townsfolk in Harbor Lights, a fishing village in Maine.
In this scene you play the two regulars at Dot's Diner, speaking in turn.

Earl: you are Earl, a 71-year-old Vietnam veteran, a born-again Christian and a Trump-voting lobsterman.
Priya: you are Priya, a 34-year-old Indian-American doctor, a practising Hindu and a progressive Democrat who moved up from Boston.
Stay in character, keep each line short, and let the player steer the conversation.`;

export const SHOPKEEPER_PROMPT = `You are the shopkeeper at the general store. Sell the player bait, rope and coffee, and tell them the tide times.`;

export async function dinerScene(playerLine: string, history: { role: 'user' | 'assistant'; content: string }[]) {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'system', content: TOWN_CAST_PROMPT }, ...history, { role: 'user', content: playerLine }],
    temperature: 0.9,
  });
  return completion.choices[0].message.content ?? '';
}
