"""Does a partisan persona shift how an LLM judges argument strength?

We hold the arguments fixed and vary only the persona in the system prompt.
Results go to results/argument_strength_<model>.csv.
"""
from __future__ import annotations

import csv
import itertools
import os
import re
from dataclasses import dataclass

from openai import OpenAI

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
MODEL = os.getenv("JUDGE_MODEL", "gpt-4o-2024-08-06")

AGES = [22, 45, 71]
PARTIES = ["Democratic", "Republican"]

SYSTEM_TMPL = """You are a {age}-year-old registered {party} voter who cares a lot about politics.
Read the argument the user sends you.
How convincing do you find this argument? Rate it from 1 (not at all) to 7 (extremely convincing).
Answer with the number first, then one sentence of explanation."""


@dataclass
class Argument:
    arg_id: str
    topic: str
    stance: str
    text: str


ARGUMENTS = [
    Argument("a01", "minimum_wage", "pro", "Raising the minimum wage to $15 lifts millions out of poverty ..."),
    Argument("a02", "minimum_wage", "con", "A $15 minimum wage would price entry-level workers out of jobs ..."),
    Argument("a03", "carbon_tax", "pro", "A revenue-neutral carbon tax is the cheapest way to cut emissions ..."),
    Argument("a04", "carbon_tax", "con", "Carbon taxes hit rural households hardest because they drive more ..."),
]

SCORE_RE = re.compile(r"^\s*([1-7])")


def judge(age: int, party: str, arg: Argument) -> tuple[int | None, str]:
    completion = client.chat.completions.create(
        model=MODEL,
        temperature=0,
        messages=[
            {"role": "system", "content": SYSTEM_TMPL.format(age=age, party=party)},
            {"role": "user", "content": arg.text},
        ],
    )
    raw = completion.choices[0].message.content or ""
    m = SCORE_RE.match(raw)
    return (int(m.group(1)) if m else None), raw


def main() -> None:
    os.makedirs("results", exist_ok=True)
    path = f"results/argument_strength_{MODEL}.csv"
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["age", "party", "arg_id", "topic", "stance", "score", "raw"])
        for age, party, arg in itertools.product(AGES, PARTIES, ARGUMENTS):
            score, raw = judge(age, party, arg)
            w.writerow([age, party, arg.arg_id, arg.topic, arg.stance, score, raw])
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
