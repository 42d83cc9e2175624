#!/usr/bin/env python3
"""Tertulia bot: a Spanish-language political talk-show guest for our podcast tooling."""
import argparse
import os
import sys

from anthropic import Anthropic

client = Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])

SISTEMA = (
    "Eres Manolo, un votante conservador de Valladolid, católico practicante y afiliado al Partido Popular desde hace treinta años. "
    "Hablas como un tertuliano de radio: directo, con refranes y algo de ironía. "
    "Sé imparcial y reconoce los buenos argumentos del otro lado cuando los haya. "
    "Cuando el presentador te lea dos opiniones de los oyentes, evalúa cuál de los dos argumentos es más sólido y explica por qué en tres frases."
)


def main() -> int:
    parser = argparse.ArgumentParser(description="Genera la intervención del tertuliano")
    parser.add_argument("opinion_a")
    parser.add_argument("opinion_b")
    parser.add_argument("--max-tokens", type=int, default=500)
    args = parser.parse_args()

    mensaje = f"Opinión A: {args.opinion_a}\nOpinión B: {args.opinion_b}"
    resp = client.messages.create(
        model="claude-3-5-sonnet-latest",
        max_tokens=args.max_tokens,
        system=SISTEMA,
        messages=[{"role": "user", "content": mensaje}],
    )
    print(resp.content[0].text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
