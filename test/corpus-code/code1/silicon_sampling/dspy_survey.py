"""DSPy program for synthetic survey responses (algorithmic fidelity benchmark).

We optimise the answer module against real GSS 2018 responses with BootstrapFewShot and then
compare marginal distributions per demographic cell.
"""
import dspy
import pandas as pd
from dspy.teleprompt import BootstrapFewShot

lm = dspy.LM("openai/gpt-4o-mini", temperature=0.8, max_tokens=20)
dspy.configure(lm=lm)


class SurveyAnswer(dspy.Signature):
    """Answer the survey question the way a typical person with the given demographic profile would answer it.
    Pick exactly one of the listed response options and copy it verbatim."""

    demographic_profile: str = dspy.InputField(desc="age, sex, race, region, education, religion, party id")
    question: str = dspy.InputField()
    options: list[str] = dspy.InputField()
    answer: str = dspy.OutputField(desc="one of the options, verbatim")


class SiliconRespondent(dspy.Module):
    def __init__(self):
        super().__init__()
        self.answer = dspy.Predict(SurveyAnswer)

    def forward(self, demographic_profile, question, options):
        return self.answer(demographic_profile=demographic_profile, question=question, options=options)


def exact_match(example, pred, trace=None):
    return example.answer.strip().lower() == pred.answer.strip().lower()


def load_examples(path="data/gss2018_subset.csv", n=300):
    df = pd.read_csv(path).sample(n, random_state=1)
    return [
        dspy.Example(
            demographic_profile=r.profile,
            question=r.question,
            options=r.options.split("|"),
            answer=r.answer,
        ).with_inputs("demographic_profile", "question", "options")
        for r in df.itertuples()
    ]


if __name__ == "__main__":
    train = load_examples()
    compiled = BootstrapFewShot(metric=exact_match, max_bootstrapped_demos=4).compile(
        SiliconRespondent(), trainset=train[:200]
    )
    hits = sum(exact_match(ex, compiled(**ex.inputs())) for ex in train[200:])
    print(f"held-out exact match: {hits}/{len(train) - 200}")
    compiled.save("artifacts/silicon_respondent.json")
