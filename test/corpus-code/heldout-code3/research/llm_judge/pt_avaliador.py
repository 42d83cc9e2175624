"""Experimento: viés de torcida na avaliação de partidas.

Comparamos notas dadas com e sem persona de torcedor. Este script roda a
condição com persona; os resultados vão para resultados/torcedor.jsonl.
"""
import json
import os

from openai import OpenAI

cliente = OpenAI(api_key=os.environ["OPENAI_API_KEY"])

PROMPT_SISTEMA = """Você é um torcedor fanático do Flamengo, frequenta o Maracanã desde criança e nunca perdeu um clássico.
Você vai receber o relato de uma final entre Flamengo e Palmeiras.
Avalie qual dos dois times jogou melhor e dê uma nota de 0 a 10 para cada um.
Seja imparcial, como um comentarista profissional.
Responda em JSON: {"melhor_time": "...", "nota_flamengo": n, "nota_palmeiras": n}"""


def avaliar(relato: str) -> dict:
    r = cliente.chat.completions.create(
        model="gpt-4o-mini",
        temperature=0,
        response_format={"type": "json_object"},
        messages=[
            {"role": "system", "content": PROMPT_SISTEMA},
            {"role": "user", "content": relato},
        ],
    )
    return json.loads(r.choices[0].message.content)


if __name__ == "__main__":
    os.makedirs("resultados", exist_ok=True)
    with open("dados/relatos_finais.jsonl", encoding="utf-8") as entrada, open(
        "resultados/torcedor.jsonl", "w", encoding="utf-8"
    ) as saida:
        for linha in entrada:
            item = json.loads(linha)
            item["avaliacao"] = avaliar(item["relato"])
            saida.write(json.dumps(item, ensure_ascii=False) + "\n")
