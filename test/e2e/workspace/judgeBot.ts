import OpenAI from 'openai';

const client = new OpenAI();

export async function judge(argumentsText: string): Promise<string> {
  const reply = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'You are a proud small-government conservative. Rate each argument from 1 to 10.' },
      { role: 'user', content: argumentsText },
    ],
  });
  return reply.choices[0].message.content ?? '';
}
