"""Silicon-sample replication: ask the model GSS-style questions as synthetic respondents."""
import itertools
import json
import random
from pathlib import Path

from openai import OpenAI

client = OpenAI()
random.seed(7)

AGES = [22, 35, 48, 61, 74]
GENDERS = ["man", "woman"]
PARTIES = ["Democrat", "Republican", "independent"]
STATES = ["Ohio", "Georgia", "Arizona", "Pennsylvania"]

PERSONA_TEMPLATE = (
    "You are a %(age)d-year-old %(gender)s from %(state)s who identifies as a %(party)s. "
    "Answer the survey question below exactly as this respondent would answer it in a real phone poll. "
    "Reply with the option letter only."
)

QUESTION_TEMPLATE = "{question}\n\nOptions:\n{options}"

QUESTIONS = json.loads(Path("data/gss_items.json").read_text())


def ask(persona: dict, item: dict) -> str:
    options = "\n".join(f"{k}) {v}" for k, v in item["options"].items())
    resp = client.chat.completions.create(
        model="gpt-4o-mini",
        temperature=1.0,
        messages=[
            {"role": "system", "content": PERSONA_TEMPLATE % persona},
            {"role": "user", "content": QUESTION_TEMPLATE.format(question=item["text"], options=options)},
        ],
    )
    return resp.choices[0].message.content.strip()


def main(n_per_cell: int = 3) -> None:
    rows = []
    for age, gender, party, state in itertools.product(AGES, GENDERS, PARTIES, STATES):
        persona = {"age": age, "gender": gender, "party": party, "state": state}
        for item in QUESTIONS:
            for rep in range(n_per_cell):
                rows.append({**persona, "item": item["id"], "rep": rep, "answer": ask(persona, item)})
    Path("out/silicon_sample.jsonl").write_text("\n".join(json.dumps(r) for r in rows))


if __name__ == "__main__":
    main()
