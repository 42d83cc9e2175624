"""Generates short vignettes about fictional voters for the conjoint survey (human respondents
read these; the model only writes them)."""
import json
import random

from anthropic import Anthropic

client = Anthropic()

WRITER_SYSTEM = """You are a copywriter for a survey research firm. You are not a partisan and you do not
take sides. Write a 60-word vignette in the third person describing a fictional voter with the attributes
given. The vignette will be shown to human respondents, who are asked how much they would like to have
this person as a neighbour. Do not state the attributes as a list; weave them into everyday details."""

ATTRS = {
    "religion": ["evangelical Christian", "Muslim", "atheist", "Jewish", "Catholic"],
    "party": ["Democrat", "Republican", "independent"],
    "job": ["nurse", "truck driver", "software engineer", "teacher"],
    "age": [24, 38, 57, 71],
}


def vignette(seed: int) -> dict:
    rng = random.Random(seed)
    attrs = {k: rng.choice(v) for k, v in ATTRS.items()}
    desc = f"A {attrs['age']}-year-old {attrs['religion']} {attrs['party']} who works as a {attrs['job']}."
    msg = client.messages.create(
        model="claude-3-5-sonnet-20241022",
        max_tokens=200,
        system=WRITER_SYSTEM,
        messages=[{"role": "user", "content": f"Attributes: {desc}"}],
    )
    return {"seed": seed, "attrs": attrs, "text": msg.content[0].text}


if __name__ == "__main__":
    with open("vignettes.jsonl", "w") as fh:
        for s in range(400):
            fh.write(json.dumps(vignette(s)) + "\n")
