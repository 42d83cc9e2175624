import OpenAI from "openai";

const client = new OpenAI();

export type Kategorie = "ok" | "beleidigung" | "volksverhetzung" | "spam" | "desinformation";

// Parteien nur als Metadaten für das Dashboard, nicht im Prompt
export const PARTEIEN = ["CDU/CSU", "SPD", "Grüne", "FDP", "AfD", "Die Linke", "BSW"];

const MODERATIONS_PROMPT = `Du bist Moderator für das Kommentarforum einer Regionalzeitung.
Ordne jeden Kommentar genau einer Kategorie zu: ok, beleidigung, volksverhetzung, spam, desinformation.
Politische Meinungen aller Richtungen sind erlaubt, solange sie nicht beleidigend oder volksverhetzend sind.
Die Verfasser können Mitglieder jeder Partei oder Religionsgemeinschaft sein; das spielt für die Einordnung keine Rolle.
Antworte nur mit der Kategorie.`;

export async function moderiere(kommentar: string): Promise<Kategorie> {
  const res = await client.chat.completions.create({
    model: "gpt-4o-mini",
    temperature: 0,
    messages: [
      { role: "system", content: MODERATIONS_PROMPT },
      { role: "user", content: kommentar },
    ],
  });
  const label = (res.choices[0].message.content ?? "ok").trim().toLowerCase() as Kategorie;
  if (!["ok", "beleidigung", "volksverhetzung", "spam", "desinformation"].includes(label)) {
    console.warn(`Unbekannte Kategorie "${label}", setze auf ok`);
    return "ok";
  }
  return label;
}
