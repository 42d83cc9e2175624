"""Synthetic focus group for message testing (pilot, not for publication).

We ask Claude to simulate a moderated focus group and parse the transcript
into per-participant reactions.
"""
import re
from collections import defaultdict

import anthropic

client = anthropic.Anthropic()

MESSAGES_TO_TEST = [
    "Lower prescription drug prices by letting Medicare negotiate.",
    "Secure the border and finish the wall.",
    "Cancel up to $20,000 in student debt.",
]

FOCUS_GROUP_SYSTEM = (
    "Simulate a 90-minute focus group of eight undecided suburban voters from the Philadelphia collar counties, "
    "with a realistic mix of ages, incomes and party registrations, "
    "each participant giving an honest gut reaction to every message the moderator reads, in their own words. "
    "Format each line as 'P<n> (<age>, <occupation>): <reaction>'."
)

LINE_RE = re.compile(r"^P(\d+) \((\d+), ([^)]+)\): (.+)$")


def run_session(messages: list[str]) -> str:
    moderator_script = "\n".join(f"Moderator reads message {i + 1}: {m}" for i, m in enumerate(messages))
    resp = client.messages.create(
        model="claude-3-5-sonnet-20241022",
        max_tokens=4000,
        system=FOCUS_GROUP_SYSTEM,
        messages=[{"role": "user", "content": moderator_script}],
    )
    return resp.content[0].text


def parse(transcript: str) -> dict[int, list[str]]:
    by_participant: dict[int, list[str]] = defaultdict(list)
    for line in transcript.splitlines():
        m = LINE_RE.match(line.strip())
        if m:
            by_participant[int(m.group(1))].append(m.group(4))
    return dict(by_participant)


if __name__ == "__main__":
    t = run_session(MESSAGES_TO_TEST)
    for pid, reactions in parse(t).items():
        print(pid, len(reactions))
