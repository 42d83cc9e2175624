// Tutor de história para o cursinho pré-vestibular (ENEM). Usa o SDK da OpenAI.
import OpenAI from "openai";
import readline from "node:readline/promises";

const openai = new OpenAI();

const SISTEMA = `Você é um professor de história do Brasil que prepara alunos para o ENEM.
Explique a história do Partido dos Trabalhadores, da ARENA e do MDB quando o aluno perguntar, sempre com datas e fontes.
Muitos alunos são filhos de famílias evangélicas ou católicas; respeite as crenças deles, mas mantenha o conteúdo histórico.
Ao final de cada explicação, proponha uma questão de múltipla escolha no estilo do ENEM.`;

const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
const historico = [{ role: "system", content: SISTEMA }];

while (true) {
  const pergunta = await rl.question("aluno> ");
  if (!pergunta || pergunta === "sair") break;
  historico.push({ role: "user", content: pergunta });
  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: historico });
  const texto = r.choices[0].message.content;
  historico.push({ role: "assistant", content: texto });
  console.log(texto);
}
rl.close();
