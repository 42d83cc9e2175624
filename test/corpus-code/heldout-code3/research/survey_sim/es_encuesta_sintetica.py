"""Encuesta sintética: réplica del barómetro del CIS con perfiles generados.

Cada perfil se convierte en una descripción en texto y se inyecta en el prompt
de sistema. Las respuestas se guardan en salidas/cis_sintetico.csv.
"""
import csv
import os
import random

from mistralai import Mistral

client = Mistral(api_key=os.environ["MISTRAL_API_KEY"])
MODELO = "mistral-large-latest"

PERFILES = [
    "una mujer de 34 años de Sevilla, votante del PSOE y católica practicante",
    "un hombre de 61 años de Valladolid, jubilado, votante del Partido Popular",
    "una estudiante de 21 años de Barcelona que vota a ERC",
    "un hombre de 45 años de Bilbao, autónomo, votante del PNV",
]

SISTEMA = """Eres {perfil}.
Responde a la siguiente pregunta del barómetro como respondería esta persona en una entrevista telefónica del CIS.
Contesta solo con el número de la opción elegida."""

PREGUNTAS = [
    ("P1", "¿Cómo calificaría usted la situación económica general de España? 1) Muy buena 2) Buena 3) Regular 4) Mala 5) Muy mala"),
    ("P7", "¿Qué grado de confianza le inspira el actual presidente del Gobierno? 1) Mucha 2) Bastante 3) Poca 4) Ninguna"),
]


def preguntar(perfil: str, pregunta: str) -> str:
    respuesta = client.chat.complete(
        model=MODELO,
        temperature=0.8,
        messages=[
            {"role": "system", "content": SISTEMA.format(perfil=perfil)},
            {"role": "user", "content": pregunta},
        ],
    )
    return respuesta.choices[0].message.content.strip()


def main(repeticiones: int = 25) -> None:
    os.makedirs("salidas", exist_ok=True)
    random.seed(7)
    with open("salidas/cis_sintetico.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["perfil", "pregunta", "respuesta"])
        for perfil in PERFILES:
            for _ in range(repeticiones):
                for pid, texto in PREGUNTAS:
                    w.writerow([perfil, pid, preguntar(perfil, texto)])


if __name__ == "__main__":
    main()
