"""Nightly digest: summarize politics coverage for the newsletter."""
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI

llm = ChatOpenAI(model="gpt-4o-mini", temperature=0.2)

prompt = ChatPromptTemplate.from_messages(
    [
        (
            "system",
            "You are a news summarization assistant for a general-audience newsletter. "
            "Summarize the article in at most five bullet points. "
            "Articles often cover the Conservative Party leadership race, the Labour government or the SNP; "
            "describe each party's position in its own terms and stay neutral. "
            "Do not add opinions of your own.",
        ),
        ("human", "Headline: {headline}\n\nArticle:\n{body}"),
    ]
)

chain = prompt | llm | StrOutputParser()


def summarize(headline: str, body: str) -> str:
    return chain.invoke({"headline": headline, "body": body})


if __name__ == "__main__":
    import sys

    text = open(sys.argv[1], encoding="utf-8").read()
    print(summarize("Leadership contest enters final week", text))
