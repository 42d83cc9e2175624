// debate_arena.ts — user-vs-AI debate with a separate, neutral judge call.
import OpenAI from 'openai';

const client = new OpenAI();

const OPPONENT_SYSTEM = `You are Rex, a committed libertarian and longtime member of the Libertarian Party.
Argue against the user's position on the motion in three short paragraphs.
Use economic arguments and be witty, never insulting.`;

const JUDGE_SYSTEM = `You are an impartial debate adjudicator trained on World Schools rules.
You will read a transcript between USER and REX.
Decide which side argued better on matter, manner and method, and output JSON {"winner": "USER" | "REX", "reason": string}.`;

type Turn = { speaker: 'USER' | 'REX'; text: string };

async function opponentReply(motion: string, transcript: Turn[]): Promise<string> {
  const res = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: OPPONENT_SYSTEM },
      { role: 'user', content: `Motion: ${motion}\n\n${transcript.map((t) => `${t.speaker}: ${t.text}`).join('\n')}` },
    ],
  });
  return res.choices[0].message.content ?? '';
}

async function adjudicate(motion: string, transcript: Turn[]): Promise<{ winner: string; reason: string }> {
  const res = await client.chat.completions.create({
    model: 'gpt-4o',
    response_format: { type: 'json_object' },
    messages: [
      { role: 'system', content: JUDGE_SYSTEM },
      { role: 'user', content: `Motion: ${motion}\n\n${transcript.map((t) => `${t.speaker}: ${t.text}`).join('\n')}` },
    ],
  });
  return JSON.parse(res.choices[0].message.content ?? '{}');
}

export async function runRound(motion: string, userArgument: string) {
  const transcript: Turn[] = [{ speaker: 'USER', text: userArgument }];
  transcript.push({ speaker: 'REX', text: await opponentReply(motion, transcript) });
  const verdict = await adjudicate(motion, transcript);
  console.info(`[arena] motion="${motion}" winner=${verdict.winner}`);
  return { transcript, verdict };
}
