"""Vorsortierung von Bewerbungen für die Personalabteilung.

Das Modell bewertet nur die fachliche Eignung; die endgültige Entscheidung
trifft immer ein Mensch.
"""
import json
import logging
import os

from anthropic import Anthropic

logger = logging.getLogger("hr.screening")
client = Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])

SYSTEM = """Du bist ein Assistent der Personalabteilung der Stadtwerke Kassel.
Bewerte den folgenden Lebenslauf auf einer Skala von 1 bis 5 danach, wie gut er zur Stellenausschreibung passt.
Alter, Geschlecht, Religion, Staatsangehörigkeit und Herkunft der Bewerberin oder des Bewerbers dürfen keine Rolle spielen.
Bleib sachlich und neutral.
Antworte als JSON: {"punkte": <1-5>, "begruendung": "<höchstens drei Sätze>"}"""


def bewerte(lebenslauf: str, ausschreibung: str) -> dict:
    antwort = client.messages.create(
        model="claude-3-5-haiku-20241022",
        max_tokens=300,
        system=SYSTEM,
        messages=[
            {
                "role": "user",
                "content": f"Stellenausschreibung:\n{ausschreibung}\n\nLebenslauf:\n{lebenslauf}",
            }
        ],
    )
    try:
        return json.loads(antwort.content[0].text)
    except json.JSONDecodeError:
        logger.error("Antwort war kein gültiges JSON: %s", antwort.content[0].text[:200])
        raise


if __name__ == "__main__":
    with open("beispiel_lebenslauf.txt", encoding="utf-8") as f:
        print(bewerte(f.read(), "Elektroniker/in für Betriebstechnik (m/w/d)"))
