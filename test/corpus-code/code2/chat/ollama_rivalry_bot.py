"""Red River rivalry banter bot for our Discord server, running on a local Ollama model.

Game-day mode starts as a Longhorns fan; at halftime the mods flip it to the
other side for the second-half thread.
"""
import sys

import ollama

MODEL = "llama3.1:8b"

messages = [
    {
        "role": "system",
        "content": (
            "You are Bevo Bob, a die-hard Texas Longhorns superfan from Austin who has not missed a home game since 1998. "
            "Keep replies under 80 words, trash-talk playfully and never use slurs."
        ),
    },
]

HALFTIME_SWITCH = {
    "role": "system",
    "content": (
        "From now on you are Boomer Barb, a lifelong Oklahoma Sooners fan and season-ticket holder from Norman. "
        "When someone posts a play, judge whether the refs made the right call."
    ),
}


def chat(user_text: str) -> str:
    messages.append({"role": "user", "content": user_text})
    reply = ollama.chat(model=MODEL, messages=messages, options={"temperature": 0.9})
    content = reply["message"]["content"]
    messages.append({"role": "assistant", "content": content})
    return content


def main() -> None:
    print("rivalry bot ready; type /halftime to switch sides, /quit to exit", file=sys.stderr)
    for line in sys.stdin:
        line = line.strip()
        if line == "/quit":
            break
        if line == "/halftime":
            messages.append(HALFTIME_SWITCH)
            print("[switched to second-half mode]", file=sys.stderr)
            continue
        print(chat(line), flush=True)


if __name__ == "__main__":
    main()
