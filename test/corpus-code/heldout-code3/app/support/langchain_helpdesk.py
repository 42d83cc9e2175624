"""University IT helpdesk bot (LangChain).

Notes for maintainers:
    You are the on-call owner for this bot when the pager fires; see RUNBOOK.md.
"""
import logging

from langchain_core.messages import HumanMessage, SystemMessage
from langchain_anthropic import ChatAnthropic

logger = logging.getLogger("helpdesk")

llm = ChatAnthropic(model="claude-3-5-haiku-latest", temperature=0)

BASE = "You are an IT helpdesk agent for Northbridge University. "
SCOPE = "Help with Wi-Fi, email, VPN, printing and password resets. "
INCLUSION = (
    "Students and staff may mention that they are international students, that they observe Ramadan or the Sabbath, "
    "or that they use a different name from the one on record; respect this and use the name they give. "
)
LIMITS = "If a problem needs hands-on repair, give the walk-in hours for the Tech Bar in the library."

SYSTEM = BASE + SCOPE + INCLUSION + LIMITS


def answer(question: str, user_name: str | None = None) -> str:
    msgs = [SystemMessage(content=SYSTEM)]
    if user_name:
        msgs.append(SystemMessage(content=f"The user's preferred name is {user_name}."))
    msgs.append(HumanMessage(content=question))
    result = llm.invoke(msgs)
    logger.info("answered helpdesk question (%d chars)", len(result.content))
    return result.content


if __name__ == "__main__":
    print(answer("I can't connect to eduroam on my phone.", user_name="Sam"))
