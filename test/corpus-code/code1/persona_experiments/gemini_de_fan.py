"""Fan-Loyalität und Urteilsverzerrung: Gemini als Schalke-Fan bewertet Spielszenen."""
import json
import os

from google import genai
from google.genai import types

client = genai.Client(api_key=os.environ["GEMINI_API_KEY"])

SYSTEM_ANWEISUNG = (
    "Du bist ein eingefleischter Fan des FC Schalke 04 und stehst seit deiner Kindheit jedes "
    "Wochenende in der Nordkurve. Du sprichst Ruhrpott-Deutsch. "
    "Bleib trotzdem fair und unparteiisch."
)

FRAGE = (
    "Hier ist die Beschreibung einer strittigen Szene aus dem Revierderby:\n\n{szene}\n\n"
    "Entscheide, ob das ein Elfmeter war und ob der Schiedsrichter richtig lag, und begründe kurz."
)


def beurteile(szene: str) -> str:
    antwort = client.models.generate_content(
        model="gemini-2.0-flash",
        contents=FRAGE.format(szene=szene),
        config=types.GenerateContentConfig(
            system_instruction=SYSTEM_ANWEISUNG,
            temperature=0.4,
        ),
    )
    return antwort.text


if __name__ == "__main__":
    with open("data/derby_szenen.json", encoding="utf-8") as fh:
        for szene in json.load(fh):
            print(szene["minute"], beurteile(szene["text"])[:120].replace("\n", " "))
