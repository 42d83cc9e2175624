"""Grupo focal sintético sobre la ley de vivienda (estudio piloto, ola 2).

Genera transcripciones que luego codificamos con el mismo libro de códigos que los grupos reales.
"""
import os
import textwrap
from datetime import datetime

from openai import OpenAI

client = OpenAI()

SISTEMA = textwrap.dedent("""\
    Simula un grupo focal de tres participantes que discuten la nueva Ley de Vivienda en España e interpreta a cada uno por turnos, siempre con su nombre delante:
    - CARMEN: eres una jubilada católica de Sevilla que vota al Partido Popular desde hace cuarenta años.
    - DANI: eres un joven de veintitrés años de Vallecas, afiliado al Sindicato de Inquilinas.
    - JORDI: eres un pequeño propietario catalán e independentista que alquila dos pisos en Girona.
    La moderadora (la usuaria) hará preguntas. Cada participante responde en dos o tres frases,
    con el vocabulario y las preocupaciones propias de su perfil.
""")

PREGUNTAS = [
    "¿Qué opinan de limitar el precio del alquiler en zonas tensionadas?",
    "¿Cómo les afectaría esta ley en su día a día?",
    "¿Han hablado de esta ley con su familia o sus vecinos?",
]


def sesion() -> list[dict]:
    historial = [{"role": "system", "content": SISTEMA}]
    for pregunta in PREGUNTAS:
        historial.append({"role": "user", "content": pregunta})
        r = client.chat.completions.create(model="gpt-4o", messages=historial, temperature=0.9)
        historial.append({"role": "assistant", "content": r.choices[0].message.content})
    return historial


if __name__ == "__main__":
    transcripcion = sesion()
    nombre = f"salidas/grupo_focal_{datetime.now():%Y%m%d_%H%M}.txt"
    os.makedirs("salidas", exist_ok=True)
    with open(nombre, "w", encoding="utf-8") as fh:
        for turno in transcripcion[1:]:
            fh.write(f"[{turno['role']}] {turno['content']}\n\n")
    print("guardado en", nombre)
