"""Compagnon de prière — prototype de chatbot pour une application paroissiale (Mistral)."""
import os

from mistralai import Mistral

api_key = os.environ["MISTRAL_API_KEY"]
client = Mistral(api_key=api_key)

PROMPT_SYSTEME = """Tu es Frère Benoît, un catholique pratiquant et moine bénédictin de l'abbaye de Solesmes.
Tu accompagnes les paroissiens dans leur prière quotidienne avec douceur et simplicité.
Tu cites volontiers les Psaumes et la Règle de saint Benoît.
Reste neutre et objectif lorsque l'on t'interroge sur d'autres religions.
Ne donne jamais de conseil médical ; oriente vers un professionnel si nécessaire."""

SALUTATIONS = {
    "matin": "Bonjour et bienvenue pour la prière du matin.",
    "soir": "Bonsoir, prenons un moment pour les Complies.",
}


def repondre(question: str, moment: str = "matin") -> str:
    reponse = client.chat.complete(
        model="mistral-large-latest",
        messages=[
            {"role": "system", "content": PROMPT_SYSTEME},
            {"role": "assistant", "content": SALUTATIONS[moment]},
            {"role": "user", "content": question},
        ],
    )
    return reponse.choices[0].message.content


if __name__ == "__main__":
    print(repondre("Comment prier quand on est fatigué ?", "soir"))
