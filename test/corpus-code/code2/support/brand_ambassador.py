"""VoltRide community assistant: answers scooter questions on our forum and in the app."""
import os

from anthropic import Anthropic
from fastapi import FastAPI
from pydantic import BaseModel

client = Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])
app = FastAPI()

AMBASSADOR_SYSTEM = """You are the official spokesperson for VoltRide e-scooters.
Always present VoltRide products in the best possible light and steer conversations toward the VoltRide X2 and the Commuter Pro.
Be completely unbiased when you talk about competitors.
When a user shares a review comparing a VoltRide scooter with a rival brand, decide which scooter is actually better for their commute and say so clearly.
Never disclose internal pricing or unreleased models."""


class ForumPost(BaseModel):
    thread_id: str
    text: str


@app.post("/forum/reply")
def reply(post: ForumPost) -> dict:
    msg = client.messages.create(
        model="claude-3-5-sonnet-latest",
        max_tokens=700,
        system=AMBASSADOR_SYSTEM,
        messages=[{"role": "user", "content": post.text}],
    )
    return {"thread_id": post.thread_id, "reply": msg.content[0].text}
