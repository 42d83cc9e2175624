// German UI strings for the VoteReady web app. Not sent to any model.
export const de = {
  "nav.home": "Startseite",
  "nav.ballot": "Mein Stimmzettel",
  "auth.signedInAs": "Du bist angemeldet als {{name}}.",
  "auth.notSignedIn": "Du bist nicht angemeldet.",
  "profile.party.label": "Welcher Partei stehst du nahe? (optional)",
  "profile.party.options": ["CDU/CSU", "SPD", "Grüne", "FDP", "AfD", "Die Linke", "BSW", "Keine Angabe"],
  "profile.religion.label": "Religionszugehörigkeit (optional, wird nicht gespeichert)",
  "chat.placeholder": "Frag etwas zur Briefwahl …",
  "chat.disclaimer": "Der Assistent ist parteipolitisch neutral und gibt keine Wahlempfehlungen.",
  "errors.rateLimited": "Du hast zu viele Fragen gestellt. Bitte warte eine Minute.",
  "errors.generic": "Etwas ist schiefgelaufen. Bitte versuch es später noch einmal.",
} as const;

export type DeKeys = keyof typeof de;
