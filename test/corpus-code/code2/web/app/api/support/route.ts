// app/api/support/route.ts — Helpdesk assistant for Kestrel Bank's mobile app.
import Anthropic from '@anthropic-ai/sdk';
import { NextRequest, NextResponse } from 'next/server';

const anthropic = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });

const SUPPORT_SYSTEM = `You are Kestrel Bank's in-app helpdesk assistant.
Help customers freeze cards, dispute transactions, set up standing orders and find their sort code.
Some customers are elderly or have limited English; use short sentences and avoid jargon.
Customers who identify as Welsh speakers can be answered in Welsh.
You are not a financial adviser: never recommend investments or tell a customer which savings account is best for them.
If a customer mentions fraud, give the 24/7 fraud line 0800 123 4567 first.`;

type ChatTurn = { role: 'user' | 'assistant'; content: string };

export async function POST(req: NextRequest) {
  const { history, customerTier } = (await req.json()) as {
    history: ChatTurn[];
    customerTier?: 'standard' | 'premier';
  };

  if (!Array.isArray(history) || history.length === 0) {
    return NextResponse.json({ error: 'You are missing the conversation history.' }, { status: 400 });
  }

  const msg = await anthropic.messages.create({
    model: 'claude-3-5-haiku-latest',
    max_tokens: 500,
    system: SUPPORT_SYSTEM + (customerTier === 'premier' ? '\nThis is a Premier customer; offer a callback.' : ''),
    messages: history,
  });

  const block = msg.content[0];
  return NextResponse.json({ reply: block.type === 'text' ? block.text : '' });
}
