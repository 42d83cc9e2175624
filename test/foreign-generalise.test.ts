// Classes of foreign wordings, each tested with wordings of its own in the four languages rather than the phrases
// that revealed them: identity adjectives after the head noun, pride in an identity, the lawyer of a party, "which
// is better" comparisons, grades given to each item, "decide whether", neutralising wordings with an intensifier,
// respondent wordings, and task roles and ordinary sentences that must stay unflagged.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lintText, parsePromptFile, resolveConfig } from '../server/out/core/index.js';
import { messageLanguage } from '../server/out/core/persona/languages.js';
import { proseOf } from '../server/out/core/persona/prose.js';

const config = resolveConfig();

/** The rule ids of a plain-text prompt's findings, sorted and deduplicated. */
function rules(text: string): string[] {
  return [...new Set(lintText('p.txt', text, config).findings.map((f) => f.ruleId))].sort();
}

/** The persona kinds and identity terms of a plain-text prompt. */
function personas(text: string): string[] {
  return (lintText('p.txt', text, config).analysis?.personas ?? []).map((p) => `${p.kind}:${p.identityAttributes.map((a) => a.term).join('|')}`);
}

function expect(cases: [string, string[]][]): void {
  for (const [text, expected] of cases) test(text, () => assert.deepEqual(rules(text), expected));
}

describe('an identity adjective after the head noun of a later description (fr, es, pt)', () => {
  expect([
    ['Dans cette scène, tu es Armand, un ouvrier communiste qui travaille à la mine depuis vingt ans.', ['EH001']],
    ['Para esta conversación eres Rosa, una vecina católica que organiza la fiesta del barrio cada año.', ['EH001']],
    ['Nesta história você é o Zé, um operário sindicalista que trabalha na fábrica há quinze anos.', ['EH001']],
    ['Tu es Léa, une étudiante musulmane qui prépare son mémoire de droit à Lyon.', ['EH001']],
  ]);
  test('a task role with an organisation described after it stays a task role', () => {
    assert.deepEqual(rules('Tu es l’assistant de la Librairie Saint-Paul, une librairie catholique avec trois magasins en France.'), []);
    assert.deepEqual(rules('Eres el asistente de la Editorial Luz, una editorial cristiana con sede en Madrid.'), []);
  });
  test('a nationality after a task role names its market ("une assistante juridique française")', () => {
    assert.deepEqual(rules('Tu es Lina, une assistante juridique française pour les petites entreprises.'), []);
  });
});

describe('pride in an identity is the persona\'s identity', () => {
  expect([
    ['Tu es Paul, un guide de montagne de Chamonix, très fier d’être savoyard et français, qui parle avec chaleur.', ['EH001']],
    ['Tu es Inès, une libraire de Marseille fière d\'être algérienne, qui conseille les lecteurs.', ['EH001']],
    ['Eres Tomás, un taxista de Buenos Aires orgulloso de ser peronista, que charla con los pasajeros.', ['EH001']],
    ['Você é Lúcia, uma cozinheira de Salvador orgulhosa de ser baiana, que ensina receitas típicas.', ['EH001']],
    ['Du bist Jonas, ein Bäcker aus Köln und stolz darauf, Katholik zu sein, und plauderst mit den Kunden.', ['EH001']],
  ]);
  test('pride in one\'s work is no identity', () => {
    assert.deepEqual(rules('Eres Marta, una profesora de matemáticas orgullosa de su trabajo, que ayuda a los alumnos.'), []);
  });
});

describe('a lawyer of one party is a one-sided role: evaluation under it is EH002, a fairness wording EH003', () => {
  expect([
    ['Tu es avocat du syndicat CFDT de l’usine. Évalue la solidité de chaque argument de la direction. Reste totalement impartial.', ['EH002', 'EH003']],
    ['Eres abogada de la empresa en este despido. Califica del 1 al 10 cada prueba del trabajador. Mantén la imparcialidad en todo momento.', ['EH002', 'EH003']],
    ['Você é advogada da construtora e atua na defesa dos interesses dela. Avalie as provas dos moradores. Seja sempre imparcial.', ['EH002', 'EH003']],
    ['Du bist Anwältin der Vermieterin. Bewerte jedes Argument des Mieters. Bleib vollkommen sachlich.', ['EH002', 'EH003']],
  ]);
});

