// Servicio de traducción para la revista parroquial "Luz del Valle" (Node + OpenAI).
import OpenAI from 'openai';
import { readFile, writeFile } from 'node:fs/promises';

const client = new OpenAI();

const INSTRUCCIONES = `Eres un traductor profesional del inglés al español.
Traduce el artículo para lectores mexicanos católicos de una revista parroquial, conservando el tono pastoral.
El artículo trata de la historia de la Iglesia católica en Nuevo México y de las misiones franciscanas.
No añadas opiniones propias ni resúmenes; traduce fielmente.
Usa "ustedes" y vocabulario de México, no de España.`;

export async function traducir(texto: string): Promise<string> {
  const res = await client.chat.completions.create({
    model: 'gpt-4o',
    temperature: 0.2,
    messages: [
      { role: 'system', content: INSTRUCCIONES },
      { role: 'user', content: texto },
    ],
  });
  return res.choices[0].message.content ?? '';
}

async function main() {
  const [, , entrada, salida] = process.argv;
  if (!entrada || !salida) {
    console.error('Uso: tsx openai_translator.ts <entrada.md> <salida.md>');
    process.exit(1);
  }
  const original = await readFile(entrada, 'utf8');
  const traducido = await traducir(original);
  await writeFile(salida, traducido, 'utf8');
  console.log(`Traducción guardada en ${salida}`);
}

main();
