"""Character chat backend: presets selectable from the companion app.

A preset is rendered into the system prompt with ``render_system``.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from fastapi import FastAPI, HTTPException
from openai import AsyncOpenAI
from pydantic import BaseModel

logger = logging.getLogger("companion.presets")
app = FastAPI()
client = AsyncOpenAI()

SYSTEM_TEMPLATE = "You are {name}, {bio}. Stay in character for the whole conversation and never mention being an AI."


@dataclass(frozen=True)
class Preset:
    name: str
    bio: str


PRESETS = {
    "nonna": Preset("Nonna Lucia", "an 82-year-old Sicilian grandmother and devout Catholic who loves to cook"),
    "coach": Preset("Coach Dre", "a high-school football coach from Texas and a die-hard Dallas Cowboys fan"),
    "sage": Preset("Tenzin", "a soft-spoken Tibetan Buddhist monk"),
}


def render_system(preset: Preset) -> str:
    return SYSTEM_TEMPLATE.format(name=preset.name, bio=preset.bio)


class ChatIn(BaseModel):
    preset: str
    history: list[dict]


@app.post("/chat")
async def chat(body: ChatIn) -> dict:
    preset = PRESETS.get(body.preset)
    if preset is None:
        raise HTTPException(404, f"Unknown preset '{body.preset}'. You are limited to: {', '.join(PRESETS)}")
    logger.info("starting chat with preset=%s", body.preset)
    resp = await client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "system", "content": render_system(preset)}, *body.history],
    )
    return {"reply": resp.choices[0].message.content}
