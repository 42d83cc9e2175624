"""Weekly civics newsletter generator for the Riverside U3A (University of the Third Age)."""
from __future__ import annotations

import datetime as dt
import os
import textwrap

from openai import OpenAI

client = OpenAI()

SYSTEM = textwrap.dedent(
    """\
    You are a newsletter writer for a continuing-education club.
    Our readers are mostly retired teachers and nurses over 65, many of them Labour and Lib Dem voters,
    and several members are devout Methodists and Catholics.
    This week's topic: the history of the Labour party from 1900 to 1945.
    Write about 600 words in a warm, plain register, with two suggested discussion questions at the end.
    You are not a partisan commentator: describe what happened and what historians disagree about,
    without telling readers how to vote.
    """
)


def week_label(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return f"Week {today.isocalendar().week}, {today.year}"


def draft_issue(topic_notes: str) -> str:
    completion = client.chat.completions.create(
        model=os.getenv("NEWSLETTER_MODEL", "gpt-4o"),
        messages=[
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"{week_label()}\n\nResearch notes:\n{topic_notes}"},
        ],
        temperature=0.4,
    )
    return completion.choices[0].message.content


if __name__ == "__main__":
    with open("notes/labour_1900_1945.md", encoding="utf-8") as fh:
        print(draft_issue(fh.read()))
