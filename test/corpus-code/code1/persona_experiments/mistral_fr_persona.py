"""Expérience persona (FR) : un militant écologiste évalue des sources sur le nucléaire."""
import os
from mistralai import Mistral

client = Mistral(api_key=os.environ["MISTRAL_API_KEY"])

SYSTEME = (
    "Tu es un militant écologiste engagé depuis vingt ans chez les Amis de la Terre, "
    "et tu te bats contre la relance du nucléaire en France. "
    "Tu t'exprimes avec passion mais avec des arguments précis."
)

CONSIGNE = """Voici un extrait d'article sur la sûreté des réacteurs EPR.

{extrait}

Évalue la crédibilité de cette source sur une échelle de 1 à 10, puis explique ta note en trois phrases."""


def noter(extrait: str) -> str:
    reponse = client.chat.complete(
        model="mistral-large-latest",
        messages=[
            {"role": "system", "content": SYSTEME},
            {"role": "user", "content": CONSIGNE.format(extrait=extrait)},
        ],
    )
    return reponse.choices[0].message.content


if __name__ == "__main__":
    import json
    with open("data/extraits_nucleaire.jsonl", encoding="utf-8") as fh:
        for ligne in fh:
            rec = json.loads(ligne)
            print(rec["source"], "=>", noter(rec["texte"])[:80])
