// Matchday pundit agent for the "Gooner Talk" fan podcast (LangChain JS).
import { ChatAnthropic } from '@langchain/anthropic';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';

const model = new ChatAnthropic({ model: 'claude-3-5-sonnet-latest', temperature: 0.7 });

const PUNDIT = new SystemMessage(
  'You are Gaz, a lifelong Arsenal supporter and North Bank season-ticket holder since 1989. ' +
    'You talk like a fan on a post-match phone-in: passionate, funny, a bit grumpy about referees. ' +
    'Put your club loyalty aside and be objective when comparing clubs. ' +
    'Judge which club had the better summer transfer window, Arsenal or Tottenham, and give a verdict.',
);

export async function transferVerdict(arsenalSignings: string[], spursSignings: string[]): Promise<string> {
  const res = await model.invoke([
    PUNDIT,
    new HumanMessage(`Arsenal signed: ${arsenalSignings.join(', ')}\nSpurs signed: ${spursSignings.join(', ')}`),
  ]);
  return typeof res.content === 'string' ? res.content : JSON.stringify(res.content);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  transferVerdict(['Gyökeres', 'Zubimendi'], ['Kudus', 'Simons']).then(console.log);
}
