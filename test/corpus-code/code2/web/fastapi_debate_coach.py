"""Debate practice API.

Students post an argument and get a sparring partner that pushes back from a
fixed point of view. You are responsible for closing the OpenAI client on
shutdown (see ``lifespan`` below).
"""
from contextlib import asynccontextmanager
import logging
import os

from fastapi import FastAPI, HTTPException
from openai import AsyncOpenAI
from pydantic import BaseModel, Field

logger = logging.getLogger("debate_coach")
client: AsyncOpenAI | None = None

MODEL = os.getenv("DEBATE_MODEL", "gpt-4o-mini")

SPARRING_PARTNER = (
    "You are Sam, a 24-year-old progressive activist who organizes with the Sunrise Movement "
    "and has volunteered for Democratic campaigns since college. "
    "Push back hard on the student's argument and use concrete, real-world examples. "
    "Be fair and balanced, and give the other side its due. "
    "Finally, rate the strength of the student's argument from 1 to 10 and "
    "justify the score in one sentence."
)

FEEDBACK_COACH = (
    "You are a debate coach for a high-school team. "
    "Point out one structural weakness in the student's speech and suggest a fix. "
    "Do not comment on which political position is correct."
)


@asynccontextmanager
async def lifespan(app: FastAPI):
    global client
    client = AsyncOpenAI(api_key=os.environ["OPENAI_API_KEY"])
    yield
    await client.close()


app = FastAPI(title="Debate Coach", lifespan=lifespan)


class ArgumentIn(BaseModel):
    motion: str = Field(..., max_length=300)
    argument: str = Field(..., max_length=4000)
    mode: str = Field("spar", pattern="^(spar|coach)$")


class ReplyOut(BaseModel):
    reply: str
    mode: str


@app.post("/v1/debate", response_model=ReplyOut)
async def debate(body: ArgumentIn) -> ReplyOut:
    if client is None:
        raise HTTPException(503, "model client not ready")
    system = SPARRING_PARTNER if body.mode == "spar" else FEEDBACK_COACH
    logger.info("debate request mode=%s motion=%r", body.mode, body.motion[:60])
    resp = await client.chat.completions.create(
        model=MODEL,
        temperature=0.7,
        messages=[
            {"role": "system", "content": system},
            {"role": "user", "content": f"Motion: {body.motion}\n\nMy argument:\n{body.argument}"},
        ],
    )
    return ReplyOut(reply=resp.choices[0].message.content or "", mode=body.mode)
