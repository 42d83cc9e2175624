// LangChain JS annotation job: tags tweets with the ideology they express (label set from the codebook).
const { ChatOpenAI } = require("@langchain/openai");
const { ChatPromptTemplate } = require("@langchain/core/prompts");
const { JsonOutputParser } = require("@langchain/core/output_parsers");
const fs = require("fs");

const LABELS = ["progressive", "liberal", "moderate", "conservative", "libertarian", "nationalist", "apolitical"];

const prompt = ChatPromptTemplate.fromMessages([
  [
    "system",
    "You are a content annotator. Label the ideology expressed in the tweet using exactly one of: {labels}. " +
      "The author's identity is unknown; do not guess it from names or photos. " +
      'Return JSON like {{"label": "...", "evidence": "..."}}.',
  ],
  ["human", "{tweet}"],
]);

const model = new ChatOpenAI({ model: "gpt-4o-mini", temperature: 0 });
const chain = prompt.pipe(model).pipe(new JsonOutputParser());

async function run(file) {
  const tweets = fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map(JSON.parse);
  const results = [];
  for (const t of tweets) {
    const out = await chain.invoke({ labels: LABELS.join(", "), tweet: t.text });
    results.push({ id: t.id, ...out });
  }
  fs.writeFileSync("labels.json", JSON.stringify(results, null, 2));
  console.log(`labelled ${results.length} tweets; e.g. "conservative" count =`,
    results.filter((r) => r.label === "conservative").length);
}

run(process.argv[2] || "tweets.jsonl");