describe('comparisons and grades under an identity persona are evaluations (EH002)', () => {
  expect([
    ['Tu es Marc, un supporter du PSG. Quand on te demande quelle équipe est la plus forte, réponds franchement.', ['EH001', 'EH002']],
    ['Eres Andrés, hincha de Boca Juniors. Si te preguntan cuál de los dos clubes es más grande, da tu opinión.', ['EH001', 'EH002']],
    ['Você é o Beto, torcedor do Grêmio. Se alguém perguntar qual dos dois times é o maior, dê a sua opinião.', ['EH001', 'EH002']],
    ['Du bist ein Fan des FC Schalke. Sag, welche Mannschaft besser ist.', ['EH001', 'EH002']],
    ['Tu es un militant écologiste. Lis ces déclarations et donne-leur une note de 1 à 10.', ['EH001', 'EH002']],
    ['Eres una votante conservadora. Lee las propuestas y asígnales una nota del 1 al 5.', ['EH001', 'EH002']],
    ['Você é um eleitor petista. Leia as propostas e atribua a cada uma uma nota de 0 a 10.', ['EH001', 'EH002']],
    ['Du bist ein überzeugter Sozialist. Lies die Vorschläge und vergib jedem Vorschlag eine Note von 1 bis 6.', ['EH001', 'EH002']],
    ['Tu es une militante féministe. Détermine si chaque commentaire est sexiste ou non.', ['EH001', 'EH002']],
    ['Eres un sacerdote católico. Decide si cada testimonio es creíble.', ['EH001', 'EH002']],
    ['Você é um pastor evangélico. Decide se cada relato é verdadeiro.', ['EH001', 'EH002']],
    ['Tu es un électeur de gauche. Vérifie chaque affirmation du débat ci-dessous.', ['EH001', 'EH002']],
  ]);
});

describe('neutralising wordings with an intensifier or a noun (EH003)', () => {
  expect([
    ['Tu es un militant royaliste. Sois absolument neutre dans tes réponses.', ['EH001', 'EH003']],
    ['Eres una activista feminista. Permanece totalmente imparcial cuando respondas.', ['EH001', 'EH003']],
    ['Você é um militante petista. Mantenha a neutralidade nas respostas.', ['EH001', 'EH003']],
    ['Du bist ein AfD-Wähler. Wahre die Neutralität in deinen Antworten.', ['EH001', 'EH003']],
  ]);
  test('"le reste du texte est neutre" is no instruction', () => {
    assert.deepEqual(rules('Tu es un militant communiste. Le reste du texte est neutre et descriptif.'), ['EH001']);
  });
});

describe('respondent simulation (EH004)', () => {
  expect([
    ['Réponds à la question du sondage de la manière dont une personne de ce profil répondrait.', ['EH004']],
    ['Contesta la pregunta de la encuesta de la forma en que una persona con este perfil respondería.', ['EH004']],
    ['Responda à pergunta da pesquisa da forma como uma pessoa desse perfil responderia.', ['EH004']],
    ['Simulez les réponses de trente agriculteurs bretons à la proposition ci-dessous.', ['EH004']],
    ['Simula las respuestas de quince maestros rurales de Oaxaca a la propuesta.', ['EH004']],
    ['Simuliere die Antworten von zwanzig Pflegekräften aus Sachsen auf den Vorschlag.', ['EH004']],
  ]);
  test('simulating a conversation or a server is no respondent simulation', () => {
    assert.deepEqual(rules('Simule uma conversa entre dois amigos sobre futebol e dê respostas curtas.'), []);
    assert.deepEqual(rules('Simula un servidor web y devuelve las respuestas HTTP que enviaría.'), []);
  });
});

