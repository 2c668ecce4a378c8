/**
 * Dropping earlier instructions: "ignore all previous instructions", "vergiss deine bisherigen
 * Anweisungen", "ignorez les consignes précédentes". An honest e-mail may refer to what was sent
 * before ("ignore the instructions I sent yesterday"), which is let be.
 */

import type { Rule } from './types.ts';
import { alt, phrase } from './words.ts';

const EN_RULES = alt(
  'instructions?',
  'rules',
  'prompts?',
  'guidelines',
  'directives',
  'directions',
  'commands',
);
const EN_EARLIER = alt(
  'previous',
  'prior',
  'above',
  'earlier',
  'preceding',
  'foregoing',
  'former',
  'original',
  'other',
  'existing',
  'initial',
  'system',
);
const EN_THE = alt('the', 'your', 'these', 'those');
const DE_RULES = alt(
  'anweisungen',
  'anweisung',
  'instruktionen',
  'regeln',
  'vorgaben',
  'befehle',
  'richtlinien',
);
const DE_EARLIER = alt(
  'vorherigen',
  'vorigen',
  'bisherigen',
  'obigen',
  'fruheren',
  'vorangegangenen',
  'vorstehenden',
  'ursprunglichen',
  'anderen',
  'sonstigen',
);
const FR_RULES = alt('instructions', 'consignes', 'regles', 'directives', 'indications');
const FR_EARLIER = alt('precedentes', 'anterieures', 'ci-dessus', 'prealables', "d'avant");
const NL_RULES = alt(
  'instructies',
  'instructie',
  'regels',
  'opdrachten',
  'aanwijzingen',
  'richtlijnen',
);
const NL_EARLIER = alt(
  'eerdere',
  'vorige',
  'voorgaande',
  'bovenstaande',
  'oude',
  'andere',
  'bestaande',
);
const ES_RULES = alt('instrucciones', 'reglas', 'indicaciones', 'directrices', 'ordenes');
const ES_EARLIER = alt('anteriores', 'previas', 'precedentes', 'de arriba');
const IT_RULES = alt('istruzioni', 'regole', 'indicazioni', 'direttive');
const IT_EARLIER = alt('precedenti', 'anteriori', 'sopra', 'di prima');

/** "ignorez toutes les instructions", "olvida las reglas anteriores": the order of French, Spanish
 * and Italian, where "earlier" follows the noun. */
function dropInstructions(words: {
  verbs: string;
  all: string;
  the: string;
  rules: string;
  earlier: string;
}): Rule {
  const { verbs, all, the, rules, earlier } = words;
  return {
    kind: 'overrides-instructions',
    pattern: phrase(
      `${verbs} ${alt(`${all} (?:${the} )?${rules}`, `(?:${the} )?${rules} ${earlier}`)}`,
    ),
  };
}

export const OVERRIDE_RULES: readonly Rule[] = [
  {
    kind: 'overrides-instructions',
    pattern: phrase(
      `${alt('ignore', 'disregard', 'forget', 'override')} (?:${alt('all', 'any', 'every', 'your')} (?:of )?(?:${EN_THE} )?(?:${EN_EARLIER} )?|(?:${EN_THE} )?${EN_EARLIER} )${EN_RULES}`,
    ),
    unlessAfter:
      /^\s(?:i|we)\s(?:sent|gave|provided|wrote|mentioned|e-?mailed|had)(?![\p{L}\p{N}])/u,
  },
  {
    kind: 'overrides-instructions',
    pattern: phrase(
      `${alt('ignoriere', 'ignorieren sie', 'ignoriert', 'missachte', 'missachten sie', 'vergiss', 'vergessen sie')} (?:${alt('alle', 'samtliche', 'jegliche')} (?:${alt('die', 'deine', 'ihre')} )?(?:${DE_EARLIER} )?|(?:${alt('die', 'deine', 'ihre')} )?${DE_EARLIER} )${DE_RULES}`,
    ),
  },
  dropInstructions({
    verbs: alt('ignorez', 'ignore', 'ignorer', 'oubliez', 'oublie', 'oublier'),
    all: alt('toutes', 'tous'),
    the: alt('les', 'vos', 'tes'),
    rules: FR_RULES,
    earlier: FR_EARLIER,
  }),
  {
    kind: 'overrides-instructions',
    pattern: phrase(
      `${alt('negeer', 'negeren', 'vergeet')} ${alt(
        `alle (?:${alt('de', 'je', 'uw')} )?(?:${NL_EARLIER} )?${NL_RULES}`,
        `(?:${alt('de', 'je', 'uw')} )?${NL_EARLIER} ${NL_RULES}`,
      )}`,
    ),
  },
  dropInstructions({
    verbs: alt('ignora', 'ignore', 'ignorar', 'ignoren', 'olvida', 'olvide', 'olvidar'),
    all: 'todas',
    the: alt('las', 'tus', 'sus'),
    rules: ES_RULES,
    earlier: ES_EARLIER,
  }),
  dropInstructions({
    verbs: alt(
      'ignora',
      'ignorate',
      'ignori',
      'ignorare',
      'dimentica',
      'dimenticate',
      'dimenticare',
    ),
    all: 'tutte',
    the: alt('le', 'tue', 'sue'),
    rules: IT_RULES,
    earlier: IT_EARLIER,
  }),
];
