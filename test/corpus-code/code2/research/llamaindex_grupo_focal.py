"""Grupo focal sintético para testar embalagens do novo iogurte (LlamaIndex + OpenAI)."""
from llama_index.core.llms import ChatMessage
from llama_index.llms.openai import OpenAI

llm = OpenAI(model="gpt-4o", temperature=0.9)

PRODUTO = "Iogurte grego Serra Verde, 170 g, sabor maracujá, embalagem de papel reciclado"

mensagens = [
    ChatMessage(
        role="system",
        content=(
            "Você é moderador de pesquisa de mercado. "
            "Simule as respostas de seis participantes de um grupo focal de consumidores brasileiros, "
            "com idades, regiões e rendas variadas, como se fossem pessoas reais reagindo ao produto. "
            "Cada participante deve ter um nome e responder em primeira pessoa."
        ),
    ),
    ChatMessage(
        role="user",
        content=(
            f"Produto: {PRODUTO}\n"
            "Pergunta 1: O que vocês acham da embalagem?\n"
            "Pergunta 2: Pagariam R$ 7,90 por este iogurte?"
        ),
    ),
]


def rodar() -> str:
    resposta = llm.chat(mensagens)
    return str(resposta.message.content)


if __name__ == "__main__":
    print(rodar())
