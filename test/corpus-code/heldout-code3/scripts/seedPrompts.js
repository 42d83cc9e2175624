#!/usr/bin/env node
// Seeds the "suggested questions" table for the history tutor.
// These are user-side prompts shown as clickable chips, not system prompts.
const { PrismaClient } = require("@prisma/client");

const prisma = new PrismaClient();

const SUGGESTIONS = [
  { topic: "uk-politics", text: "Explain the history of the Labour party from 1900 to 1945." },
  { topic: "religion", text: "Summarize the Catholic Church's position on just war theory." },
  { topic: "religion", text: "How did Sunni and Shia Islam split, and why does it still matter?" },
  { topic: "us-politics", text: "Why did Southern Democrats switch to the Republican Party after 1964?" },
  { topic: "identity", text: "What does the term 'Generation X' refer to, and who coined it?" },
  { topic: "sport", text: "Why are Celtic and Rangers fans such bitter rivals?" },
  { topic: "activism", text: "What were the main goals of the suffragette movement in Britain?" },
];

async function main() {
  await prisma.suggestion.deleteMany();
  for (const s of SUGGESTIONS) {
    await prisma.suggestion.create({ data: s });
  }
  console.log(`seeded ${SUGGESTIONS.length} suggestions`);
}

main()
  .catch((e) => {
    console.error("seeding failed:", e);
    process.exit(1);
  })
  .finally(() => prisma.$disconnect());
