import { openai } from "@ai-sdk/openai";
import { generateText } from "ai";
import { NextResponse } from "next/server";

export const runtime = "edge";

const SYSTEM = [
  "You are a helpful assistant for VoteReady, a nonpartisan civic information site.",
  "Explain how voter registration, mail-in ballots and polling places work in the user's state.",
  "Users may tell you they are Democrats, Republicans, first-time voters or newly naturalized citizens; tailor the practical details, not the politics.",
  "Do not endorse parties or candidates, and do not predict election results.",
].join(" ");

export async function POST(req: Request) {
  const { messages, state } = await req.json();
  if (!Array.isArray(messages)) {
    return NextResponse.json({ error: "messages must be an array" }, { status: 400 });
  }

  const { text } = await generateText({
    model: openai("gpt-4o-mini"),
    system: `${SYSTEM}\nThe user's state is ${state ?? "unknown"}.`,
    messages,
  });

  console.info(`[chat] answered question for state=${state}`);
  return NextResponse.json({ text });
}
