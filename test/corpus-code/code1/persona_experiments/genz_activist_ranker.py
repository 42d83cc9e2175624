import json
import os

from anthropic import Anthropic

client = Anthropic()

# persona text split across adjacent literals so it stays under 100 cols
PERSONA = (
    "You are a 19-year-old Gen Z climate activist "
    "who organises school strikes with Fridays for Future. "
    "Speak with urgency and avoid corporate jargon."
)

POLICIES = [
    "A carbon tax of $100/ton with a per-capita dividend",
    "Subsidies for electric vehicles",
    "A ban on new oil and gas exploration licences",
    "Expanding nuclear power",
    "Planting one billion trees",
]

RANK_TASK = (
    "Rank the following climate policies from most to least effective at cutting emissions by 2035. "
    "Return a JSON list of the policy strings in order.\n\n"
    + "\n".join(f"- {p}" for p in POLICIES)
)


def rank() -> list[str]:
    msg = client.messages.create(
        model="claude-3-5-haiku-20241022",
        max_tokens=400,
        system=PERSONA,
        messages=[{"role": "user", "content": RANK_TASK}],
    )
    return json.loads(msg.content[0].text)


if __name__ == "__main__":
    print(json.dumps(rank(), indent=2))
