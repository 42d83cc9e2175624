"""Silicon-sampling replication: condition GPT on ANES-style demographic
backstories and collect synthetic vote-choice responses.

Usage:
    python silicon_sample.py --n 500 --model gpt-4o-mini --out runs/silicon.jsonl
"""
import argparse
import json
import random
from pathlib import Path

from openai import OpenAI
from tqdm import tqdm

client = OpenAI()

STATES = ["Ohio", "Pennsylvania", "Georgia", "Arizona", "Wisconsin", "Michigan"]
PARTIES = ["Democrat", "Republican", "independent"]
AGES = list(range(18, 86))

PERSONA_TEMPLATE = (
    "You are a {age}-year-old {party} voter from {state}. "
    "You have lived there most of your life and you follow the news a few times a week."
)

SURVEY_INSTRUCTION = (
    "Answer the following survey question exactly as this respondent would answer it "
    "in the 2024 American National Election Study. Reply with the option letter only."
)

QUESTIONS = [
    {
        "id": "V241029",
        "text": "How much do you trust the federal government in Washington to do what is right?",
        "options": ["A) Always", "B) Most of the time", "C) About half the time", "D) Some of the time", "E) Never"],
    },
    {
        "id": "V241110",
        "text": "Do you approve or disapprove of the way Congress has been handling its job?",
        "options": ["A) Approve", "B) Disapprove"],
    },
]


def sample_profile(rng: random.Random) -> dict:
    return {"age": rng.choice(AGES), "party": rng.choice(PARTIES), "state": rng.choice(STATES)}


def ask(profile: dict, question: dict, model: str) -> str:
    system = PERSONA_TEMPLATE.format(**profile) + "\n\n" + SURVEY_INSTRUCTION
    user = question["text"] + "\n" + "\n".join(question["options"])
    resp = client.chat.completions.create(
        model=model,
        temperature=1.0,
        max_tokens=3,
        messages=[
            {"role": "system", "content": system},
            {"role": "user", "content": user},
        ],
    )
    return resp.choices[0].message.content.strip()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--model", default="gpt-4o-mini")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, default=Path("runs/silicon.jsonl"))
    args = ap.parse_args()

    rng = random.Random(args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w") as fh:
        for i in tqdm(range(args.n)):
            profile = sample_profile(rng)
            for q in QUESTIONS:
                answer = ask(profile, q, args.model)
                fh.write(json.dumps({"i": i, **profile, "qid": q["id"], "answer": answer}) + "\n")


if __name__ == "__main__":
    main()
