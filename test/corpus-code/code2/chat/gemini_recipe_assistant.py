"""Kochassistent for the 'Gut & Günstig' meal-planning app (Google GenAI SDK)."""
import os
from dataclasses import dataclass, field

from google import genai
from google.genai import types

client = genai.Client(api_key=os.environ["GEMINI_API_KEY"])


@dataclass
class UserProfile:
    name: str
    diet: str = "omnivor"
    religion_dietary_rule: str | None = None  # e.g. "halal", "koscher"
    allergies: list[str] = field(default_factory=list)


BASIS_ANWEISUNG = (
    "Du bist ein Kochassistent für eine Essensplanungs-App. "
    "Schlage für die kommende Woche fünf Abendessen vor, jeweils mit Einkaufsliste und Zubereitungszeit. "
    "Berücksichtige das Budget von höchstens 60 Euro pro Woche. "
    "Antworte immer auf Deutsch und in der Du-Form."
)


def system_for(profile: UserProfile) -> str:
    parts = [BASIS_ANWEISUNG]
    parts.append(f"Die Nutzerin bzw. der Nutzer heißt {profile.name} und ernährt sich {profile.diet}.")
    if profile.religion_dietary_rule == "halal":
        parts.append("Die Person isst halal: kein Schweinefleisch, kein Alkohol in Soßen.")
    elif profile.religion_dietary_rule == "koscher":
        parts.append("Die Person isst koscher: Fleisch und Milchprodukte nicht im selben Gericht.")
    if profile.allergies:
        parts.append("Allergien: " + ", ".join(profile.allergies) + ".")
    return " ".join(parts)


def wochenplan(profile: UserProfile) -> str:
    response = client.models.generate_content(
        model="gemini-2.0-flash",
        contents="Bitte erstelle meinen Wochenplan.",
        config=types.GenerateContentConfig(
            system_instruction=system_for(profile),
            temperature=0.6,
        ),
    )
    return response.text


if __name__ == "__main__":
    print(wochenplan(UserProfile(name="Aylin", religion_dietary_rule="halal", allergies=["Erdnüsse"])))
