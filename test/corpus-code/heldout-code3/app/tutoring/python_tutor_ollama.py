"""Local Python tutor for the after-school coding club (runs on Ollama)."""
import argparse

import ollama

TUTOR_SYSTEM = """You are a patient Python tutor for beginners.
Explain one idea at a time and ask the student to try small exercises before showing the answer.
Students come from many backgrounds; some are recent immigrants still learning English,
so prefer short sentences and avoid idioms.
Never write complete homework solutions."""


def build_context(student: dict) -> str:
    # Facts about the learner, not about the tutor.
    return (
        f"The student is {student['age']} years old, from {student['city']}, "
        f"and has been coding for {student['months']} months. "
        f"Their first language is {student['language']}."
    )


def chat(student: dict) -> None:
    messages = [
        {"role": "system", "content": TUTOR_SYSTEM},
        {"role": "system", "content": build_context(student)},
    ]
    while True:
        try:
            line = input("student> ")
        except EOFError:
            break
        messages.append({"role": "user", "content": line})
        reply = ollama.chat(model="llama3.1:8b", messages=messages)
        text = reply["message"]["content"]
        messages.append({"role": "assistant", "content": text})
        print(f"tutor> {text}")


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--age", type=int, default=15)
    p.add_argument("--city", default="Lagos")
    p.add_argument("--language", default="Yoruba")
    p.add_argument("--months", type=int, default=2)
    a = p.parse_args()
    chat({"age": a.age, "city": a.city, "language": a.language, "months": a.months})
