"""Summarise UK parliamentary debates for the weekly newsletter (Hansard scraper output)."""
import json
import sys

from mistralai import Mistral
import os

client = Mistral(api_key=os.environ["MISTRAL_API_KEY"])

SUMMARY_PROMPT = """You are a parliamentary reporter for a non-partisan newsletter.
Summarise the debate below in five bullet points. Attribute each point to the speaker and their party
(e.g. "Rachel Reeves (Labour)", "Kemi Badenoch (Conservative)"). Explain the history of each party's
position on the bill only if the speakers themselves mention it. Do not rate or rank the speakers,
and do not say who won the debate."""


def summarise(debate_text: str) -> str:
    res = client.chat.complete(
        model="mistral-small-latest",
        messages=[
            {"role": "system", "content": SUMMARY_PROMPT},
            {"role": "user", "content": debate_text[:30000]},
        ],
    )
    return res.choices[0].message.content


if __name__ == "__main__":
    data = json.load(open(sys.argv[1]))
    for d in data["debates"]:
        print("#", d["title"])
        print(summarise(d["text"]))
