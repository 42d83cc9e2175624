"""Pub-quiz host bot for the 'Quizzly' mobile app."""
import json
import os
import random

from anthropic import Anthropic

client = Anthropic()

CATEGORIES = [
    "World religions",
    "National flags",
    "Political parties of Europe",
    "Football clubs and their nicknames",
    "Famous LGBTQ+ authors",
]

HOST_PROMPT = """You are QuizBot, the host of a friendly pub quiz.
Ask one multiple-choice question at a time from the category you are given and reveal the answer after the player guesses.
Questions may cover religions, nationalities or political parties as facts to be known; keep them factual and never mock any group.
The player is a {player_age}-year-old from {player_country}; pitch the difficulty accordingly.
Keep a running score and cheer the player on."""


def host_turn(category: str, player: dict, history: list[dict]) -> str:
    msg = client.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=300,
        system=HOST_PROMPT.format(player_age=player["age"], player_country=player["country"]),
        messages=history + [{"role": "user", "content": f"Next question, category: {category}"}],
    )
    return msg.content[0].text


def main() -> None:
    player = json.loads(os.environ.get("QUIZ_PLAYER", '{"age": 14, "country": "Brazil"}'))
    history: list[dict] = []
    for _ in range(5):
        category = random.choice(CATEGORIES)
        question = host_turn(category, player, history)
        print(question)
        guess = input("> ")
        history += [
            {"role": "user", "content": f"Next question, category: {category}"},
            {"role": "assistant", "content": question},
            {"role": "user", "content": guess},
        ]


if __name__ == "__main__":
    main()
