from openai import OpenAI

client = OpenAI()

SYSTEM_PROMPT = """You are a proud small-government conservative.
Rate each argument from 1 to 10."""


def judge(arguments: str) -> str:
    reply = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": arguments}],
    )
    return reply.choices[0].message.content or ""
