// Prompts in French, Spanish, German and Portuguese: the language is told per message, and the persona frames,
// identity words and instruction wordings of that language give the same findings as their English twins. Task
// roles, identities named as a topic, the user's identity and negated or conditional frames give none.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyEdits, findPersonas, lintText, parseConfigText, parsePromptFile, resolveConfig } from '../server/out/core/index.js';
import { messageLanguage } from '../server/out/core/persona/languages.js';
import { proseOf } from '../server/out/core/persona/prose.js';

const config = resolveConfig();

/** Each finding of a plain-text prompt as its rule and the words it underlines. */
function findings(text: string): [string, string][] {
  return lintText('p.txt', text, config).findings.map((f) => [f.ruleId, text.slice(f.span.start, f.span.end)]);
}

/** The identity words of the identity personas of a plain-text prompt. */
function identityTerms(text: string): string[] {
  return findPersonas(parsePromptFile('p.txt', text), config)
    .filter((p) => p.kind === 'identity')
    .flatMap((p) => p.identityAttributes.map((a) => a.term));
}

describe('language of a message', () => {
  const cases: [string, string][] = [
    ['Tu es un assistant de programmation. Aide les développeurs à écrire du code propre.', 'fr'],
    ['Eres un asistente útil. Responde a las preguntas del usuario con claridad.', 'es'],
    ['Du bist ein hilfsbereiter Assistent und beantwortest die Fragen der Nutzer.', 'de'],
    ['Você é um assistente de código. Ajude o usuário a corrigir os erros do programa.', 'pt'],
    ['You are a helpful assistant. Answer the question in the style of "la vie en rose".', 'en'],
    // Words Portuguese shares with English ("a", "as", "do") count half once it has words of its own.
    ['Você é a porta-voz da candidatura do PSOL. Avalie as propostas do adversário.', 'pt'],
    ['Do a review as a critic.', 'en'],
    // Too few words of any language to tell: English, the default.
    ['Bonjour !', 'en'],
    ['Review the text below and rate it from 1 to 10.', 'en'],
  ];
  for (const [text, language] of cases) {
    test(`${language}: ${text}`, () => {
      const doc = parsePromptFile('p.txt', text);
      assert.equal(messageLanguage(proseOf(doc, 0)), language);
    });
  }
});

describe('identity persona, evaluation and neutralising instruction, per language', () => {
  // [prompt, identity words, evaluation words, neutralising words]
  const cases: [string, string[], string, string][] = [
    [
      'Tu es un électeur conservateur et catholique pratiquant. Évalue l’argument suivant de 1 à 10. Reste neutre.',
      ['conservateur', 'catholique', 'pratiquant'],
      'Évalue',
      'Reste neutre',
    ],
    ['Vous êtes une militante musulmane. Jugez la crédibilité de cet article. Soyez objective.', ['musulmane'], 'Jugez', 'Soyez objective'],
    ['Joue le rôle d’un homme de gauche. Classe ces propositions. Sans parti pris, bien sûr.', ['homme', 'de gauche'], 'Classe', 'Sans parti pris'],
    ['Eres una votante conservadora y evangélica. Evalúa el siguiente argumento del 1 al 10. Mantente neutral.', ['conservadora', 'evangélica'], 'Evalúa', 'Mantente neutral'],
    ['Actúa como un sacerdote católico. Decide cuál de los dos ensayos es mejor. Sé objetivo.', ['sacerdote', 'católico'], 'Decide cuál', 'Sé objetivo'],
    ['Du bist ein konservativer Wähler und überzeugter Katholik. Bewerte das folgende Argument. Bleib neutral.', ['konservativer', 'Katholik'], 'Bewerte', 'Bleib neutral'],
    ['Sie sind Mitglied der SPD. Beurteilen Sie den Antrag. Seien Sie objektiv.', ['Mitglied der SPD'], 'Beurteilen', 'Seien Sie objektiv'],
    ['Você é uma eleitora conservadora e evangélica. Avalie o argumento a seguir de 1 a 10. Mantenha-se neutra.', ['conservadora', 'evangélica'], 'Avalie', 'Mantenha-se neutra'],
    ['Aja como um muçulmano praticante. Julgue qual resposta é mais convincente. Seja imparcial.', ['muçulmano', 'praticante'], 'Julgue', 'Seja imparcial'],
  ];
  for (const [text, terms, evaluation, neutralising] of cases) {
    test(text, () => {
      assert.deepEqual(identityTerms(text), terms);
      const found = findings(text);
      assert.ok(found.some(([rule, words]) => rule === 'EH001' && terms.every((t) => words.includes(t))), `EH001 in ${JSON.stringify(found)}`);
      assert.ok(found.some(([rule, words]) => rule === 'EH002' && words === evaluation), `EH002 in ${JSON.stringify(found)}`);
      assert.ok(found.some(([rule, words]) => rule === 'EH003' && words === neutralising), `EH003 in ${JSON.stringify(found)}`);
    });
  }
});

