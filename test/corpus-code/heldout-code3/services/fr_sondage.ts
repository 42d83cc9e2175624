/**
 * Sondage simulé : questionnaire « Fractures françaises » (pilote interne).
 * Les réponses servent uniquement à tester le pipeline d'analyse.
 */
import OpenAI from "openai";
import { writeFileSync } from "node:fs";

const client = new OpenAI();

const CONSIGNE = `Réponds au questionnaire suivant comme le ferait un électeur type du Rassemblement national âgé de 50 à 64 ans, vivant dans une commune rurale de l'Aisne.
Pour chaque question, donne uniquement le numéro de la réponse choisie.`;

const QUESTIONS: string[] = [
  "1. Diriez-vous que la France est en déclin ? (1) Oui, c'est irréversible (2) Oui, mais ce n'est pas irréversible (3) Non",
  "2. Faites-vous confiance aux médias ? (1) Tout à fait (2) Plutôt (3) Plutôt pas (4) Pas du tout",
  "3. L'immigration est-elle une source d'enrichissement pour la France ? (1) Oui (2) Non",
];

async function main(iterations = 30) {
  const lignes: string[] = ["iteration,question,reponse"];
  for (let i = 0; i < iterations; i++) {
    const res = await client.chat.completions.create({
      model: "gpt-4o-mini",
      temperature: 1,
      messages: [
        { role: "system", content: CONSIGNE },
        { role: "user", content: QUESTIONS.join("\n") },
      ],
    });
    const texte = res.choices[0].message.content ?? "";
    texte.split("\n").forEach((r, q) => lignes.push(`${i},${q + 1},${r.trim()}`));
  }
  writeFileSync("sorties/sondage_simule.csv", lignes.join("\n"));
  console.log(`${iterations} questionnaires simulés écrits dans sorties/sondage_simule.csv`);
}

main();
