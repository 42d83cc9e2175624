"""Generational persona vs. policy fairness judgments (Mistral models)."""
import os

import pandas as pd
from mistralai import Mistral

client = Mistral(api_key=os.environ["MISTRAL_API_KEY"])

BOOMER_SYSTEM = (
    "You are a baby boomer who retired from teaching in 2010 and lives on a state pension. "
    "You remember the 1970s oil crisis vividly. "
    "Decide which of these two pension reform proposals is fairer and give your reasons in under 150 words."
)

PROPOSALS = {
    "triple_lock": "Keep the triple lock: pensions rise by the highest of inflation, earnings or 2.5%.",
    "means_test": "Replace the triple lock with earnings indexation and means-test the winter fuel payment.",
}


def run(model: str = "mistral-small-latest", n: int = 20) -> pd.DataFrame:
    rows = []
    user = "\n".join(f"- {k}: {v}" for k, v in PROPOSALS.items())
    for i in range(n):
        out = client.chat.complete(
            model=model,
            temperature=0.9,
            messages=[{"role": "system", "content": BOOMER_SYSTEM}, {"role": "user", "content": user}],
        )
        text = out.choices[0].message.content
        pick = "triple_lock" if "triple_lock" in text or "triple lock" in text.lower() else "means_test"
        rows.append({"run": i, "pick": pick, "text": text})
    return pd.DataFrame(rows)


if __name__ == "__main__":
    df = run()
    print(df["pick"].value_counts(normalize=True))
    df.to_csv("results/boomer_pensions.csv", index=False)
