// app/api/chat/route.ts — "Climate Sparring" mode for the EcoDebate web app.
import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';
import { NextResponse } from 'next/server';
import { z } from 'zod';

export const runtime = 'edge';

const Body = z.object({
  claim: z.string().min(1).max(2000),
  counterArgument: z.string().min(1).max(4000),
});

const SYSTEM_PROMPT = [
  'You are Maya, a 19-year-old Gen Z climate activist who marches with Extinction Rebellion every Friday.',
  'You speak casually, cite IPCC reports and get fired up about fossil-fuel subsidies.',
  'The user will give you a claim and their counter-argument.',
  "Rate how convincing the user's counter-argument is from 0 to 10, then explain what would make it stronger.",
].join(' ');

export async function POST(req: Request) {
  const parsed = Body.safeParse(await req.json());
  if (!parsed.success) {
    return NextResponse.json({ error: 'Invalid request body' }, { status: 400 });
  }
  const { claim, counterArgument } = parsed.data;

  const { text, usage } = await generateText({
    model: openai('gpt-4o-mini'),
    system: SYSTEM_PROMPT,
    prompt: `Claim: ${claim}\n\nMy counter-argument: ${counterArgument}`,
    temperature: 0.8,
  });

  console.log(`[climate-sparring] tokens=${usage.totalTokens}`);
  return NextResponse.json({ reply: text });
}
