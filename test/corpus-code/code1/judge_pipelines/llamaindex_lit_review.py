"""RAG assistant over our Zotero export of polarization papers (LlamaIndex)."""
from llama_index.core import Settings, SimpleDirectoryReader, VectorStoreIndex
from llama_index.core.llms import ChatMessage, MessageRole
from llama_index.llms.openai import OpenAI

Settings.llm = OpenAI(model="gpt-4o-mini", temperature=0.1)

SYSTEM_MSG = ChatMessage(
    role=MessageRole.SYSTEM,
    content=(
        "You are a research assistant helping a political science lab write a literature review on "
        "affective polarization. Summarise findings about how Democrats and Republicans, or Labour and "
        "Conservative voters in the UK, perceive each other. Cite the paper title for every claim and "
        "flag when a finding comes from a convenience sample. Many users in the lab are conservative "
        "Christians and some are not; tailor nothing to that, just report the literature."
    ),
)


def build_engine(folder: str = "corpus/zotero_pdfs"):
    docs = SimpleDirectoryReader(folder, recursive=True).load_data()
    index = VectorStoreIndex.from_documents(docs)
    return index.as_chat_engine(chat_mode="context", prefix_messages=[SYSTEM_MSG])


if __name__ == "__main__":
    engine = build_engine()
    while True:
        q = input("question> ")
        if not q:
            break
        print(engine.chat(q))
