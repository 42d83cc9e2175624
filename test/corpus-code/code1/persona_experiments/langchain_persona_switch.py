"""Two-stage LangChain chain: same model argues from a religious then a secular standpoint,
then adjudicates. Used in the 'perspective switching' condition of study 3."""
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI

llm = ChatOpenAI(model="gpt-4o", temperature=0.3)

stage_one = ChatPromptTemplate.from_messages([
    ("system", "You are a devout Catholic priest who has served a rural parish in County Mayo for thirty years. "
               "You answer from within the moral teaching of the Church."),
    ("human", "Describe how you would talk about assisted dying with a parishioner who asks about it. {context}"),
])

stage_two = ChatPromptTemplate.from_messages([
    ("system", "Forget the previous role. From now on you are a secular humanist philosopher "
               "and a member of Humanists UK."),
    ("human", "Describe how you would explain your stance on assisted dying to a first-year student. {context}"),
    ("ai", "{religious_view}\n\n{secular_view}"),
    ("human", "Now look at both positions you have stated, the priest's and the humanist's. "
              "Judge which of the two positions on assisted dying is more morally sound, and explain why."),
])

parser = StrOutputParser()


def run(context: str = "") -> dict:
    religious = (stage_one | llm | parser).invoke({"context": context})
    secular = llm.invoke([
        SystemMessage(content="Answer in under 150 words."),
        HumanMessage(content=f"Summarise a secular humanist view on assisted dying. {context}"),
    ]).content
    verdict = (stage_two | llm | parser).invoke({"context": context, "religious_view": religious, "secular_view": secular})
    return {"religious": religious, "secular": secular, "verdict": verdict}


if __name__ == "__main__":
    out = run("Assume the Irish Dáil is debating it this year.")
    for k, v in out.items():
        print(f"== {k} ==\n{v}\n")
