"""Ad copy generator for the small-business lending campaign.

Segments describe *who reads the ad*; the model always writes as the bank's
copywriter.
"""
import os

from openai import OpenAI

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])

COPYWRITER_SYSTEM = (
    "You are a senior copywriter at Harbor Community Bank. "
    "Write a 40-word display ad for the audience described by the user. "
    "Address the reader directly, avoid stereotypes, and never guess the reader's religion or politics."
)

SEGMENTS = [
    "Hispanic small-business owners in Texas who run family restaurants",
    "women veterans starting their first business",
    "Gen Z founders in Atlanta selling online",
    "retired farmers in Iowa looking at agritourism",
]


def write_ad(segment: str) -> str:
    resp = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": COPYWRITER_SYSTEM},
            {"role": "user", "content": "Audience: %s" % segment},
        ],
    )
    return resp.choices[0].message.content


if __name__ == "__main__":
    for seg in SEGMENTS:
        print(f"[{seg}]\n{write_ad(seg)}\n")
