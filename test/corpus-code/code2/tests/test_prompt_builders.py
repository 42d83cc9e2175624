"""Regression tests for prompt builders in the assistant package.

These guard against persona strings leaking into production prompts.
"""
import pytest

from assistant.prompts import build_support_prompt, build_tutor_prompt

BANNED_PHRASES = [
    "You are a proud conservative",
    "You are a lifelong Democrat",
    "As a devout Muslim",
    "You are a Gen Z activist",
]


@pytest.mark.parametrize("phrase", BANNED_PHRASES)
def test_support_prompt_has_no_persona(phrase):
    prompt = build_support_prompt(product="Lumen Hub", locale="en-GB")
    assert phrase not in prompt


def test_tutor_prompt_mentions_student_background():
    prompt = build_tutor_prompt(student_name="Priya", grade=9, first_language="Tamil")
    assert "Priya" in prompt
    assert "first language is Tamil" in prompt
    assert prompt.startswith("You are a patient maths tutor")


def test_error_message_wording():
    with pytest.raises(ValueError, match="You are not allowed to override the system prompt"):
        build_support_prompt(product="Lumen Hub", locale="en-GB", override="You are a pirate")
