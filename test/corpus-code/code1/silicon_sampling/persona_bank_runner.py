#!/usr/bin/env python3
"""Runs the persona bank (personas.csv, built by scripts/sample_personas.R) through
an open-weights model served with vLLM's OpenAI-compatible endpoint."""
import csv
import sys

import requests

VLLM_URL = "http://localhost:8000/v1/chat/completions"

SYSTEM_TMPL = (
    "You are %(identity)s, living in %(city)s. "
    "Stay in character for the whole conversation and speak in the first person."
)

OPENING = "Tell me about a typical weekday for you, and what you worry about most these days."


def chat(system: str, user: str, model: str = "meta-llama/Llama-3.1-70B-Instruct") -> str:
    payload = {
        "model": model,
        "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
        "max_tokens": 300,
        "temperature": 0.9,
    }
    r = requests.post(VLLM_URL, json=payload, timeout=120)
    r.raise_for_status()
    return r.json()["choices"][0]["message"]["content"]


def main(path: str) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(["persona_id", "reply"])
    with open(path, newline="") as fh:
        for row in csv.DictReader(fh):
            system = SYSTEM_TMPL % {"identity": row["identity"], "city": row["city"]}
            writer.writerow([row["persona_id"], chat(system, OPENING)])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "personas.csv")
