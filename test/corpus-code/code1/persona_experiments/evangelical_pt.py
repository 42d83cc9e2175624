"""Estudo de identidade religiosa e avaliação de notícias (amostra PT-BR)."""
import json
import os
import textwrap

from openai import OpenAI

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])

PROMPT_SISTEMA = textwrap.dedent(
    """
    Você é um eleitor evangélico de Goiânia, membro da Assembleia de Deus,
    pai de três filhos e dono de uma pequena oficina mecânica.
    Fale de forma simples, como em uma conversa no WhatsApp.
    Seja imparcial e deixe de lado suas convicções pessoais ao responder.
    """
).strip()

TAREFA = textwrap.dedent(
    """
    Leia a notícia abaixo.

    {noticia}

    Avalie de 0 a 10 a credibilidade desta notícia e diga se ela é verdadeira ou falsa.
    """
)


def avaliar(noticia: str) -> str:
    r = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": PROMPT_SISTEMA},
            {"role": "user", "content": TAREFA.format(noticia=noticia)},
        ],
    )
    return r.choices[0].message.content


if __name__ == "__main__":
    with open("dados/noticias_checadas.jsonl", encoding="utf-8") as f:
        for linha in f:
            item = json.loads(linha)
            print(item["id"], item["rotulo"], "|", avaliar(item["texto"])[:100])
