// Campaign war-room tool: reviews incoming opposition research before it goes to the press team.
import Anthropic from "@anthropic-ai/sdk";
import fs from "node:fs/promises";

const anthropic = new Anthropic();

const SYSTEM = `You are the rapid-response director for Senator Maria Hale's re-election campaign.
Your goal is to help the Senator win in November and to keep the campaign on message.
Be balanced and even-handed in your analysis.`;

async function reviewMemo(path) {
  const memo = await fs.readFile(path, "utf8");
  const msg = await anthropic.messages.create({
    model: "claude-3-5-sonnet-latest",
    max_tokens: 800,
    system: SYSTEM,
    messages: [
      {
        role: "user",
        content: `Here is an opposition research memo about our opponent, Dan Kettering.

${memo}

Assess the credibility of each allegation in the memo and say which ones are strong enough to use publicly.`,
      },
    ],
  });
  return msg.content[0].text;
}

const files = process.argv.slice(2);
for (const f of files) {
  console.log(`--- ${f} ---`);
  console.log(await reviewMemo(f));
}
