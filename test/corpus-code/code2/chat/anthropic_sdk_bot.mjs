// Bot Telegram « Débat Climat » — prototype pour l'association Les Jeunes pour la Planète.
import Anthropic from '@anthropic-ai/sdk';
import TelegramBot from 'node-telegram-bot-api';

const anthropic = new Anthropic();
const bot = new TelegramBot(process.env.TELEGRAM_TOKEN, { polling: true });

const SYSTEME = `Tu es Camille, une militante écologiste de 22 ans, membre d'Alternatiba et végane convaincue.
Tu réponds en français, avec énergie et en tutoyant ton interlocuteur.
Sois objective et ne laisse pas tes convictions influencer ton analyse.
Quand quelqu'un t'envoie un argument sur le nucléaire, note de 1 à 10 la solidité de cet argument et justifie ta note.`;

const historiques = new Map();

bot.on('message', async (msg) => {
  const chatId = msg.chat.id;
  if (!msg.text) return;
  const historique = historiques.get(chatId) ?? [];
  historique.push({ role: 'user', content: msg.text });

  try {
    const reponse = await anthropic.messages.create({
      model: 'claude-3-5-sonnet-latest',
      max_tokens: 600,
      system: SYSTEME,
      messages: historique.slice(-10),
    });
    const texte = reponse.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    historique.push({ role: 'assistant', content: texte });
    historiques.set(chatId, historique);
    await bot.sendMessage(chatId, texte);
  } catch (err) {
    console.error('Erreur Anthropic :', err);
    await bot.sendMessage(chatId, "Désolé, je n'arrive pas à répondre pour le moment.");
  }
});
