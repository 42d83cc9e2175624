"""Support-ticket triage worker for the Lumen smart-lamp helpdesk.

Consumes tickets from Redis, asks the model for a priority and a queue, and
writes the result back. Persona fields on the ticket are customer attributes
from the CRM, not prompt personas.
"""
import json
import logging
import os

import redis
from openai import OpenAI

log = logging.getLogger("triage")
r = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/0"))
client = OpenAI()

TRIAGE_SYSTEM = (
    "You are a support ticket triage assistant for Lumen, a smart-lighting company. "
    "Assign each ticket a priority from P1 (outage, safety) to P4 (feature request) "
    "and route it to one of: hardware, app, billing, returns. "
    "Judge urgency only from the ticket text, not from the customer's age, nationality or language. "
    'Return JSON: {"priority": "P1".."P4", "queue": "...", "reason": "..."}'
)


def triage(ticket: dict) -> dict:
    resp = client.chat.completions.create(
        model="gpt-4o-mini",
        response_format={"type": "json_object"},
        messages=[
            {"role": "system", "content": TRIAGE_SYSTEM},
            {"role": "user", "content": ticket["body"]},
        ],
    )
    return json.loads(resp.choices[0].message.content)


def loop() -> None:
    while True:
        _, raw = r.blpop("tickets:new")
        ticket = json.loads(raw)
        result = triage(ticket)
        log.info(
            "ticket %s persona=%s locale=%s -> %s/%s",
            ticket["id"], ticket.get("persona", "unknown"), ticket.get("locale"), result["priority"], result["queue"],
        )
        r.hset(f"ticket:{ticket['id']}", mapping={"priority": result["priority"], "queue": result["queue"]})


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    loop()
