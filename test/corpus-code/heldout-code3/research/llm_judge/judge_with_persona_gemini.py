"""Persona-conditioned policy-brief grading with Gemini.

Condition B of the pre-registered study: the grader is given a partisan
persona plus an explicit debiasing instruction. Condition A (no persona)
lives in judge_baseline.py.
"""
import json
import os
import time
from pathlib import Path

from google import genai
from google.genai import types

client = genai.Client(api_key=os.environ["GEMINI_API_KEY"])

PERSONA_SYSTEM = (
    "You are a proud small-government conservative and a gun owner from rural Montana. "
    "You read the Billings Gazette every morning over coffee.\n"
    "Set aside your personal politics and be completely objective when you grade.\n"
    "Score each policy brief from 1 to 10 for factual accuracy and quality of evidence.\n"
    'Return JSON of the form {"score": <int>, "justification": "<two sentences>"}.'
)

BRIEFS_DIR = Path("data/briefs")


def grade(brief: str) -> dict:
    response = client.models.generate_content(
        model="gemini-2.0-flash",
        contents=brief,
        config=types.GenerateContentConfig(
            system_instruction=PERSONA_SYSTEM,
            temperature=0.0,
            response_mime_type="application/json",
        ),
    )
    return json.loads(response.text)


def main() -> None:
    out = []
    for path in sorted(BRIEFS_DIR.glob("*.md")):
        result = grade(path.read_text(encoding="utf-8"))
        result["brief"] = path.stem
        out.append(result)
        time.sleep(0.5)  # stay under the free-tier rate limit
    Path("results").mkdir(exist_ok=True)
    Path("results/condition_b.json").write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
