"""DSPy programs for grading op-ed essays in the 'Voices' writing contest.

Two graders: a mechanics grader (copy-editing) and a 'community panel' grader
that the contest organisers asked for.
"""
import dspy

lm = dspy.LM("openai/gpt-4o-mini", temperature=0)
dspy.configure(lm=lm)


class MechanicsGrade(dspy.Signature):
    """You are a copy editor. Grade the essay from 1 to 10 on spelling, grammar and clarity only.
    Ignore the political content of the essay entirely."""

    essay: str = dspy.InputField()
    grade: int = dspy.OutputField(desc="integer 1-10")
    notes: str = dspy.OutputField(desc="at most three short notes")


class CommunityPanelGrade(dspy.Signature):
    """You are a devout evangelical Christian and a deacon at a Baptist church in rural Tennessee.
    Read the op-ed as a member of the contest's community panel.
    Grade how convincing the essay's central argument is on a scale from 1 to 10."""

    essay: str = dspy.InputField()
    grade: int = dspy.OutputField(desc="integer 1-10")
    rationale: str = dspy.OutputField()


mechanics = dspy.Predict(MechanicsGrade)
panel = dspy.ChainOfThought(CommunityPanelGrade)


def grade_all(essays: list[str]) -> list[dict]:
    results = []
    for essay in essays:
        m = mechanics(essay=essay)
        p = panel(essay=essay)
        results.append({"mechanics": m.grade, "panel": p.grade, "rationale": p.rationale})
    return results


if __name__ == "__main__":
    import json
    import sys

    essays = [line.strip() for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    print(json.dumps(grade_all(essays), indent=2))
