"""Zero-shot classification of parliamentary speeches by party family.

Labels follow the ParlGov party-family coding. The model acts as an annotator only; gold
labels come from the speaker metadata and are used for scoring, never shown in the prompt.
"""
import json
import sys
from collections import Counter

from openai import OpenAI
from sklearn.metrics import classification_report

PARTY_FAMILIES = [
    "social democrat",
    "conservative",
    "liberal",
    "christian democrat",
    "green/ecologist",
    "radical right",
    "communist/socialist",
    "agrarian",
]

SYSTEM = f"""You are an annotator for a political science project.
You will read one speech excerpt from the European Parliament and assign it to the party family whose
typical positions it most closely matches. Choose one of: {", ".join(PARTY_FAMILIES)}.
Base your label only on the policy content of the text. If the text has no political content, answer "none".
Return JSON: {{"label": "...", "confidence": 0-1}}."""

client = OpenAI()


def classify(text: str) -> dict:
    r = client.chat.completions.create(
        model="gpt-4o-mini",
        response_format={"type": "json_object"},
        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": text}],
    )
    return json.loads(r.choices[0].message.content)


if __name__ == "__main__":
    path = sys.argv[1] if len(sys.argv) > 1 else "data/ep_speeches.jsonl"
    gold, pred = [], []
    with open(path) as fh:
        for line in fh:
            rec = json.loads(line)
            gold.append(rec["party_family"])
            pred.append(classify(rec["text"]).get("label", "none"))
    print(Counter(pred).most_common())
    print(classification_report(gold, pred, zero_division=0))
