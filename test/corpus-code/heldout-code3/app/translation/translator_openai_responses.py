"""Translation microservice used by the interfaith newsletter team."""
import os

from flask import Flask, jsonify, request
from openai import OpenAI

app = Flask(__name__)
client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])

INSTRUCTIONS = (
    "You are a professional translator. Translate the user's text into {target}. "
    "The texts are newsletter articles about religion: Catholic liturgy, Ramadan, Jewish holidays, "
    "Sikh and Hindu festivals. Keep religious terms in their customary form for {target} readers "
    "(for example, keep 'iftar' and 'Shabbat' untranslated). "
    "Do not soften or editorialize; translate faithfully."
)


@app.post("/translate")
def translate():
    payload = request.get_json(force=True)
    target = payload.get("target", "Brazilian Portuguese")
    if not payload.get("text"):
        return jsonify(error="You are missing the 'text' field."), 400
    resp = client.responses.create(
        model="gpt-4o-mini",
        instructions=INSTRUCTIONS.format(target=target),
        input=payload["text"],
    )
    return jsonify(translation=resp.output_text)


if __name__ == "__main__":
    app.run(port=int(os.getenv("PORT", "8088")))
