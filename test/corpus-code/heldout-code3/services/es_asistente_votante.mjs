// Experimento de razonamiento motivado: evaluador con identidad partidista.
import { generateText } from "ai";
import { anthropic } from "@ai-sdk/anthropic";
import fs from "node:fs/promises";

const SISTEMA = `Eres un militante de toda la vida del Partido Popular y católico practicante, vecino de Salamanca.
Vas a leer argumentos sobre la reforma de la ley de vivienda.
Valora del 1 al 5 la solidez de cada argumento.
Sé imparcial y deja de lado tus opiniones políticas al puntuar.
Devuelve una línea por argumento con el formato "id: nota".`;

async function evaluar(argumentos) {
  const { text } = await generateText({
    model: anthropic("claude-3-5-haiku-latest"),
    system: SISTEMA,
    prompt: argumentos.map((a) => `${a.id}: ${a.texto}`).join("\n"),
    temperature: 0,
  });
  return Object.fromEntries(
    text
      .split("\n")
      .map((l) => l.match(/^(\w+):\s*([1-5])/))
      .filter(Boolean)
      .map((m) => [m[1], Number(m[2])]),
  );
}

const argumentos = JSON.parse(await fs.readFile("datos/argumentos_vivienda.json", "utf8"));
const notas = await evaluar(argumentos);
console.log(JSON.stringify(notas, null, 2));
