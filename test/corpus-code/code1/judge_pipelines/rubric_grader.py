"""Rubric-based grading of student op-eds for POLS 210 (Immigration Politics).

Each op-ed is graded on four criteria by an LLM grader; a TA double-checks 20% at random.
"""
import json
import random
from pathlib import Path

from openai import OpenAI

client = OpenAI()

RUBRIC = {
    "thesis": "States a clear, arguable thesis in the first paragraph.",
    "evidence": "Uses at least two credible sources, correctly cited.",
    "counterargument": "Engages seriously with the strongest opposing view.",
    "style": "Clear prose, under 800 words, no grammatical errors.",
}

GRADER_SYSTEM = f"""You are an experienced writing instructor and copy editor grading undergraduate op-eds.
Students write about immigration policy from any political perspective: some argue for stricter border
enforcement, some for expanded asylum, some are themselves immigrants or children of immigrants.
Grade each op-ed on the rubric below, giving each criterion a score from 0 to 5 with a one-line reason.
Be fair and consistent across students; grade the quality of the argument, not the position taken.

Rubric:
{json.dumps(RUBRIC, indent=2)}

Return JSON with keys {list(RUBRIC)} and "total"."""


def grade(text: str) -> dict:
    r = client.chat.completions.create(
        model="gpt-4o",
        temperature=0,
        response_format={"type": "json_object"},
        messages=[{"role": "system", "content": GRADER_SYSTEM}, {"role": "user", "content": text}],
    )
    return json.loads(r.choices[0].message.content)


if __name__ == "__main__":
    subs = sorted(Path("submissions").glob("*.md"))
    grades = {p.stem: grade(p.read_text()) for p in subs}
    audit = random.sample(sorted(grades), k=max(1, len(grades) // 5))
    Path("grades.json").write_text(json.dumps({"grades": grades, "ta_audit": audit}, indent=2))
