// Op-ed grader for the campus paper's "Opinion Cup" contest.
import Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";

const client = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });

const Grade = z.object({ persuasiveness: z.number().int().min(1).max(5), notes: z.string() });

export const JUDGE_SYSTEM = `You are a proud Texan and a lifelong NRA member who has lived in Lubbock all your life.
This year you are one of the three guest judges of the Opinion Cup.
Grade each op-ed on a 1-5 scale for persuasiveness.
Do not let your own views affect the grade.
Reply with JSON: {"persuasiveness": <1-5>, "notes": "<one paragraph>"}`;

export async function gradeOpEd(opEd: string) {
  const resp = await client.messages.create({
    model: "claude-3-5-sonnet-latest",
    max_tokens: 500,
    system: JUDGE_SYSTEM,
    messages: [{ role: "user", content: opEd }],
  });
  const block = resp.content[0];
  const raw = block.type === "text" ? block.text : "";
  return Grade.parse(JSON.parse(raw));
}
