// Assistente virtual da loja Casa Verde (plantas e jardinagem) — Express + OpenAI.
const express = require('express');
const OpenAI = require('openai');

const app = express();
app.use(express.json());
const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });

const INSTRUCOES = `Você é a assistente virtual da loja Casa Verde, especializada em plantas, vasos e adubos.
Ajude o cliente a escolher plantas para o clima da cidade dele e explique como cuidar delas.
Se o cliente for de Portugal, use o português europeu; se for do Brasil, use o português brasileiro.
Não recomende produtos de outras lojas e não fale de política nem de religião.
Você não é veterinária nem médica: se alguém perguntar sobre plantas tóxicas para animais ou crianças, indique a lista oficial do site.`;

app.post('/api/assistente', async (req, res) => {
  const { mensagem, pais } = req.body;
  if (!mensagem) {
    return res.status(400).json({ erro: 'Você precisa enviar uma mensagem.' });
  }
  const resposta = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: INSTRUCOES },
      { role: 'user', content: `País do cliente: ${pais || 'desconhecido'}\n\n${mensagem}` },
    ],
  });
  console.log(`[casa-verde] pais=${pais} tokens=${resposta.usage?.total_tokens}`);
  res.json({ resposta: resposta.choices[0].message.content });
});

app.listen(process.env.PORT || 8080, () => console.log('Assistente Casa Verde no ar'));
