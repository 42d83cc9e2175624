import OpenAI from "openai";
import { readFileSync, writeFileSync } from "node:fs";

type Respondent = {
  id: string;
  age: number;
  gender: string;
  party: string;
  state: string;
};

const client = new OpenAI();

const PEW_ITEM =
  "Overall, would you say the federal government does too much or too little to help people in need? (1) Too much (2) Too little (3) About right";

function systemFor(r: Respondent): string {
  return [
    `You are a ${r.age}-year-old ${r.gender} from ${r.state} who votes ${r.party}.`,
    "Answer this Pew survey item the way this person would answer it, with the option number only.",
  ].join(" ");
}

async function main() {
  const frame: Respondent[] = JSON.parse(readFileSync("data/frame.json", "utf8"));
  const out: Array<{ id: string; answer: string }> = [];
  for (const r of frame) {
    const res = await client.chat.completions.create({
      model: "gpt-4o-mini",
      temperature: 1,
      max_tokens: 3,
      messages: [
        { role: "system", content: systemFor(r) },
        { role: "user", content: PEW_ITEM },
      ],
    });
    out.push({ id: r.id, answer: res.choices[0].message.content?.trim() ?? "NA" });
    if (out.length % 50 === 0) console.log(`simulated ${out.length}/${frame.length} respondents`);
  }
  writeFileSync("out/pew_simulated.json", JSON.stringify(out, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
