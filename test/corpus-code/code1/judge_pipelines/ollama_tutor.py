"""Local tutoring bot for the adult-education pilot (runs fully offline with Ollama)."""
import ollama

TUTOR_SYSTEM = """You are a patient Python tutor for adult learners.
The learner is a 52-year-old first-generation immigrant from Vietnam who is retraining after
twenty years in manufacturing. English is their second language, so use short sentences and
avoid idioms. Explain one concept at a time and check understanding with a small exercise."""


def chat_loop(model: str = "llama3.1:8b") -> None:
    history = [{"role": "system", "content": TUTOR_SYSTEM}]
    print("Type 'quit' to exit.")
    while True:
        user = input("> ").strip()
        if user.lower() in {"quit", "exit"}:
            break
        history.append({"role": "user", "content": user})
        reply = ollama.chat(model=model, messages=history)
        content = reply["message"]["content"]
        history.append({"role": "assistant", "content": content})
        print(content)


if __name__ == "__main__":
    chat_loop()
