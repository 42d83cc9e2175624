import Handlebars from "handlebars";
import Anthropic from "@anthropic-ai/sdk";
import { parse } from "csv-parse/sync";
import { readFileSync } from "node:fs";

const anthropic = new Anthropic();

const SYSTEM_TEMPLATE = Handlebars.compile(`You are {{ persona }}.
Take the questionnaire below and answer each item as a real respondent with this background would, one answer per line.
Do not explain your answers.`);

const QUESTIONNAIRE = readFileSync("questionnaires/civic_trust_v3.txt", "utf8");

type PersonaRow = { persona_id: string; persona: string };

export async function runPanel(csvPath = "personas/panel_v3.csv") {
  const rows: PersonaRow[] = parse(readFileSync(csvPath), { columns: true });
  const answers: Record<string, string> = {};
  for (const row of rows) {
    const msg = await anthropic.messages.create({
      model: "claude-3-5-haiku-latest",
      max_tokens: 300,
      system: SYSTEM_TEMPLATE({ persona: row.persona }),
      messages: [{ role: "user", content: QUESTIONNAIRE }],
    });
    const block = msg.content[0];
    answers[row.persona_id] = block.type === "text" ? block.text : "";
  }
  return answers;
}
