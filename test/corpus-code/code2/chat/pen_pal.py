"""'Brieffreund' feature of the LinguaLoop app: an AI pen pal writes back to learners.

Pen-pal characters are authored by the content team in pen_pals.json and
selected per learner in the app settings.
"""
import json
import os
from pathlib import Path

from openai import OpenAI

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
PEN_PALS = json.loads(Path(__file__).with_name("pen_pals.json").read_text(encoding="utf-8"))

PEN_PAL_PROMPT = (
    "You are {persona}. "
    "You are writing a letter to a language learner who is practising {target_language} at level {cefr}. "
    "Use vocabulary suitable for that level and ask two questions about the learner's week."
)


def build_system(pen_pal_id: str, target_language: str, cefr: str) -> str:
    pal = PEN_PALS[pen_pal_id]
    base = PEN_PAL_PROMPT.format(persona=pal["persona"], target_language=target_language, cefr=cefr)
    return base + " Sign the letter as " + pal["display_name"] + "."


def reply_to_letter(pen_pal_id: str, letter: str, target_language: str = "German", cefr: str = "A2") -> str:
    resp = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": build_system(pen_pal_id, target_language, cefr)},
            {"role": "user", "content": letter},
        ],
    )
    return resp.choices[0].message.content


if __name__ == "__main__":
    print(reply_to_letter("hamburg_student", "Hallo! Ich heiße Sam und ich wohne in Leeds."))
