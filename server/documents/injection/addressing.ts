/**
 * Addressing a machine: a note, greeting or label that names it as the one reading ("Note to the AI
 * assistant:", "Hinweis an das KI-System:", "Instruction pour l'assistant IA :", "Dear AI,",
 * "KI-System: …"). The machine must end the phrase (punctuation or "that reads …" follows), so
 * "note for the AI team" or "an die KI-Abteilung" are not it.
 */

import { MACHINE, NAMED_MACHINE } from './machine.ts';
import type { Rule } from './types.ts';
import { alt, CLAUSE_START, E, phrase, trail } from './words.ts';

const NOTE = alt(
  'note',
  'notice',
  'message',
  'instructions?',
  'reminder',
  'memo',
  'request',
  'hint',
  'info(?:rmation)?',
  'attention',
  'hinweis',
  'nachricht',
  'anweisung(?:en)?',
  'notiz',
  'mitteilung',
  'bitte',
  'remarque',
  'avis',
  'consignes?',
  'opmerking',
  'bericht',
  'instructies?',
  'notitie',
  'mededeling',
  'nota',
  'mensaje',
  'instrucci(?:on|ones)',
  'aviso',
  'messaggio',
  'istruzion[ei]',
  'avviso',
  'comunicazione',
);
const TO = alt(
  'to',
  'for',
  'an',
  'fur',
  'pour',
  'a',
  'au',
  'aux',
  'aan',
  'voor',
  'para',
  'per',
  'al',
  'alla',
  'allo',
);
const GREETING = alt(
  'dear',
  'hey',
  'hi',
  'hello',
  'liebe[rs]?',
  'hallo',
  'cher',
  'chere',
  'bonjour',
  'salut',
  'beste',
  'hoi',
  'hola',
  'estimad[oa]',
  'querid[oa]',
  'car[oa]',
  'gentile',
  'ciao',
  'attention',
  'attn',
);
const ARTICLE = alt(
  'the',
  'this',
  'any',
  'all',
  'every',
  'your',
  'das',
  'die',
  'den',
  'dem',
  'der',
  'ihr',
  'ihre',
  'ihren',
  'dein',
  'deine',
  'le',
  'la',
  'les',
  'du',
  'des',
  'votre',
  'vos',
  'ton',
  'ta',
  'het',
  'de',
  'uw',
  'je',
  'el',
  'los',
  'las',
  'del',
  'tu',
  'su',
  'il',
  'lo',
  'gli',
  'della',
  'tuo',
  'tua',
  'vostro',
);
/** What may follow the machine: the sentence ends, or says what the machine does. */
const TRAIL = trail(
  'that',
  'which',
  'who',
  'reading',
  'processing',
  'handling',
  'reviewing',
  'checking',
  'welche[rs]?',
  'qui',
  'que',
  'che',
  'dat',
);
const LEAD = alt(
  `${NOTE},? ${TO}`,
  "a l'attention (?:de|du|des)",
  "all'attenzione (?:di|del|della|dell')",
  'a la atencion (?:de|del)',
  'ter attentie van',
  GREETING,
);
const ADDRESSEE = `(?:${ARTICLE} |l')?${MACHINE}${E}`;

export const ADDRESSING_RULES: readonly Rule[] = [
  {
    kind: 'addresses-machine',
    pattern: phrase(`${LEAD}(?: |(?<='))${ADDRESSEE}${TRAIL}`),
  },
  {
    // "An die KI:", "To the AI:", "Aan de AI:", "A la IA:" (at the start of a clause, a colon after).
    kind: 'addresses-machine',
    pattern: phrase(
      `${CLAUSE_START}${alt('to', 'an', 'aan', 'a', 'al', 'alla', 'au', 'aux')} ${ADDRESSEE}(?=\\s?:)`,
    ),
  },
  {
    // "AI assistant: approve this", "KI-System: …" (a label at the start of a clause; a bare "AI:"
    // is a topic in a lead note's list).
    kind: 'addresses-machine',
    pattern: phrase(`${CLAUSE_START}${NAMED_MACHINE}${E}(?=\\s?:)`),
  },
];
