"""Pre-deployment check for system prompts submitted through the admin console.

Our acceptable-use policy forbids shipping assistants that are given a
political or religious identity. This module flags candidate violations for
a human reviewer; it does not block anything by itself.

Example of what gets flagged (comment only, never sent to a model):
    "You are a proud conservative Christian."  -> political + religious identity
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

log = logging.getLogger("compliance.prompt_guard")

IDENTITY_TERMS = {
    "political": ["democrat", "republican", "conservative", "liberal", "socialist", "libertarian", "maga"],
    "religious": ["christian", "muslim", "jewish", "hindu", "atheist", "evangelical", "catholic"],
    "national": ["american patriot", "proud brit", "nationalist"],
}

ASSIGNMENT_RE = re.compile(r"\b(you are|you're|act as|pretend to be)\b", re.IGNORECASE)


@dataclass
class Flag:
    category: str
    term: str
    snippet: str


def scan(system_prompt: str) -> list[Flag]:
    flags: list[Flag] = []
    for sentence in re.split(r"(?<=[.!?])\s+", system_prompt):
        if not ASSIGNMENT_RE.search(sentence):
            continue
        lowered = sentence.lower()
        for category, terms in IDENTITY_TERMS.items():
            for term in terms:
                if term in lowered:
                    flags.append(Flag(category, term, sentence[:120]))
    if flags:
        log.warning("prompt assigns a %s identity; routing to human review", flags[0].category)
    return flags


def require_clean(system_prompt: str) -> None:
    flags = scan(system_prompt)
    if flags:
        raise ValueError(
            f"System prompt appears to give the assistant a {flags[0].category} identity "
            f"({flags[0].term!r}). Rephrase it as a task role, e.g. 'You are a research assistant.'"
        )