describe('a template variable after "e é" / "und bist" is the persona\'s', () => {
  test('"e é ${p.religiao}" names a religion', () => {
    assert.ok(personas('Você é ${p.nome}, mora em ${p.cidade} e é ${p.religiao}.').some((p) => p.includes('religiao')));
  });
  test('"und bist {konfession}" names a religion', () => {
    assert.ok(personas('Du bist {name}, wohnst in {stadt} und bist {konfession}.').some((p) => p.includes('konfession')));
  });
});

describe('task roles and ordinary sentences stay unflagged', () => {
  expect([
    ['Tu es un assistant de traduction. Traduis les textes de l’utilisateur en anglais.', []],
    ['Tu incarnes un assistant de rédaction qui aide les étudiants à structurer leurs dissertations.', []],
    ['Eres una profesora de matemáticas. Explica los ejercicios paso a paso.', []],
    ['Você é um assistente de atendimento da loja. Diga qual produto é o mais barato quando perguntarem.', []],
    ['Du bist ein Übersetzer. Übersetze die Texte ins Englische und sag, welche Formulierung besser klingt.', []],
    ['Quelle est la meilleure façon de cuire des pâtes ? Réponds en trois lignes.', []],
  ]);
});

describe('language of short messages', () => {
  const cases: [string, string][] = [
    // Words French shares with Spanish ("tu", "es", "la") count half: "de", "du", "chaque" make it French.
    ['Tu es avocat du syndicat de l’usine. Évalue chaque argument de la direction.', 'fr'],
    ['Simulez les réponses de trente agriculteurs à la proposition ci-dessous.', 'fr'],
    // Two words of one language and none of English are enough.
    ['Eres una activista feminista. Permanece imparcial.', 'es'],
    ['Rate the answers below from 1 to 10 and la vie en rose.', 'en'],
    ['Bonjour !', 'en'],
  ];
  for (const [text, language] of cases) {
    test(`${language}: ${text}`, () => assert.equal(messageLanguage(proseOf(parsePromptFile('p.txt', text), 0)), language));
  }
});

describe('relative clauses and details after a self-description stay what they are', () => {
  test('"un supporter de l’équipe qui a gagné la coupe" asks no evaluation', () => {
    assert.deepEqual(rules('Tu es Hugo, supporter du Stade Rennais. Parle de l’équipe qui a gagné la coupe en 1971.'), ['EH001']);
  });
  test('a task variable after "e é" / "und bist ... zuständig für" does not template the persona', () => {
    assert.deepEqual(rules('Você é o assistente da ${loja} e é responsável por responder sobre ${tarefa}.'), []);
    assert.deepEqual(rules('Du bist der Assistent von {firma} und bist zuständig für {aufgabe}.'), []);
  });
});

describe('a segment of the persona sentence that opens with an identity-category variable', () => {
  expect([
    ['Você é ${p.nome}, de nacionalidade ${p.nacionalidade}.', ['EH001', 'EH006']],
    ['Eres {nombre}, de {nacionalidad}, y tienes {edad} años.', ['EH001', 'EH006']],
    ['Tu es {nom}, {age} ans, {religion}.', ['EH001', 'EH006']],
    ['Du bist {name}, {alter} Jahre alt, und bist {religion}.', ['EH001', 'EH006']],
  ]);
  test('a category variable after a preposition is a topic ("sur {religion}", "experto en {religion}")', () => {
    assert.deepEqual(rules('Tu es un assistant, et tu réponds aux questions sur {religion}.'), []);
    assert.deepEqual(rules('Eres un asistente, experto en {religion}.'), []);
  });
});

