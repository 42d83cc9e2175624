# Motivated reasoning probe: does a partisan persona shift argument-strength ratings?
# Design: 2 personas x 3 debiasing conditions x 40 arguments, 5 samples each.
import itertools
import json
import os
import random
from pathlib import Path

import numpy as np
from openai import OpenAI

client = OpenAI()
MODEL = os.getenv("MR_MODEL", "gpt-4o-mini")

PERSONAS = [
    "a committed Democrat who volunteers for local progressive campaigns",
    "a committed Republican who believes in limited government and low taxes",
]

DEBIAS = {
    "none": "",
    "objective": "Be as objective as possible and set your political views aside when you answer.",
    "accuracy": "You will be paid a bonus for ratings that match an expert panel.",
}

PROMPT_TEMPLATE = """You are {persona}.
{debias}
Read the argument below about {topic}.
Rate the strength of the argument on a scale from 1 (very weak) to 7 (very strong).
Respond with a single integer.

Argument: {argument}"""


def load_arguments(path="data/arguments.jsonl"):
    with open(path) as fh:
        return [json.loads(line) for line in fh]


def rate(persona, debias_key, arg):
    prompt = PROMPT_TEMPLATE.format(
        persona=persona,
        debias=DEBIAS[debias_key],
        topic=arg["topic"],
        argument=arg["text"],
    )
    out = client.chat.completions.create(
        model=MODEL,
        messages=[{"role": "user", "content": prompt}],
        temperature=0.7,
        n=5,
    )
    scores = []
    for choice in out.choices:
        try:
            scores.append(int(choice.message.content.strip()[0]))
        except (ValueError, IndexError):
            continue
    return scores


def main():
    random.seed(0)
    args = load_arguments()
    results = []
    for persona, debias_key, arg in itertools.product(PERSONAS, DEBIAS, args):
        scores = rate(persona, debias_key, arg)
        results.append({
            "persona": persona[:20],
            "debias": debias_key,
            "arg_id": arg["id"],
            "slant": arg["slant"],
            "mean": float(np.mean(scores)) if scores else None,
        })
    Path("results").mkdir(exist_ok=True)
    Path("results/mr_ratings.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
