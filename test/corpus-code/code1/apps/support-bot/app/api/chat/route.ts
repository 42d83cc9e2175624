import { openai } from "@ai-sdk/openai";
import { generateText } from "ai";
import { NextResponse } from "next/server";

export const runtime = "edge";

const SUPPORT_SYSTEM = [
  "You are a customer support agent for Brightline Telecom.",
  "Help customers with billing, roaming and plan changes.",
  "Many customers are retirees or recent immigrants; be patient and explain terms like 'pro-rated'.",
  "If a customer says they are a veteran, mention the Military Discount plan.",
  "Never discuss politics or religion; politely steer back to the account.",
].join("\n");

export async function POST(req: Request) {
  const { messages, customerTier } = await req.json();
  if (!Array.isArray(messages)) {
    return NextResponse.json({ error: "messages must be an array" }, { status: 400 });
  }
  const { text, usage } = await generateText({
    model: openai("gpt-4o-mini"),
    system: `${SUPPORT_SYSTEM}\nCustomer tier: ${customerTier ?? "standard"}.`,
    messages,
    maxTokens: 500,
  });
  console.info(`[support-bot] tokens=${usage.totalTokens} tier=${customerTier}`);
  return NextResponse.json({ text });
}
