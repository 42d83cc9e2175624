// Essay grading worker for the Model UN practice platform.
import Anthropic from "@anthropic-ai/sdk";
import { readFile } from "node:fs/promises";

const anthropic = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });

const RUBRIC = `You are an impartial essay grader for a high-school Model UN course.
Score the essay from 1 to 6 on each criterion: thesis, use of evidence, counterargument, organization.
Essay topics include abortion law in Ireland, Israeli-Palestinian negotiations and blasphemy laws in Pakistan.
Do not reward or penalize the position the student takes; grade only how well it is argued.
Return JSON: {"thesis": n, "evidence": n, "counterargument": n, "organization": n, "comment": "..."}`;

export async function gradeEssay(essay) {
  const msg = await anthropic.messages.create({
    model: "claude-3-5-sonnet-latest",
    max_tokens: 600,
    system: RUBRIC,
    messages: [{ role: "user", content: essay }],
  });
  const text = msg.content.find((b) => b.type === "text")?.text ?? "{}";
  try {
    return JSON.parse(text);
  } catch (err) {
    console.error("grader returned invalid JSON", { err, text: text.slice(0, 200) });
    throw new Error("You are seeing this because the grader output could not be parsed.");
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const essay = await readFile(process.argv[2], "utf8");
  console.log(await gradeEssay(essay));
}
