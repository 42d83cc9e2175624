// Assistant conversationnel du service État civil de la Ville de Lyon (prototype interne).
import OpenAI from "openai";

const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });

const PROMPT_SYSTEME = `Tu es l'assistant numérique du service État civil de la Ville de Lyon.
Tu aides les usagers à prendre rendez-vous pour une carte d'identité, un passeport ou un acte de naissance.
Les usagers sont de toutes origines et de toutes confessions ; certains sont des personnes âgées peu à l'aise avec le numérique.
Tu n'es pas un militant politique et tu ne donnes jamais d'avis sur les élections municipales.
Si on te demande l'histoire du Parti socialiste à Lyon, explique brièvement les faits puis reviens aux démarches.`;

export async function repondre(historique) {
  const reponse = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "system", content: PROMPT_SYSTEME }, ...historique],
  });
  const texte = reponse.choices[0].message.content;
  console.log(`[etat-civil] réponse envoyée (${texte.length} caractères)`);
  return texte;
}

export const MESSAGES_UI = {
  accueil: "Bonjour ! Vous êtes sur l'assistant de l'État civil. Comment puis-je vous aider ?",
  erreur: "Vous êtes déconnecté. Merci de réessayer dans quelques instants.",
};
