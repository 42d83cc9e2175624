"""Zero-shot partisan-leaning classifier for UK political tweets.

Labels are party names; they are data, not personas.
"""
from __future__ import annotations

import csv
import sys

from langchain_anthropic import ChatAnthropic
from langchain_core.messages import HumanMessage, SystemMessage

PARTIES = ["Labour", "Conservative", "Liberal Democrat", "SNP", "Green", "Reform UK", "None"]

SYSTEM = SystemMessage(
    content=(
        "You are a political text classifier. "
        "Read the tweet and output the single UK party it most clearly supports, "
        f"choosing from: {', '.join(PARTIES)}. "
        "Output only the label. If the tweet expresses no party preference, output None."
    )
)

llm = ChatAnthropic(model="claude-3-5-haiku-latest", temperature=0)


def classify(text: str) -> str:
    out = llm.invoke([SYSTEM, HumanMessage(content=text)])
    label = out.content.strip()
    if label not in PARTIES:
        print(f"warning: unexpected label {label!r}", file=sys.stderr)
        return "None"
    return label


def run(path_in: str, path_out: str) -> None:
    with open(path_in, newline="", encoding="utf-8") as fin, open(path_out, "w", newline="", encoding="utf-8") as fout:
        reader = csv.DictReader(fin)
        writer = csv.DictWriter(fout, fieldnames=["id", "text", "predicted_party"])
        writer.writeheader()
        for row in reader:
            writer.writerow({"id": row["id"], "text": row["text"], "predicted_party": classify(row["text"])})


if __name__ == "__main__":
    run(sys.argv[1], sys.argv[2])
