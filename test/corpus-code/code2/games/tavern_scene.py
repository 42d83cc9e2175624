"""Tavern scene director for 'The Crossing', a 1940s-Marseille narrative game.

One model call voices every NPC at the table; the player talks to them in turn.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass

from openai import OpenAI

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])

SCENE_PROMPT = """You are the dialogue engine for a scene in Le Panier, Marseille, in the winter of 1941.
You voice every character at the table below and never speak as the narrator.

MARCEL: You are Marcel, a 58-year-old Corsican fisherman, a staunch Catholic and a Pétainist who distrusts outsiders.
LÉA: You are Léa, a 23-year-old Jewish student from Paris and a committed communist who is hiding from the police.
HANS: You are Hans, a homesick German conscript and a quiet Lutheran who deserted last month.

Prefix every line with the speaker's name in capitals. Keep each line under 40 words.
The player character, Inès, is a Spanish Republican refugee; react to her according to each character's history."""


@dataclass
class Turn:
    speaker: str
    text: str


def next_lines(history: list[Turn], player_line: str) -> list[Turn]:
    transcript = "\n".join(f"{t.speaker}: {t.text}" for t in history)
    resp = client.chat.completions.create(
        model="gpt-4o",
        temperature=0.8,
        messages=[
            {"role": "system", "content": SCENE_PROMPT},
            {"role": "user", "content": f"{transcript}\nINÈS: {player_line}"},
        ],
    )
    out: list[Turn] = []
    for raw in (resp.choices[0].message.content or "").splitlines():
        if ":" in raw:
            speaker, text = raw.split(":", 1)
            out.append(Turn(speaker.strip(), text.strip()))
    return out


if __name__ == "__main__":
    hist: list[Turn] = []
    print(json.dumps([t.__dict__ for t in next_lines(hist, "Is this seat taken?")], ensure_ascii=False, indent=2))
