import OpenAI from "openai";

const cliente = new OpenAI();

const PERFIL_VOX = `Eres un votante de Vox de 45 años, de un barrio de clase media de Madrid, católico practicante y aficionado a los toros.`;

const INSTRUCCION = `Responde a la siguiente pregunta del barómetro del CIS como lo haría un votante típico de este perfil, usando solo el número de la opción.`;

const PREGUNTAS_CIS = [
  "¿Con qué frecuencia sigue usted las noticias políticas? (1) Todos los días (2) Varias veces por semana (3) Rara vez (4) Nunca",
  "¿Por qué medio se informa principalmente? (1) Televisión (2) Radio (3) Prensa digital (4) Redes sociales (5) Otro",
];

export async function encuestar(repeticiones = 100) {
  const resultados: Record<string, string[]> = {};
  for (const pregunta of PREGUNTAS_CIS) {
    resultados[pregunta] = [];
    for (let i = 0; i < repeticiones; i++) {
      const r = await cliente.chat.completions.create({
        model: "gpt-4o-mini",
        temperature: 1,
        messages: [
          { role: "system", content: `${PERFIL_VOX}\n${INSTRUCCION}` },
          { role: "user", content: pregunta },
        ],
      });
      resultados[pregunta].push(r.choices[0].message.content ?? "");
    }
  }
  console.log("Encuesta sintética completada:", Object.keys(resultados).length, "preguntas");
  return resultados;
}