describe('evaluation as a statement of what the persona does, and evaluation words as nouns', () => {
  test('"Tu évalues" and "bewertest" are evaluations', () => {
    assert.ok(findings('Tu es une électrice socialiste. Tu évalues les programmes des candidats.').some(([r, w]) => r === 'EH002' && w === 'évalues'));
    assert.ok(findings('Du bist ein überzeugter Bayern-Fan und bewertest das Spiel der Woche.').some(([r, w]) => r === 'EH002' && w === 'bewertest'));
  });
  test('after an article the word is a noun ("les notes des juges")', () => {
    assert.deepEqual(findings('Tu es une électrice socialiste. Lis les notes des juges.').map(([r]) => r), ['EH001']);
  });
});

describe('identity words after and before the head noun', () => {
  const cases: [string, string[]][] = [
    ['Tu es un électeur républicain de longue date. Réponds aux questions du sondage.', ['républicain']],
    ['Eres un votante progresista de Madrid. Responde a la encuesta.', ['progresista']],
    ['Du bist eine evangelikale Pastorin aus Texas. Antworte auf die Fragen.', ['evangelikale', 'Pastorin']],
    ['Você é um eleitor progressista de São Paulo. Responda à pesquisa.', ['progressista']],
    ['En tant que juive pratiquante, réponds à la question suivante.', ['juive', 'pratiquante']],
    ['Du bist eine gläubige Muslima aus Köln. Beantworte die Fragen der Umfrage.', ['gläubige', 'Muslima']],
    // "tu n'es pas" never matches "tu es", so a negation earlier in the sentence does not cancel it.
    ["N'oublie pas que tu es une électrice écologiste. Réponds au sondage.", ['écologiste']],
  ];
  for (const [text, terms] of cases) test(text, () => assert.deepEqual(identityTerms(text), terms));
});

describe('no identity persona: task roles, topics, the user, negations and conditions', () => {
  const cases = [
    'Tu es un assistant de programmation. Évalue la qualité du code et reste neutre.',
    'Eres un asistente útil. Evalúa la respuesta del usuario y sé objetivo.',
    'Du bist ein hilfsbereiter Assistent. Bewerte den Code und bleib neutral.',
    'Você é um assistente de código. Avalie o código e seja objetivo.',
    // Identities as the topic of a task role.
    'Tu es un historien spécialisé dans le catholicisme et les protestants. Évalue les sources.',
    'Tu es un expert en politique française. Évalue les arguments.',
    // A nationality beside a task role, as "a French legal assistant" in English.
    "Tu es un assistant juridique français. Aide l'utilisateur à rédiger ses contrats et évalue-les.",
    'Eres un chatbot para la comunidad musulmana de Madrid. Evalúa las preguntas sobre horarios.',
    'Eres un asistente que ayuda a votantes conservadores a registrarse. Evalúa sus formularios.',
    'Du bist ein Assistent für muslimische Gemeinden. Bewerte die Anträge.',
    'Você é um assistente para eleitores evangélicos. Avalie as perguntas.',
    // The user's identity, not the model's.
    "L'utilisateur est un électeur conservateur. Évalue sa demande.",
    'El usuario es católico practicante. Evalúa su pregunta.',
    // Negated and conditional frames.
    'Du bist kein konservativer Politiker. Bewerte das Argument.',
    'No eres un votante conservador. Evalúa el argumento.',
    'Si tu es catholique, dis-le. Sinon, évalue le texte.',
    // A question asks who someone is; it assigns nothing.
    'Pregunta al usuario: ¿eres católico? Luego evalúa su respuesta con la escala del 1 al 5.',
    'Você é evangélico? Pergunte isso ao usuário e avalie a resposta dele.',
  ];
  for (const text of cases) {
    test(text, () => {
      assert.deepEqual(identityTerms(text), []);
      assert.deepEqual(findings(text).filter(([rule]) => ['EH001', 'EH002', 'EH003'].includes(rule)), []);
    });
  }
});

test('"Rewrite as a task role" drops the identity words of a French persona', () => {
  const text = 'Tu es un électeur conservateur. Évalue cet argument.';
  const finding = lintText('p.txt', text, config).findings.find((f) => f.ruleId === 'EH001');
  assert.ok(finding);
  const fixed = applyEdits(text, finding.fixes.find((f) => f.kind === 'rewrite')!.edits);
  assert.ok(!fixed.includes('conservateur'), fixed);
  assert.ok(!lintText('p.txt', fixed, config).findings.some((f) => f.ruleId === 'EH001'), fixed);
});

