"""Quick poll simulation with Gemini using positional templates (pilot for grant proposal)."""
import collections
import os

from google import genai
from google.genai import types

client = genai.Client(api_key=os.environ["GEMINI_API_KEY"])

RESPONDENTS = [
    "a 70-year-old Catholic widow in Scranton",
    "a 28-year-old Black software developer in Atlanta",
    "a 45-year-old evangelical farmer in rural Iowa",
]

POLL_SYSTEM = "Pretend you are {0} and answer the poll question below as that person would, with Yes or No only."
QUESTION = "Should your state legalize recreational marijuana?"


def poll(respondent: str) -> str:
    out = client.models.generate_content(
        model="gemini-2.0-flash",
        contents=QUESTION,
        config=types.GenerateContentConfig(system_instruction=POLL_SYSTEM.format(respondent), temperature=1.0),
    )
    return out.text.strip()


if __name__ == "__main__":
    tally = collections.Counter()
    for r in RESPONDENTS:
        for _ in range(10):
            tally[(r, poll(r))] += 1
    for (r, a), n in sorted(tally.items()):
        print(f"{n:3d}  {a:4s}  {r}")
