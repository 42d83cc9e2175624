// npcRegistry.ts — loads NPC sheets from the CMS and renders their system prompts with Handlebars.
import Handlebars from 'handlebars';
import OpenAI from 'openai';

export interface NpcSheet {
  id: string;
  name: string;
  age: number;
  hometown: string;
  nationality: string;
  faith: string;
  quirk: string;
}

const NPC_TEMPLATE = Handlebars.compile(
  `You are {{name}}, a {{age}}-year-old {{nationality}} {{faith}} from {{hometown}}.
Your quirk: {{quirk}}.
Speak only as {{name}}, in one or two sentences, and never mention that you are an AI.`,
);

const HINT_TEMPLATE = Handlebars.compile(
  `You are the hint system for the puzzle "{{puzzleName}}". Give the player one hint, never the full solution.`,
);

const client = new OpenAI();

export async function npcLine(sheet: NpcSheet, playerLine: string): Promise<string> {
  const res = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: NPC_TEMPLATE(sheet) },
      { role: 'user', content: playerLine },
    ],
  });
  return res.choices[0].message.content ?? '...';
}

export async function hint(puzzleName: string, state: string): Promise<string> {
  const res = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: HINT_TEMPLATE({ puzzleName }) },
      { role: 'user', content: state },
    ],
  });
  return res.choices[0].message.content ?? '';
}