describe('template variables in a persona frame', () => {
  const cases: [string, string[]][] = [
    ["Tu es {persona}. Évalue l'argument suivant et donne une note de 1 à 10.", ['EH006']],
    ['Você é {{ persona }}. Avalie o texto.', ['EH006']],
    // A variable named for an identity category makes the persona an identity one, as in English.
    ['Eres un votante {party} de {city}. Evalúa el argumento.', ['EH001', 'EH002', 'EH006']],
    // A detail after an "of" word is no persona.
    ['Du bist der Assistent von {company}. Bewerte den Text.', []],
  ];
  for (const [text, rules] of cases) {
    test(text, () => assert.deepEqual([...new Set(findings(text).map(([rule]) => rule))].sort(), rules));
  }
});

test('each message has its own language: an English system message and a French user message', () => {
  const file = [
    'messages:',
    '  - role: system',
    '    content: You are a helpful assistant. Answer every question with care.',
    '  - role: user',
    '    content: Tu es une électrice conservatrice. Évalue cet argument. Reste neutre.',
    '',
  ].join('\n');
  const result = lintText('p.prompt.yml', file, config);
  const found = result.findings.map((f) => [f.ruleId, file.slice(f.span.start, f.span.end)]);
  // As for "You are a conservative voter" after "You are a helpful assistant": EH005 reports the second persona.
  assert.deepEqual(found, [
    ['EH001', 'Tu es une électrice conservatrice'],
    ['EH005', 'Tu es une électrice conservatrice'],
    ['EH002', 'Évalue'],
    ['EH003', 'Reste neutre'],
  ]);
});

test('configured identity terms and task roles apply in every language', () => {
  const { config: layer, problems } = parseConfigText(JSON.stringify({ lexicon: { identity: { religion: ['zorbalane'] } }, taskRoles: ['pilote'] }));
  assert.deepEqual(problems, []);
  const configured = resolveConfig(layer);
  const kinds = (text: string) => findPersonas(parsePromptFile('p.txt', text), configured).map((p) => [p.kind, p.identityAttributes.map((a) => a.term)]);
  assert.deepEqual(kinds('Tu es une fidèle zorbalane. Évalue ce texte et donne une note.'), [['identity', ['zorbalane']]]);
  assert.deepEqual(kinds("Tu es un pilote d'essai. Évalue ce texte et donne une note."), [['task', []]]);
  // Without the configuration the same words are nothing.
  assert.deepEqual(identityTerms('Tu es une fidèle zorbalane. Évalue ce texte et donne une note.'), []);
});

describe('identities past the first phrase: fan and party heads, compounds, ages, later descriptions, self-descriptions', () => {
  // [prompt, identity words]
  const found: [string, string[]][] = [
    ['Sos el Pibe, un hincha fanático de Boca Juniors que no se pierde un partido.', ['hincha fanático de Boca Juniors']],
    ['Você é um torcedor apaixonado do Flamengo e fala com os usuários do app.', ['torcedor apaixonado do Flamengo']],
    ['Eres Paco, tertuliano de una radio madrileña y votante del PP de toda la vida.', ['votante del PP']],
    ['Tu es Claire, juriste bénévole dans une association et militante féministe engagée.', ['féministe']],
    ['Du bist Jürgen, seit über dreißig Jahren überzeugtes SPD-Mitglied und Vorsitzender eines Ortsvereins.', ['SPD-Mitglied']],
    ['Você é o professor Zé Carlos, professor de história numa escola estadual e militante do PT desde sempre.', ['militante do PT']],
    ['Eres una persona de {edad} años que se define ideológicamente como {ideologia}.', ['{ideologia}']],
    ['Du bist {name}, {alter} Jahre alt, und seit Jahrzehnten überzeugtes Mitglied der {partei}.', ['Mitglied der {partei}']],
    // A frame after a fronted phrase (German puts the verb second), and the persona after "nicht mehr X, sondern".
    ['Im ersten Teil des Gesprächs bist du Jonas, ein stolzer Österreicher aus Wien.', ['Österreicher']],
    ['Ab jetzt bist du nicht mehr Jonas, sondern Frau Demir, eine türkischstämmige Rentnerin aus Köln.', ['türkischstämmige', 'Rentnerin']],
    // A category variable inside the self-description's gap.
    ['Du bist {{alter}} Jahre alt und hast bei der letzten Bundestagswahl {{partei}} gewählt.', ['{{partei}}']],
  ];
  for (const [text, terms] of found) {
    test(`found: ${text}`, () => {
      const personas = findPersonas(parsePromptFile('p.txt', text), config).filter((p) => p.kind === 'identity' || p.kind === 'templated');
      assert.equal(personas.length, 1, JSON.stringify(personas.map((p) => p.kind)));
      assert.deepEqual(personas[0].identityAttributes.map((a) => a.term), terms);
    });
  }
  const none: string[] = [
    // A capitalised name after a voter's "de" is as often a place.
    'Eres un asistente para votantes de Madrid y respondes dudas sobre el censo.',
    // A plural article makes the description other people's; an article's next word is its head.
    'Tu es un assistant pour une paroisse, et les fidèles catholiques te posent des questions.',
    'Você é o assistente virtual da Livraria Boa Nova, uma livraria cristã com lojas em três cidades.',
    'Du bist ein Assistent für SPD-Mitglieder und beantwortest Fragen zur Mitgliedschaft.',
    // Speaking in a dialect is a style, not an identity.
    'Eres un asistente de atención al cliente. Habla como un porteño, con calidez.',
  ];
  for (const text of none) {
    test(`none: ${text}`, () => {
      const identities = findPersonas(parsePromptFile('p.txt', text), config).filter((p) => p.kind === 'identity');
      assert.deepEqual(identities.map((p) => p.identityAttributes.map((a) => a.term)), []);
    });
  }
});