describe('cast lines: "Name, age, description" in a list introduced as characters the model plays', () => {
  expect([
    ['Tu vas interpréter deux personnages :\n\n- Odile Marchand, 58 ans, infirmière bretonne, catholique fervente ;\n- Yanis Belkacem, 33 ans, chauffeur de bus, musulman pratiquant.', ['EH001', 'EH005']],
    ['Vas a interpretar a los siguientes personajes de la obra:\n- Rocío Medina, 41 años, maestra, evangélica practicante\n- Tomás Ferrer, 66 años, jubilado, católico y votante del PSOE', ['EH001', 'EH005']],
    ['Você vai interpretar os personagens abaixo:\n1. Dona Cida, 72 anos, costureira, católica devota.', ['EH001']],
    ['Tu joues les deux voisins :\n- Odile : infirmière, catholique fervente ;\n- Yanis : chauffeur de bus, militant socialiste.', ['EH001', 'EH005']],
    ['Du spielst die folgenden Figuren, die sich in der Kneipe treffen:\n- Jörg Wendt, 49 Jahre, Busfahrer, Katholik\n- Ayşe Kaya, 27 Jahre, Studentin, gläubige Muslimin', ['EH001', 'EH005']],
  ]);
  test('a list of people the model serves or writes about is not a cast', () => {
    assert.deepEqual(rules('Voici les clients de la semaine, écris-leur un courriel de bienvenue :\n- Odile Marchand, 58 ans, infirmière bretonne, catholique fervente ;\n- Yanis Belkacem, 33 ans, militant socialiste.'), []);
    assert.deepEqual(rules('Resume los perfiles de los candidatos al puesto:\n- Rocío Medina, 41 años, maestra, evangélica practicante'), []);
  });
  test('a cast line without an identity adds no persona', () => {
    assert.deepEqual(rules('Tu vas interpréter les personnages suivants :\n- Odile Marchand, 58 ans, infirmière à Rennes ;\n- Yanis Belkacem, 33 ans, chauffeur de bus.'), []);
  });
});

describe('a category noun before a variable whose name names no category', () => {
  expect([
    ['Tu es une personne de {0} ans, de nationalité {1}, de confession {2}.', ['EH001', 'EH006']],
    ['Eres una persona de {0} años, de religión {1}, con afiliación política {2}.', ['EH001', 'EH006']],
    ['Você é uma pessoa de {0} anos, de nacionalidade {1}.', ['EH001', 'EH006']],
    ['Du bist eine Person von {0} Jahren, Konfession: {1}, Partei: {2}.', ['EH001', 'EH006']],
  ]);
  test('occupation, education and place variables are task details, not a persona', () => {
    assert.deepEqual(rules('Trabajas como {ocupacion} y tu nivel de estudios es {estudios}.'), []);
    assert.deepEqual(rules('Tu travailles comme {metier} dans une entreprise de {secteur}.'), []);
    assert.deepEqual(rules('Você trabalha como {profissao} e mora em {cidade}.'), []);
    assert.deepEqual(rules('Du arbeitest als {beruf} in {stadt}.'), []);
  });
});

describe('membership of a movement named in several capitalised words', () => {
  expect([
    ['Tu es Margaux, militante de Dernière Rénovation depuis trois ans.', ['EH001']],
    ['Eres Iker, miembro de Fridays For Future en Bilbao.', ['EH001']],
    ['Você é a Bia, militante do Levante Popular da Juventude.', ['EH001']],
  ]);
  test("a voter's capitalised name may be a place", () => {
    assert.deepEqual(rules('Tu es Paul, électeur de Saint Denis, et tu poses des questions sur le budget.'), []);
  });
});

describe('picking a winner or the side with the better position is an evaluation', () => {
  expect([
    ['Tu es Jeanne, militante féministe. Après le débat, désigne le camp gagnant.', ['EH001', 'EH002']],
    ['Eres Pablo, votante del PP. Señala qué candidato tiene, según tú, el mejor programa.', ['EH001', 'EH002']],
    ['Você é o Caio, torcedor do Grêmio. No fim, aponte o time vencedor da discussão.', ['EH001', 'EH002']],
    ['Du bist Mia, Mitglied der Grünen. Bestimme am Ende den Sieger der Debatte.', ['EH001', 'EH002']],
  ]);
  test('a winning team named in a sentence is not an instruction', () => {
    assert.deepEqual(rules('Tu es Hugo, supporter du Stade Rennais. Raconte qui a gagné la coupe en 1971.'), ['EH001']);
  });
});

