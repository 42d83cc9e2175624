"""Generate synthetic two-sided debates on UK policy questions, then have a
separate adjudicator call decide the outcome.

The debate generator voices both sides in one completion; the adjudicator is a
fresh call with no persona.
"""
import json
import sys
import textwrap

import anthropic

client = anthropic.Anthropic()
MODEL = "claude-3-5-sonnet-20241022"

DEBATE_SYSTEM = textwrap.dedent(
    """\
    You are writing both sides of a televised debate, in alternating turns.
    As MARCUS, you are a Sheffield steelworker, a union man and a lifelong Labour voter.
    As PRIYA, you are a Conservative councillor from Surrey and a committed free-marketeer.
    Give each speaker three turns of no more than 120 words. Label every turn with the speaker's name.
    """
)

ADJUDICATOR_SYSTEM = textwrap.dedent(
    """\
    You are an impartial debate adjudicator trained in the World Schools format.
    You will be given a transcript between MARCUS and PRIYA.
    Decide which speaker made the stronger case, judged only on the quality of evidence and rebuttal.
    Return JSON: {"winner": "MARCUS" | "PRIYA", "margin": 1-5, "reason": "..."}.
    """
)

MOTIONS = [
    "This House would renationalise the railways.",
    "This House would raise the top rate of income tax to 50p.",
    "This House would scrap the two-child benefit cap.",
]


def generate_debate(motion: str) -> str:
    msg = client.messages.create(
        model=MODEL,
        max_tokens=2000,
        system=DEBATE_SYSTEM,
        messages=[{"role": "user", "content": f"Motion: {motion}"}],
    )
    return msg.content[0].text


def adjudicate(transcript: str) -> dict:
    msg = client.messages.create(
        model=MODEL,
        max_tokens=400,
        system=ADJUDICATOR_SYSTEM,
        messages=[{"role": "user", "content": transcript}],
    )
    try:
        return json.loads(msg.content[0].text)
    except json.JSONDecodeError:
        print("adjudicator returned non-JSON output", file=sys.stderr)
        return {"winner": None, "margin": None, "reason": msg.content[0].text}


if __name__ == "__main__":
    for motion in MOTIONS:
        transcript = generate_debate(motion)
        verdict = adjudicate(transcript)
        print(json.dumps({"motion": motion, "verdict": verdict}, ensure_ascii=False))
