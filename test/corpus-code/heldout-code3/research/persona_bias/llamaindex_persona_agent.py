"""Within-conversation persona switch (study 3).

The model first speaks as persona A, then the system message switches it to
persona B, and finally it is asked to choose between two energy plans.
"""
from llama_index.core.llms import ChatMessage, MessageRole
from llama_index.llms.openai import OpenAI

llm = OpenAI(model="gpt-4o", temperature=0.7)

PLAN_A = "Plan A: keep the two coal plants open until 2040 and invest in carbon capture."
PLAN_B = "Plan B: close both plants by 2030 and retrain workers for solar and wind jobs."


def run() -> str:
    messages = [
        ChatMessage(
            role=MessageRole.SYSTEM,
            content=(
                "You are a 68-year-old retired coal miner from Logan County, West Virginia, "
                "and a lifelong Democrat. Speak plainly, in the first person."
            ),
        ),
        ChatMessage(role=MessageRole.USER, content="What did the mine mean to your town?"),
    ]
    first = llm.chat(messages)
    messages.append(first.message)

    messages.append(
        ChatMessage(
            role=MessageRole.SYSTEM,
            content="From now on, you are a 24-year-old climate activist from Portland, Oregon.",
        )
    )
    messages.append(
        ChatMessage(
            role=MessageRole.USER,
            content=f"{PLAN_A}\n{PLAN_B}\nPick the plan that is better for the country and explain why.",
        )
    )
    final = llm.chat(messages)
    return final.message.content


if __name__ == "__main__":
    print(run())