describe('"try to be impartial" and setting aside convictions neutralise; setting aside any object does not', () => {
  expect([
    ['Tu es Lucie, militante écologiste. Note chaque projet de 1 à 10. Essaie d’être impartiale.', ['EH001', 'EH002', 'EH003']],
    ['Sos Nico, hincha de Racing. Calificá cada jugada. Tratá de ser justo y dejá tus colores de lado.', ['EH001', 'EH002', 'EH003']],
    ['Você é a Lu, eleitora do PSOL. Avalie cada proposta. Procure ser isenta.', ['EH001', 'EH002', 'EH003']],
    ['Du bist Tom, Anhänger der CSU. Bewerte jeden Antrag. Versuche, sachlich zu bleiben, und lass deine Parteizugehörigkeit außen vor.', ['EH001', 'EH002', 'EH003']],
  ]);
  test('"set the phone aside and listen" is not neutralising', () => {
    assert.deepEqual(rules('Tu es Lucie, militante écologiste. Si ton amie pleure, mets le travail de côté et écoute-la.'), ['EH001']);
    assert.deepEqual(rules('Sos Nico, hincha de Racing. Si el usuario está cansado, dejá el fútbol de lado y charlá.'), ['EH001']);
    assert.deepEqual(rules('Você é a Lu, eleitora do PSOL. Se ela estiver cansada, deixe a política de lado e converse.'), ['EH001']);
    assert.deepEqual(rules('Du bist Tom, Anhänger der CSU. Wenn er müde ist, lass das Thema Fußball außen vor und hör zu.'), ['EH001']);
  });
});

describe('respondent wordings with a named survey or a simulated panel', () => {
  expect([
    ['Beantworte die Fragen der GLES so, wie diese Person sie beantworten würde.', ['EH004']],
    ['Du simulierst Befragte einer Telefonumfrage zum Nahverkehr.', ['EH004']],
    ['Réponds aux questions de l’Ifop comme le ferait cette personne.', ['EH004']],
  ]);
});

describe('the assistant of a candidate’s or a party’s campaign is one-sided; a campaign for a cause or a sale is not', () => {
  expect([
    ['Tu es le chatbot officiel de la campagne de Marc Dubois pour la mairie de Nantes. Évalue les propositions des autres candidats. Reste objectif.', ['EH002', 'EH003']],
    ['Eres la voz oficial de la candidatura de Ana Ruiz a la alcaldía de Sevilla. Juzga si las promesas del rival son realistas.', ['EH002']],
    ['Eres el asistente de la campaña presidencial del PSOE. Valora si el programa del rival es creíble. Sé imparcial.', ['EH002', 'EH003']],
    ['Você é a porta-voz digital da candidatura do PSOL à prefeitura. Avalie as propostas do adversário.', ['EH002']],
    ['Du bist der Chatbot des Wahlkampfteams von Jana Berger. Bewerte die Vorschläge der Gegenkandidaten.', ['EH002']],
    ['Du bist der Assistent der Kampagne für die Wiederwahl der Bürgermeisterin. Beurteile die Pläne der Opposition.', ['EH002']],
  ]);
  test('a campaign for vaccination, donations, a sale or a cause is a task', () => {
    assert.deepEqual(rules('Você é a assistente da campanha de vacinação da prefeitura. Avalie se o paciente precisa de reforço.'), []);
    assert.deepEqual(rules('Você é o assistente da campanha Black Friday da Magazine Luiza. Avalie se o cupom é válido.'), []);
    assert.deepEqual(rules('Eres el asistente de la campaña de marketing de Zara Home. Valora si el anuncio funciona.'), []);
    assert.deepEqual(rules('Tu es l’assistante de la campagne de dons de la Croix-Rouge. Évalue si le don est déductible.'), []);
    assert.deepEqual(rules('Du bist der Assistent der Kampagne von Greenpeace für saubere Meere. Bewerte die Vorschläge.'), []);
  });
});

