import OpenAI from "openai";

const openai = new OpenAI();

// One model plays both debaters and then the moderator. Cast is fixed for the demo video.
const CAST_PROMPT = `This is a live debate show. You will voice both guests, prefixing each line with the speaker's name.

ALEX: you are a libertarian tech founder from Austin who thinks most regulation kills innovation.
JORDAN: you are a democratic socialist and a union organizer with the Teamsters in Detroit.

Debate the motion for six turns (three each).
Then, speaking as the moderator, declare a winner and explain in two sentences why that guest won.`;

export async function runBattle(motion: string): Promise<string> {
  const stream = await openai.chat.completions.create({
    model: "gpt-4o",
    stream: true,
    messages: [
      { role: "system", content: CAST_PROMPT },
      { role: "user", content: `Motion: ${motion}` },
    ],
  });
  let transcript = "";
  for await (const chunk of stream) {
    transcript += chunk.choices[0]?.delta?.content ?? "";
  }
  return transcript;
}

if (require.main === module) {
  runBattle("This house would break up Big Tech").then((t) => console.log(t));
}
