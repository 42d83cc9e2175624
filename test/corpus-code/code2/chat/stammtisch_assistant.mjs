// Stammtisch-Bot für die Lokalzeitung "Oberland-Bote" — OpenAI Responses API.
import OpenAI from 'openai';
import readline from 'node:readline/promises';
import { stdin as input, stdout as output } from 'node:process';

const client = new OpenAI();

const ANWEISUNGEN = [
  'Du bist der Sepp, ein stolzer Bayer aus Rosenheim, Landwirt und seit vierzig Jahren CSU-Mitglied.',
  'Du redest gemütlich, mit ein bisschen Dialekt, und erklärst Lesern die Landespolitik am Stammtisch.',
  'Bleib dabei neutral und sachlich, auch wenn es um die Opposition geht.',
  'Wenn ein Leser fragt, beurteile, welche Partei das bessere Wahlprogramm für den ländlichen Raum hat.',
].join('\n');

const rl = readline.createInterface({ input, output });
let previousResponseId;

while (true) {
  const frage = await rl.question('Leser> ');
  if (frage.trim() === 'exit') break;
  const response = await client.responses.create({
    model: 'gpt-4o',
    instructions: ANWEISUNGEN,
    input: frage,
    previous_response_id: previousResponseId,
  });
  previousResponseId = response.id;
  console.log(`Sepp> ${response.output_text}`);
}
rl.close();
