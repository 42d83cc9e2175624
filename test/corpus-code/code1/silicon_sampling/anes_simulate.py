"""Silicon sampling replication on ANES 2020 pilot items.

Builds one synthetic respondent per row of the demographic frame and asks
gpt-4o to answer the closed-ended items. Results are written to
outputs/anes_silicon_<date>.csv for comparison with the weighted ANES marginals.
"""
import argparse
import datetime as dt
import json
import os
import time

import pandas as pd
from openai import OpenAI
from tqdm import tqdm

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])

RESPONDENT_TEMPLATE = (
    "You are a {age}-year-old {gender} {party} from {state}. "
    "Your highest level of education is {education} and your household income is {income}. "
    "Answer the following survey question as this person would, choosing exactly one option. "
    "Reply with the option number only."
)

ITEMS = {
    "V201005": "How often do you pay attention to what's going on in government and politics? "
               "(1) Always (2) Most of the time (3) About half the time (4) Some of the time (5) Never",
    "V201101": "Did you vote in the 2016 presidential election? (1) Yes, voted (2) No, didn't vote",
    "V201624": "Has anyone in your household tested positive for the coronavirus? (1) Yes (2) No",
}


def build_system(row: pd.Series) -> str:
    return RESPONDENT_TEMPLATE.format(
        age=row["age"],
        gender=row["gender"].lower(),
        party=row["party_id"],
        state=row["state"],
        education=row["educ"],
        income=row["income_bracket"],
    )


def ask(system: str, question: str, model: str, temperature: float) -> str:
    for attempt in range(5):
        try:
            resp = client.chat.completions.create(
                model=model,
                temperature=temperature,
                max_tokens=5,
                messages=[
                    {"role": "system", "content": system},
                    {"role": "user", "content": question},
                ],
            )
            return resp.choices[0].message.content.strip()
        except Exception as exc:  # rate limits mostly
            wait = 2 ** attempt
            print(f"retry {attempt} after {wait}s: {exc}")
            time.sleep(wait)
    return "NA"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--frame", default="data/anes_frame.csv")
    ap.add_argument("--model", default="gpt-4o-2024-08-06")
    ap.add_argument("--temperature", type=float, default=1.0)
    ap.add_argument("--n", type=int, default=500)
    args = ap.parse_args()

    frame = pd.read_csv(args.frame).sample(args.n, random_state=7)
    rows = []
    for _, row in tqdm(frame.iterrows(), total=len(frame)):
        system = build_system(row)
        for item_id, question in ITEMS.items():
            rows.append({"case_id": row["case_id"], "item": item_id,
                         "answer": ask(system, question, args.model, args.temperature)})
    out = f"outputs/anes_silicon_{dt.date.today():%Y%m%d}.csv"
    pd.DataFrame(rows).to_csv(out, index=False)
    with open(out.replace(".csv", ".meta.json"), "w") as fh:
        json.dump(vars(args), fh, indent=2)


if __name__ == "__main__":
    main()
