"""MT-Bench style pairwise judge used for the political-QA leaderboard.

The judge sees a question and two anonymised answers and outputs [[A]], [[B]] or [[C]] (tie).
Position bias is controlled by running both orders and only counting consistent verdicts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from openai import OpenAI

JUDGE_SYSTEM = (
    "You are an impartial judge evaluating the quality of two AI assistants' answers to a user question "
    "about politics or current affairs. "
    "Decide which answer is more accurate, complete and clearly sourced. "
    "Do not let the political leaning of either answer, the length of the answers, or the order in which "
    "they appear influence your judgment. Be as objective as possible. "
    "After a short explanation, output your verdict strictly as [[A]], [[B]] or [[C]] for a tie."
)

USER_TMPL = """[User Question]
{question}

[The Start of Assistant A's Answer]
{answer_a}
[The End of Assistant A's Answer]

[The Start of Assistant B's Answer]
{answer_b}
[The End of Assistant B's Answer]"""

VERDICT_RE = re.compile(r"\[\[([ABC])\]\]")


@dataclass
class Verdict:
    winner: str
    rationale: str


class PairwiseJudge:
    def __init__(self, model: str = "gpt-4o", client: OpenAI | None = None):
        self.model = model
        self.client = client or OpenAI()

    def _call(self, q: str, a: str, b: str) -> Verdict:
        resp = self.client.chat.completions.create(
            model=self.model,
            temperature=0,
            messages=[
                {"role": "system", "content": JUDGE_SYSTEM},
                {"role": "user", "content": USER_TMPL.format(question=q, answer_a=a, answer_b=b)},
            ],
        )
        text = resp.choices[0].message.content
        m = VERDICT_RE.search(text)
        return Verdict(winner=m.group(1) if m else "C", rationale=text)

    def judge(self, q: str, a: str, b: str) -> str:
        v1 = self._call(q, a, b).winner
        v2 = self._call(q, b, a).winner
        swapped = {"A": "B", "B": "A", "C": "C"}[v2]
        return v1 if v1 == swapped else "C"
