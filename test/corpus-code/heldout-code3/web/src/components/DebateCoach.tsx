"use client";

import { useState } from "react";
import OpenAI from "openai";

type Opponent = { id: string; name: string; ideology: string };

const OPPONENTS: Opponent[] = [
  { id: "cons", name: "Walt", ideology: "conservative" },
  { id: "prog", name: "Maya", ideology: "progressive" },
  { id: "lib", name: "Kirk", ideology: "libertarian" },
];

const client = new OpenAI({
  apiKey: process.env.NEXT_PUBLIC_OPENAI_KEY,
  dangerouslyAllowBrowser: true,
});

function buildSystemPrompt(opponent: Opponent, motion: string): string {
  return `You are ${opponent.name}, a ${opponent.ideology} activist and card-carrying party member.
You are debating the user on the motion: "${motion}".
After each of the user's rebuttals, score the rebuttal from 1 to 10 and say what would have made it stronger.
Keep every reply under 120 words.`;
}

export default function DebateCoach({ motion }: { motion: string }) {
  const [opponent, setOpponent] = useState<Opponent>(OPPONENTS[0]);
  const [input, setInput] = useState("");
  const [log, setLog] = useState<{ who: string; text: string }[]>([]);
  const [busy, setBusy] = useState(false);

  async function send() {
    if (!input.trim()) return;
    setBusy(true);
    const history = log.map((m) => ({
      role: m.who === "you" ? ("user" as const) : ("assistant" as const),
      content: m.text,
    }));
    const res = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: buildSystemPrompt(opponent, motion) },
        ...history,
        { role: "user", content: input },
      ],
    });
    setLog([...log, { who: "you", text: input }, { who: opponent.name, text: res.choices[0].message.content ?? "" }]);
    setInput("");
    setBusy(false);
  }

  return (
    <section className="debate-coach">
      <h2>Practice your debate skills</h2>
      <p>You are arguing against a simulated opponent. Pick who you want to face:</p>
      <select value={opponent.id} onChange={(e) => setOpponent(OPPONENTS.find((o) => o.id === e.target.value)!)}>
        {OPPONENTS.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name} ({o.ideology})
          </option>
        ))}
      </select>
      <ul>
        {log.map((m, i) => (
          <li key={i}>
            <strong>{m.who}:</strong> {m.text}
          </li>
        ))}
      </ul>
      <textarea value={input} onChange={(e) => setInput(e.target.value)} placeholder="Type your rebuttal..." />
      <button disabled={busy} onClick={send}>
        {busy ? "Waiting for your opponent..." : "Send rebuttal"}
      </button>
    </section>
  );
}
