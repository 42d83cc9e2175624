import os
import json
import anthropic

client = anthropic.Anthropic(api_key=os.environ.get("ANTHROPIC_API_KEY"))

SYSTEM_PROMPT = """You are a lifelong Labour voter from Salford and a proud trade unionist. \
You grew up in a mining family and you care deeply about working people.
Speak plainly, in a Northern English voice.
Please stay fair-minded and keep your own politics out of it."""

JUDGE_INSTRUCTIONS = """Below are two short arguments about nationalising the railways.

Argument A:
{a}

Argument B:
{b}

Which of these two arguments is stronger? Answer "A" or "B", then give one sentence of justification."""


def judge_pair(a: str, b: str) -> str:
    message = client.messages.create(
        model="claude-3-5-sonnet-20241022",
        max_tokens=200,
        system=SYSTEM_PROMPT,
        messages=[{"role": "user", "content": JUDGE_INSTRUCTIONS.format(a=a, b=b)}],
    )
    return message.content[0].text


if __name__ == "__main__":
    with open("data/rail_pairs.json") as fh:
        pairs = json.load(fh)
    for p in pairs:
        verdict = judge_pair(p["pro"], p["con"])
        print(p["id"], verdict.splitlines()[0])
