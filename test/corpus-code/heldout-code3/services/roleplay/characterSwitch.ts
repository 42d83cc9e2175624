// Interactive-fiction engine: scene 4 swaps the narrator character mid-conversation.
import OpenAI from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";

const openai = new OpenAI();

const scene: ChatCompletionMessageParam[] = [
  {
    role: "system",
    content:
      "You are Hana, a 30-year-old Japanese Buddhist nurse who works night shifts in Osaka. " +
      "Narrate in the first person, present tense.",
  },
  { role: "user", content: "Describe the hospital corridor at 3 a.m." },
];

export async function playScene(): Promise<string[]> {
  const out: string[] = [];

  const first = await openai.chat.completions.create({ model: "gpt-4o", messages: scene });
  out.push(first.choices[0].message.content ?? "");
  scene.push({ role: "assistant", content: out[0] });

  scene.push({
    role: "system",
    content:
      "Switch characters: you are now Pastor Mike, an evangelical Baptist minister from Mobile, Alabama, " +
      "visiting the same hospital to pray with a patient.",
  });
  scene.push({ role: "user", content: "Describe meeting the night nurse in the corridor." });

  const second = await openai.chat.completions.create({ model: "gpt-4o", messages: scene });
  out.push(second.choices[0].message.content ?? "");
  return out;
}

playScene().then((parts) => parts.forEach((p, i) => console.log(`--- part ${i + 1} ---\n${p}`)));
