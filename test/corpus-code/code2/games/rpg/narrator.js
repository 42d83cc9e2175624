// narrator.js — Dungeon narrator service for "Emberfall" (Express + OpenAI).
// Players create characters with a race and a faith; those are player data only.
import express from 'express';
import OpenAI from 'openai';

const app = express();
app.use(express.json());
const openai = new OpenAI();

const RACES = ['Human', 'Elf', 'Dwarf', 'Orc', 'Halfling'];
const FAITHS = ['Order of the Dawn', 'Old Gods', 'Cult of the Tide', 'Unbeliever'];

const NARRATOR_PROMPT = `You are the narrator of Emberfall, a dark-fantasy tabletop RPG.
Describe scenes in the second person, present tense, in at most 120 words.
The player's character is a {race} who follows the {faith}; let NPCs react to that in the world, but never lecture the player.
End each turn with a short question: "What do you do?"`;

function buildNarratorPrompt(character) {
  return NARRATOR_PROMPT.replace('{race}', character.race).replace('{faith}', character.faith);
}

app.post('/turn', async (req, res) => {
  const { character, action, history = [] } = req.body;
  if (!RACES.includes(character?.race) || !FAITHS.includes(character?.faith)) {
    return res.status(422).json({ error: 'You are using an unknown race or faith.' });
  }
  console.log(`[emberfall] player=${character.name} race=${character.race} faith=${character.faith} action="${action}"`);
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: buildNarratorPrompt(character) },
      ...history,
      { role: 'user', content: action },
    ],
  });
  res.json({ narration: completion.choices[0].message.content });
});

app.listen(3001, () => console.log('Narrator listening on :3001'));
