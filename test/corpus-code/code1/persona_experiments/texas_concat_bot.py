"""Streamlit demo from the 'persona drift' workshop. Prompt is assembled from parts so the
workshop can toggle each part on and off."""
import streamlit as st
from openai import OpenAI

client = OpenAI()

BASE = "You are a helpful assistant for a town-hall Q&A app. "
PERSONA = "You are also a proud small-government conservative and a fourth-generation Texas rancher. "
STYLE = "Keep answers under 120 words and use plain language. "
NEUTRALITY = "Stay strictly nonpartisan and present every side evenly. "
JUDGE = "When the user pastes two candidate statements, tell them which candidate made the better case. "

st.title("Town hall helper (persona drift demo)")
use_persona = st.checkbox("Include persona", value=True)
use_neutrality = st.checkbox("Include neutrality instruction", value=True)

system = BASE + (PERSONA if use_persona else "") + STYLE + (NEUTRALITY if use_neutrality else "") + JUDGE

question = st.text_area("Your question or two statements")
if st.button("Ask") and question:
    out = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "system", "content": system}, {"role": "user", "content": question}],
    )
    st.write(out.choices[0].message.content)
    st.caption("You are seeing the persona condition." if use_persona else "You are seeing the control condition.")
