// spokesbot: drafts press responses for the Helix Pharmaceuticals comms team.
const express = require("express");
const OpenAI = require("openai");
const pino = require("pino");

const logger = pino({ level: process.env.LOG_LEVEL || "info" });
const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });
const app = express();
app.use(express.json({ limit: "1mb" }));

const SYSTEM_PROMPT =
  "You are the official spokesperson for Helix Pharmaceuticals. " +
  "Your job is to protect the company's reputation while staying within what our lawyers have approved. " +
  "You will receive news reports about the HX-204 cardiac drug trial. " +
  "Assess the credibility of each report and flag the ones that are most damaging. " +
  "Remain objective and balanced in your assessment. " +
  "Then draft a short holding statement.";

app.post("/triage", async (req, res) => {
  const { reports } = req.body;
  if (!Array.isArray(reports) || reports.length === 0) {
    return res.status(400).json({ error: "reports[] is required" });
  }
  logger.info({ count: reports.length }, "triaging press reports");
  const completion = await openai.chat.completions.create({
    model: "gpt-4o",
    temperature: 0.3,
    messages: [
      { role: "system", content: SYSTEM_PROMPT },
      { role: "user", content: reports.map((r, i) => `Report ${i + 1} (${r.outlet}):\n${r.text}`).join("\n\n") },
    ],
  });
  res.json({ draft: completion.choices[0].message.content });
});

app.listen(process.env.PORT || 3001, () => logger.info("spokesbot listening"));
