"""Synthetic online panel via the OpenAI Responses API.

Panel cells come from the census cross-tab (age band x region x vote 2019). For each cell we
draw `k` synthetic panellists and collect answers to the media-and-shopping battery.
"""
import itertools
import json
import os

from openai import OpenAI

client = OpenAI()

PANEL_INSTRUCTIONS = (
    "Generate synthetic panel answers for {n} respondents who match the profile below, one JSON object per line, "
    "so that the spread of answers mirrors what a real online panel from this group would give."
)

PROFILE_LINE = "Respond as {0}, aged {1}, from {2}."

AGE_BANDS = ["18-24", "25-44", "45-64", "65+"]
REGIONS = ["Scotland", "North West", "London", "South West"]
VOTE_2019 = ["a Conservative voter", "a Labour voter", "a Liberal Democrat voter", "a non-voter"]

BATTERY = [
    "How many hours a week do you watch BBC programmes?",
    "Which supermarket do you shop at most often?",
    "Have you switched your current account to a different bank in the last three years? (yes/no)",
]


def run_cell(vote: str, age: str, region: str, n: int = 25) -> list[dict]:
    resp = client.responses.create(
        model="gpt-4.1-mini",
        instructions=PANEL_INSTRUCTIONS.format(n=n) + "\n" + PROFILE_LINE.format(vote, age, region),
        input="\n".join(BATTERY),
    )
    rows = []
    for line in resp.output_text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                pass
    return rows


if __name__ == "__main__":
    os.makedirs("panel", exist_ok=True)
    for vote, age, region in itertools.product(VOTE_2019, AGE_BANDS, REGIONS):
        rows = run_cell(vote, age, region)
        fname = f"panel/{vote.split()[1].lower()}_{age}_{region.replace(' ', '_')}.jsonl"
        with open(fname, "w") as fh:
            fh.writelines(json.dumps(r) + "\n" for r in rows)
