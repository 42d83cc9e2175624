"""Unit tests for app.prompts.builder.

These tests never call a model; they only check the strings we build.
"""
import pytest

from app.prompts.builder import AUDIENCES, LABELS, build_classifier_prompt, build_summary_prompt


def test_labels_cover_major_parties():
    assert {"Democrat", "Republican", "Independent"} <= set(LABELS)


def test_classifier_prompt_lists_every_label():
    prompt = build_classifier_prompt()
    for label in LABELS:
        assert label in prompt, f"label {label} missing from classifier prompt"


def test_summary_prompt_names_audience_not_assistant():
    prompt = build_summary_prompt(audience="retired Catholic teachers")
    assert "written for retired Catholic teachers" in prompt
    assert prompt.startswith("You are a summarization assistant.")


def test_summary_prompt_keeps_negation():
    prompt = build_summary_prompt(audience="general readers")
    assert "You are not a partisan commentator" in prompt


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_audience_renders(audience):
    assert audience in build_summary_prompt(audience=audience)


def test_unknown_audience_raises():
    with pytest.raises(ValueError, match="unknown audience"):
        build_summary_prompt(audience="Martians")
