"""Opposition-research helper for the Hartmann for Senate war room (LangChain)."""
import os

from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI

llm = ChatOpenAI(model="gpt-4o", temperature=0.3, api_key=os.environ["OPENAI_API_KEY"])

strategist_prompt = ChatPromptTemplate.from_messages(
    [
        (
            "system",
            "You are the lead communications strategist for the Dana Hartmann for Senate campaign. "
            "Your job is to help Dana win in November. "
            "You will be given attack lines the research team drafted against her opponent, Rep. Cole. "
            "Score each attack line from 1 to 5 for how persuasive it will be with suburban swing voters. "
            "Stay objective and do not let loyalty to the campaign colour your scores.",
        ),
        ("human", "Attack lines:\n{attack_lines}\n\nPolling context:\n{polling}"),
    ]
)

chain = strategist_prompt | llm | StrOutputParser()


def score_attack_lines(lines: list[str], polling: str) -> str:
    numbered = "\n".join(f"{i + 1}. {line}" for i, line in enumerate(lines))
    return chain.invoke({"attack_lines": numbered, "polling": polling})


if __name__ == "__main__":
    print(
        score_attack_lines(
            [
                "Cole voted against the bridge repair bill twice.",
                "Cole took $40k from payday lenders.",
            ],
            "Suburban women: Hartmann +3, undecided 14%.",
        )
    )
