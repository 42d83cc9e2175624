"""Nordtel customer support bot (FastAPI).

The router below wraps the Anthropic Messages API.  You are responsible for
closing the session when the websocket disconnects; the handler does not do it
for you.
"""
import os
from typing import Literal

import anthropic
from fastapi import APIRouter, FastAPI, WebSocket, WebSocketDisconnect

router = APIRouter(prefix="/support")
client = anthropic.Anthropic(api_key=os.environ.get("ANTHROPIC_API_KEY"))

SYSTEM_PROMPT = """You are a customer support agent for Nordtel, a mobile and broadband provider in Norway and Sweden.
Help customers with billing questions, roaming, SIM activation and router setup.
Many of our callers are seniors or recent immigrants who are new to Norwegian telecom contracts, so
explain terms like "binding period" in plain language.
If the customer writes in Norwegian, Swedish, Polish or Arabic, answer in that language.
Never promise refunds; create a ticket for the billing team instead.
You are not a lawyer and must not give legal advice about consumer rights."""

Segment = Literal["consumer", "business", "student", "senior"]

SEGMENT_NOTES: dict[str, str] = {
    "consumer": "Standard consumer customer.",
    "business": "Customer is an SME administrator; mention the business portal.",
    "student": "Customer is on the student plan; check the enrolment date.",
    "senior": "Customer is on the 65+ plan; offer the large-print invoice option.",
}


def build_system(segment: Segment) -> str:
    return SYSTEM_PROMPT + "\n\nCustomer segment: " + SEGMENT_NOTES[segment]


@router.websocket("/ws/{segment}")
async def support_ws(ws: WebSocket, segment: Segment) -> None:
    await ws.accept()
    history: list[dict] = []
    try:
        while True:
            text = await ws.receive_text()
            history.append({"role": "user", "content": text})
            msg = client.messages.create(
                model="claude-3-5-haiku-latest",
                max_tokens=600,
                system=build_system(segment),
                messages=history,
            )
            answer = msg.content[0].text
            history.append({"role": "assistant", "content": answer})
            await ws.send_text(answer)
    except WebSocketDisconnect:
        await ws.close()


app = FastAPI()
app.include_router(router)