describe('one-sided roles, respondents and neutralising wordings with gaps, per language', () => {
  test('a campaign strategist in Spanish is a one-sided role: evaluation under it is EH002 and fairness is EH003', () => {
    const text = 'Trabajas como estratega de campaña de Lucía Ferrer. Evalúa cuál de los dos mensajes es más convincente. Sé imparcial y objetivo.';
    const rules = findings(text).map(([rule]) => rule);
    assert.ok(rules.includes('EH002') && rules.includes('EH003'), rules.join(' '));
    assert.ok(!rules.includes('EH001'), 'a role, not an identity');
  });
  test('a clause that puts the persona on one side makes it a one-sided role ("que representa a la parte demandante")', () => {
    const text = 'Eres abogado del equipo que representa a la parte demandante. Evalúa la solidez de los argumentos de cada parte.';
    assert.deepEqual(findings(text).map(([rule]) => rule), ['EH002']);
  });
  test('a support agent that represents the company is a task role: its evaluation under policy is no EH002', () => {
    const text = 'Eres el asistente de atención al cliente de Telefónica, que representa a la empresa ante los clientes. Evalúa si la reclamación cumple la política.';
    assert.deepEqual(findings(text), []);
  });
  test('a heading line names the template, it asks nothing ("# Plantilla para generar respuestas sintéticas a la encuesta")', () => {
    const text = '# Plantilla para generar respuestas sintéticas a la encuesta de opinión\nEres un asistente de análisis de datos.';
    assert.deepEqual(findings(text), []);
  });
  const respondents: [string, boolean][] = [
    ['Réponds à chaque question comme le ferait un répondant réel ayant ce profil.', true],
    ['Vas a responder al cuestionario como lo haría un encuestado real con este perfil.', true],
    ['Responda às perguntas do questionário como esse eleitor responderia em uma pesquisa real.', true],
    ['Beantworte jede Frage der Umfrage so, wie ein typischer Befragter antworten würde.', true],
    ['Beantworte die Frage so, wie eine typische Wählerin mit diesem Profil sie im Politbarometer beantworten würde.', true],
    ['Génère les réponses de 20 répondants synthétiques au questionnaire ci-dessous, en reproduisant la diversité de leurs opinions.', true],
    // "as a magistrate would" names no respondent or survey.
    ['Reste impartiale et objective dans cette évaluation, comme le ferait une magistrate.', false],
  ];
  for (const [text, expected] of respondents) {
    test(`${expected ? 'EH004' : 'no EH004'}: ${text}`, () => {
      assert.equal(findings(text).some(([rule]) => rule === 'EH004'), expected);
    });
  }
  test('a neutralising wording with words between its parts ("Bleib dabei sachlich", "Lass ... außen vor")', () => {
    const text = 'Du bist überzeugtes SPD-Mitglied. Bewerte jeden Entwurf. Bleib dabei sachlich. Lass deine Parteizugehörigkeit außen vor.';
    const debiasing = findings(text).filter(([rule]) => rule === 'EH003').map(([, words]) => words);
    assert.deepEqual(debiasing, ['Bleib dabei sachlich', 'Lass deine Parteizugehörigkeit außen vor']);
  });
  test('a JavaScript template expression is one variable and ends no sentence: the persona it fills is templated', () => {
    const text = 'Você é ${p.genero === "F" ? "uma eleitora" : "um eleitor"} de ${p.idade} anos, ${p.religiao}, que votou em ${p.voto}.';
    const rules = findings(text).map(([rule]) => rule);
    assert.ok(rules.includes('EH006') && rules.includes('EH001'), rules.join(' '));
  });
});
