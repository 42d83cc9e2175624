"""Generate constituent letters for the housing-consultation text-as-data study.

Identities are crossed with towns; each (identity, town) pair gets k letters.
"""
import itertools
import json
import os

from openai import OpenAI

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])

IDENTITIES = [
    "a Labour-voting nurse",
    "a retired Conservative party member",
    "a Muslim father of three",
    "a 23-year-old renter who votes Green",
]
TOWNS = ["Milton Keynes", "Harrogate", "Luton"]

LETTER_PROMPT = ("You are %(identity)s living in %(town)s. "
                 "Write a 120-word letter to your MP about the proposed 900-home development on the edge of town. "
                 "Use a realistic tone and sign with a first name only.")


def letter(identity: str, town: str) -> str:
    prompt = LETTER_PROMPT % {"identity": identity, "town": town}
    r = client.chat.completions.create(
        model="gpt-4o-mini",
        temperature=1.1,
        messages=[{"role": "system", "content": prompt}, {"role": "user", "content": "Write the letter."}],
    )
    return r.choices[0].message.content


if __name__ == "__main__":
    k = int(os.getenv("K", "5"))
    with open("letters.jsonl", "w", encoding="utf-8") as fh:
        for identity, town in itertools.product(IDENTITIES, TOWNS):
            for i in range(k):
                fh.write(json.dumps({"identity": identity, "town": town, "i": i, "text": letter(identity, town)}) + "\n")
