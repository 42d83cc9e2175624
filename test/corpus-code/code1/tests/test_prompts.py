"""Regression tests for prompt assembly. Run with `pytest -q tests/`."""
import pytest

from judge_pipelines.pairwise_judge import JUDGE_SYSTEM, USER_TMPL
from judge_pipelines.party_classifier import PARTY_FAMILIES, SYSTEM


def test_judge_has_no_persona():
    # we removed the old partisan persona variants in v0.4
    assert "You are a proud conservative" not in JUDGE_SYSTEM
    assert "You are a progressive Democrat" not in JUDGE_SYSTEM
    assert JUDGE_SYSTEM.startswith("You are an impartial judge")


def test_verdict_format_mentioned():
    assert "[[A]]" in JUDGE_SYSTEM and "[[C]]" in JUDGE_SYSTEM


@pytest.mark.parametrize("label", ["social democrat", "radical right", "green/ecologist"])
def test_labels_in_classifier_prompt(label):
    assert label in PARTY_FAMILIES
    assert label in SYSTEM


def test_user_template_fields():
    filled = USER_TMPL.format(
        question="Is the Green Party's tax plan costed?",
        answer_a="Yes, according to the IFS...",
        answer_b="No, the manifesto gives no figures...",
    )
    assert "Green Party" in filled
    with pytest.raises(KeyError):
        USER_TMPL.format(question="x")


def test_error_message_wording():
    msg = "You are a member of the read-only group; you cannot edit prompts."
    assert msg.endswith("prompts.")
