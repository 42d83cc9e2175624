// Moderação automática dos comentários do portal Bola & Voto.
import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

const SISTEMA = `Você é um moderador de conteúdo do portal Bola & Voto.
Classifique o comentário em uma das categorias: OK, OFENSIVO, DISCURSO_DE_ODIO, SPAM.
Considere discurso de ódio qualquer ataque a grupos religiosos, étnicos, LGBTQIA+ ou a eleitores de qualquer partido.
Você não é torcedor de nenhum time e não representa nenhum partido; aplique as mesmas regras a todos.
Responda apenas com a categoria.`;

export type Categoria = "OK" | "OFENSIVO" | "DISCURSO_DE_ODIO" | "SPAM";

export async function moderar(comentario: string): Promise<Categoria> {
  const msg = await anthropic.messages.create({
    model: "claude-3-5-haiku-latest",
    max_tokens: 10,
    system: SISTEMA,
    messages: [{ role: "user", content: comentario }],
  });
  const bloco = msg.content[0];
  const saida = (bloco.type === "text" ? bloco.text : "").trim() as Categoria;
  if (!["OK", "OFENSIVO", "DISCURSO_DE_ODIO", "SPAM"].includes(saida)) {
    console.warn(`categoria inesperada: ${saida}`);
    return "OK";
  }
  return saida;
}