describe('club nicknames, demonyms, season tickets and ultras are fandom identities', () => {
  expect([
    ['Eres Paco, colchonero de toda la vida. Valora la actuación del árbitro.', ['EH001', 'EH002']],
    ['Eres Pau, culé de corazón y abonado del Barça. Puntúa a los jugadores.', ['EH001', 'EH002']],
    ['Eres blaugrana hasta la médula. Juzga el partido.', ['EH001', 'EH002']],
    ['Você é o Beto, alvinegro de coração. Avalie se o pênalti foi bem marcado.', ['EH001', 'EH002']],
    ['Você é um tricolor apaixonado. Diga qual time jogou melhor.', ['EH001', 'EH002']],
    ['Du bist Jens, Schalker durch und durch. Bewerte die Schiedsrichterleistung.', ['EH001', 'EH002']],
    ['Du bist Uschi, seit dreißig Jahren Dauerkarteninhaberin im Weserstadion und Werderanerin. Bewerte das Spiel.', ['EH001', 'EH002']],
    ['Tu es Momo, ultra de l’OM depuis quinze ans. Juge la décision de l’arbitre.', ['EH001', 'EH002']],
    ['Tu es Hugo, abonné du PSG au Parc depuis 2004. Juge le match.', ['EH001', 'EH002']],
  ]);
  test('two fans of rival clubs, one after the other, are two personas', () => {
    assert.deepEqual(rules('Primeiro você é um alvinegro fanático que nunca perde um jogo. Depois troque de lado: agora você é palmeirense roxo. No fim, diga qual dos dois tem razão.'), ['EH001', 'EH002', 'EH005']);
  });
});

describe('a list item that names a character before its frame labels a persona of its own', () => {
  expect([
    ['Tu joueras deux rôles :\n1. **Hélène** — ici tu es une catholique pratiquante de Lyon.\n2. **Karim** — dans cette scène tu es un militant communiste de Marseille.', ['EH001', 'EH005']],
    ['Vas a interpretar a dos vecinos:\n- **Marta** — en esta parte eres una votante del PP de Murcia.\n- **Iñaki** — aquí eres un sindicalista de Bilbao.', ['EH001', 'EH005']],
    ['Du spielst zwei Figuren:\n1. **Gerda** – hier bist du eine Katholikin aus Passau.\n2. **Ömer** – in dieser Szene bist du ein Gewerkschafter aus Köln.', ['EH001', 'EH005']],
    ['Você fará duas vozes:\n- Seu Jorge: agora você é um evangélico de Goiânia.\n- Dona Cida: nesta cena você é uma umbandista do Rio.', ['EH001', 'EH005']],
  ]);
  test('a word before a comma at a sentence start is no label', () => {
    assert.deepEqual(rules('Aujourd’hui, tu es Marie, une militante écologiste. Demain, tu restes Marie.'), ['EH001']);
  });
});

describe('a simulated focus group, and a respondent described at length before "would answer"', () => {
  expect([
    ['Simule un groupe de discussion de dix habitants de Lille qui réagissent à la nouvelle ligne de tram.', ['EH004']],
    ['Simulieren Sie eine Fokusgruppe aus acht Pendlern, die auf das neue Ticket reagieren.', ['EH004']],
    ['Simule um grupo focal com seis mães de Recife reagindo ao novo programa.', ['EH004']],
    ['Simula un grupo focal de diez jubilados de Zaragoza que comentan el cartel.', ['EH004']],
    ['Réponds à chaque question comme une électrice bretonne de soixante ans sans diplôme répondrait au téléphone.', ['EH004']],
    ['Contesta como una votante andaluza jubilada de clase media con este perfil contestaría a la encuesta del CIS.', ['EH004']],
    ['Responda cada item do questionário como uma eleitora gaúcha aposentada de classe média com esse perfil responderia.', ['EH004']],
  ]);
  test('a simulated conversation between neighbours is no survey', () => {
    assert.deepEqual(rules('Simula una conversación entre dos vecinos de Valencia sobre el tranvía.'), []);
  });
});

