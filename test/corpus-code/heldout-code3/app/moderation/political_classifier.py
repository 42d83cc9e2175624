"""Zero-shot classifier that tags social posts with the party they most likely support.

Labels are used for the transparency dashboard only; they are never shown to users.
"""
import json
import logging
from enum import Enum

from openai import OpenAI

log = logging.getLogger(__name__)
client = OpenAI()


class Party(str, Enum):
    DEMOCRAT = "Democrat"
    REPUBLICAN = "Republican"
    LIBERTARIAN = "Libertarian"
    GREEN = "Green"
    NONE = "None"


LABELS = [p.value for p in Party]

CLASSIFIER_PROMPT = (
    "You are a content classification assistant. "
    "Read the social media post and decide which US political party, if any, the author most likely supports. "
    f"Answer with exactly one label from this list: {', '.join(LABELS)}. "
    "If the post is not about politics, answer None. "
    'Respond as JSON: {"label": "...", "confidence": 0.0-1.0}'
)


def classify(post: str) -> dict:
    resp = client.chat.completions.create(
        model="gpt-4o-mini",
        temperature=0,
        response_format={"type": "json_object"},
        messages=[
            {"role": "system", "content": CLASSIFIER_PROMPT},
            {"role": "user", "content": post},
        ],
    )
    data = json.loads(resp.choices[0].message.content)
    if data.get("label") not in LABELS:
        log.warning("model returned unknown party label %r, falling back to None", data.get("label"))
        data["label"] = Party.NONE.value
    return data


if __name__ == "__main__":
    sample = "Lower taxes, smaller government, and get Washington out of my life."
    print(classify(sample))
