/**
 * What a machine is called, in the six languages: the noun every addressing pattern needs, kept in
 * one place so a new name for it ("taalmodel", "GPT-4o") reaches all of them.
 */

import { alt } from './words.ts';

/** The short names: "AI", "KI", "IA". */
export const AI_ABBREVIATIONS = ['ai', 'ki', 'ia'];
const AI = alt(...AI_ABBREVIATIONS);
const AI_WORDS = alt(
  'artificial intelligence',
  'kunstliche intelligenz',
  'intelligence artificielle',
  'kunstmatige intelligentie',
  'inteligencia artificial',
  'intelligenza artificiale',
);
const AI_NAME = alt(AI, AI_WORDS);
const ROLE = alt(
  'assistant',
  'assistent(?:en|in)?',
  'assistente',
  'asistente',
  'asystent(?:a|em|owi)?',
  'systeme?',
  'systeem',
  'sistema',
  'model',
  'modell',
  'modele',
  'modello',
  'modelo',
  'agent(?:en)?',
  'agente',
  'bot',
  'reader',
  'parser',
);
/** "assistant IA", "sistema di IA", "agent d'IA". */
const ROLE_OF_AI = `${ROLE} (?:(?:de|di|da|do) |d')?${AI}`;
const LANGUAGE_MODELS = [
  '(?:large )?language model',
  'sprachmodell',
  'taalmodel',
  'modele de langage',
  'modelo de lenguaje',
  'modello (?:linguistico|di linguaggio)',
];
const AUTOMATED_SYSTEM = `${alt('automated', 'automatic', 'automatisierte[ns]?', 'automatische[ns]?', 'geautomatiseerde?')} ${alt('system', 'assistant', 'reader', 'processor', 'systeem', 'assistent(?:en)?')}`;

/** A machine by any of its names, "AI" alone included. */
export const MACHINE = alt(
  `${AI_NAME}(?:[- ]${ROLE})?`,
  ROLE_OF_AI,
  'llms?',
  'chatgpt',
  String.raw`gpt(?:-?\d(?:\.\d)?o?)?`,
  'chat-?bot',
  'bot',
  ...LANGUAGE_MODELS,
  AUTOMATED_SYSTEM,
  `${alt('systeme', 'sistema')} ${alt('automatise', 'automatizado', 'automatico', 'automatizzato')}`,
  `${alt('virtual', 'virtuelle[nr]?', 'virtuele')} ${alt('assistant', 'assistent(?:en)?')}`,
  `${alt('assistant', 'asistente', 'assistente')} ${alt('virtuel', 'virtual', 'virtuale')}`,
);

/** A machine by a name that is no topic label: "AI assistant", "KI-System", "LLM", not "AI". */
export const NAMED_MACHINE = alt(
  `${AI_NAME}[- ]${ROLE}`,
  ROLE_OF_AI,
  'llms?',
  'chatgpt',
  'chat-?bot',
  ...LANGUAGE_MODELS,
  AUTOMATED_SYSTEM,
);