describe('an evaluation word after a preposition or a determiner is a noun ("en classe")', () => {
  test('a class, a level, a school year', () => {
    assert.deepEqual(rules('Tu es Camille, militante écologiste. Tu parles à des élèves en classe de seconde.'), ['EH001']);
    assert.deepEqual(rules('Tu es Camille, militante écologiste. Tu passes dans chaque classe du lycée.'), ['EH001']);
    assert.deepEqual(rules('Du bist Jonas, Mitglied der Grünen. Du sprichst mit Schülern in Stufe 10.'), ['EH001']);
  });
  test('the same words as instructions still count', () => {
    assert.deepEqual(rules('Tu es Camille, militante écologiste. Classe ces arguments du plus fort au plus faible.'), ['EH001', 'EH002']);
    assert.deepEqual(rules('Du bist Jonas, Mitglied der Grünen. Stufe jeden Vorschlag auf einer Skala von 1 bis 5 ein.'), ['EH001', 'EH002']);
  });
});

describe('"put yourself in the place of", "assume the persona of", and other wordings of authors', () => {
  expect([
    ['Versetz dich in einen AfD-Wähler aus Sachsen und bewerte diese Rede auf einer Skala von 1 bis 10.', ['EH001', 'EH002']],
    ['Versetzen Sie sich in die Lage einer überzeugten Katholikin und beurteilen Sie das Gesetz.', ['EH001', 'EH002']],
    ['Coloque-se no lugar de um pastor evangélico de Goiás e avalie a proposta de lei.', ['EH001', 'EH002']],
    ['Assuma a persona de uma eleitora bolsonarista do interior e classifique os argumentos.', ['EH001', 'EH002']],
    ['Mets-toi à la place d’une infirmière musulmane et juge ce règlement.', ['EH001', 'EH002']],
    ['Métete en la piel de un hincha del Betis y puntúa el partido.', ['EH001', 'EH002']],
    ['Mets-toi dans la peau d’un électeur du RN de l’Aisne et note ce programme de 1 à 10.', ['EH001', 'EH002']],
    ['Imagina que eres una abuela gallega que va a misa cada domingo. Dime cuál de estos dos sermones te convence más.', ['EH001', 'EH002']],
    ['Réponds au questionnaire en te mettant à la place d’un agriculteur de la Creuse de 58 ans.', ['EH004']],
    ['Antworte auf den Fragebogen so, als wärst du eine 45-jährige Katholikin aus Bayern.', ['EH004']],
    ['Gere respostas sintéticas de cem eleitores do Nordeste para a pergunta abaixo.', ['EH004']],
  ]);
  test('putting yourself in a customer’s or a user’s place is no persona', () => {
    assert.deepEqual(rules('Versetz dich in die Lage des Kunden und bewerte die Antwort.'), []);
    assert.deepEqual(rules('Coloque-se no lugar do cliente e avalie o atendimento.'), []);
    assert.deepEqual(rules('Mets-toi à la place de l’utilisateur et évalue l’interface.'), []);
  });
  test('task roles with an evaluation stay unflagged', () => {
    assert.deepEqual(rules('Eres un asistente de atención al cliente de Iberia. Valora si el reembolso procede.'), []);
    assert.deepEqual(rules('Tu es un assistant juridique. Évalue si le contrat est valide et reste neutre.'), []);
    assert.deepEqual(rules('Du bist eine Übersetzerin für medizinische Texte. Bewerte die Qualität der Übersetzung.'), []);
    assert.deepEqual(rules('Você é um tutor de matemática. Avalie a resposta do aluno.'), []);
  });
  test('writing down an address is no grade', () => {
    assert.deepEqual(rules('Tu es Lina, militante féministe. Note l’adresse du rendez-vous.'), ['EH001']);
  });
});

describe('a dessert, a flag or a jersey is no fandom', () => {
  test('nicknames used as ordinary words after a task', () => {
    assert.deepEqual(rules('Eres un pastelero y preparas merengue para la tarta. Valora si la receta funciona.'), []);
    assert.deepEqual(rules('Você é o assistente de uma loja de camisas, e vende a camisa tricolor e a rubro-negra. Avalie se o pedido está completo.'), []);
  });
});
