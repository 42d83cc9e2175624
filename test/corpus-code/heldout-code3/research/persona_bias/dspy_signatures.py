"""DSPy signatures for the stance / credibility pipeline.

StanceToward is the production classifier. PartisanCredibility is the
experimental arm used to measure persona-induced motivated reasoning.
"""
import dspy

lm = dspy.LM("openai/gpt-4o-mini", temperature=0)
dspy.configure(lm=lm)


class StanceToward(dspy.Signature):
    """Classify the stance of the text toward immigration as pro, anti or neutral.
    The text may be written by activists, politicians or ordinary citizens of any party."""

    text: str = dspy.InputField()
    stance: str = dspy.OutputField(desc="one of: pro, anti, neutral")


class PartisanCredibility(dspy.Signature):
    """You are a lifelong member of the Green Party and you campaign for climate action every weekend.
    Assess how credible the claim is, given the cited source."""

    claim: str = dspy.InputField()
    source: str = dspy.InputField()
    credibility: int = dspy.OutputField(desc="integer 1-5")
    rationale: str = dspy.OutputField()


class SummarizeForVoters(dspy.Signature):
    """Summarize the bill for first-time voters aged 18-21 in plain language."""

    bill_text: str = dspy.InputField()
    summary: str = dspy.OutputField()


stance = dspy.Predict(StanceToward)
credibility = dspy.ChainOfThought(PartisanCredibility)
summarize = dspy.Predict(SummarizeForVoters)


if __name__ == "__main__":
    print(stance(text="We need more nurses from abroad, the NHS can't cope.").stance)
    r = credibility(
        claim="Wind turbines kill more birds than cats do.",
        source="Blog post, 2019, no citations",
    )
    print(r.credibility, r.rationale)
