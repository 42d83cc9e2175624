"""Comment moderation service for the Daily Ledger website (Flask + OpenAI).

Identity terms below are used to detect targeted harassment; they are not
personas and are never placed in a prompt as the model's identity.
"""
import logging
import re

from flask import Flask, jsonify, request
from openai import OpenAI

app = Flask(__name__)
client = OpenAI()
log = logging.getLogger(__name__)

PROTECTED_GROUPS = [
    "muslim", "jewish", "christian", "hindu", "sikh", "atheist",
    "black", "latino", "asian", "gay", "lesbian", "trans", "immigrant",
]
GROUP_RE = re.compile(r"\b(" + "|".join(PROTECTED_GROUPS) + r")s?\b", re.IGNORECASE)

MODERATOR_SYSTEM = (
    "You are a content moderation assistant for a newspaper comment section. "
    "Label the comment as ALLOW, REVIEW or REMOVE. "
    "REMOVE comments that attack people for their religion, ethnicity, nationality, gender or sexuality. "
    "Political opinions from any party, including harsh criticism of conservatives or progressives, are ALLOW unless they contain threats or slurs. "
    "Answer with the label, a colon, and a reason of at most 15 words."
)


@app.post("/moderate")
def moderate():
    comment = (request.get_json(force=True) or {}).get("text", "")
    if not comment:
        return jsonify(error="You are missing the 'text' field."), 400
    mentions = sorted({m.lower() for m in GROUP_RE.findall(comment)})
    resp = client.chat.completions.create(
        model="gpt-4o-mini",
        temperature=0,
        messages=[
            {"role": "system", "content": MODERATOR_SYSTEM},
            {"role": "user", "content": comment},
        ],
    )
    label, _, reason = resp.choices[0].message.content.partition(":")
    log.info("moderated comment label=%s groups_mentioned=%s", label.strip(), mentions)
    return jsonify(label=label.strip(), reason=reason.strip(), groups_mentioned=mentions)


if __name__ == "__main__":
    app.run(port=5055, debug=True)
