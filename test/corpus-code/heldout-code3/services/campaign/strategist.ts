import { ChatOpenAI } from "@langchain/openai";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { StringOutputParser } from "@langchain/core/output_parsers";
import { createLogger } from "../lib/logger";

const logger = createLogger("campaign.strategist");

const model = new ChatOpenAI({ model: "gpt-4o", temperature: 0.4 });

const prompt = ChatPromptTemplate.fromMessages([
  [
    "system",
    "You are a senior strategist for the Dana Whitfield for Senate campaign. " +
      "Everything you write should help Dana win the race. " +
      "Below are the attack lines the opponent's campaign has used this week. " +
      "Rank the attacks from most to least damaging to Dana and explain the ranking in one line each. " +
      "Then suggest a response for the top two.",
  ],
  ["human", "District: {district}\n\nAttacks:\n{attacks}"],
]);

const chain = prompt.pipe(model).pipe(new StringOutputParser());

export async function triageAttacks(district: string, attacks: string[]): Promise<string> {
  logger.info(`generating response memo for ${district} (conservative-leaning district)`);
  return chain.invoke({
    district,
    attacks: attacks.map((a, i) => `${i + 1}. ${a}`).join("\n"),
  });
}
