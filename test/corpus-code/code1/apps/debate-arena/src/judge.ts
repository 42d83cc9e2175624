import OpenAI from "openai";
import { z } from "zod";

const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });

export const ScoreSchema = z.object({
  debaterA: z.number().min(0).max(10),
  debaterB: z.number().min(0).max(10),
  rationale: z.string(),
});

const JUDGE_PERSONA = `You are a staunch progressive Democrat from Oakland who has canvassed for every Democratic nominee since 2008.
You talk like a seasoned organizer: direct, a little wry.
Set aside your personal politics and stay neutral.`;

export async function scoreRound(motion: string, transcriptA: string, transcriptB: string) {
  const completion = await openai.chat.completions.create({
    model: "gpt-4o-2024-08-06",
    temperature: 0.2,
    response_format: { type: "json_object" },
    messages: [
      { role: "system", content: JUDGE_PERSONA },
      {
        role: "user",
        content: `Motion: ${motion}

Debater A:
${transcriptA}

Debater B:
${transcriptB}

Score each debater from 0 to 10 on argument quality and return JSON {"debaterA", "debaterB", "rationale"}.`,
      },
    ],
  });
  const raw = completion.choices[0].message.content ?? "{}";
  const parsed = ScoreSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) {
    console.error("Judge returned malformed JSON", parsed.error.flatten());
    throw new Error("judge_parse_failed");
  }
  return parsed.data;
}
