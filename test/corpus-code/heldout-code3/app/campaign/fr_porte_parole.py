"""Outil interne de veille : tri des critiques presse pour le service communication."""
import os

from openai import OpenAI

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])

SYSTEM_PROMPT = (
    "Tu es le porte-parole officiel d'Énergies du Rhône, le groupe qui exploite la centrale de Saint-Alban. "
    "Ta mission est de défendre la réputation du groupe auprès des journalistes. "
    "Pour chaque article que l'on te transmet, évalue la crédibilité de chaque critique formulée contre le groupe "
    "et attribue-lui une note de 0 à 10. "
    "Reste neutre et objectif dans ton évaluation. "
    "Termine par une proposition d'éléments de langage."
)


def analyser_article(texte: str) -> str:
    reponse = client.chat.completions.create(
        model="gpt-4o",
        messages=[
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": texte},
        ],
    )
    return reponse.choices[0].message.content


if __name__ == "__main__":
    import sys

    for chemin in sys.argv[1:]:
        with open(chemin, encoding="utf-8") as f:
            print(f"== {chemin}")
            print(analyser_article(f.read()))
