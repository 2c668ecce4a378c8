/**
 * Skipping checks: "bypass the usual checks", "do not flag this", "nicht prüfen", "ne pas
 * vérifier", "no revisar", "senza verifica", and "mark this as verified". Given as imperatives
 * only: "we could not check it" or "konnten wir nicht prüfen" is honest.
 */

import type { Rule } from './types.ts';
import { alt, E, phrase, S } from './words.ts';

const EN_CHECK = alt(
  'checks?',
  'checking',
  'validations?',
  'verifications?',
  'controls',
  'reviews?',
  'approvals?',
  'approval process',
  'review process',
  'safeguards',
  'guardrails',
  'filters?',
);
const DE_CHECK = alt(
  'prufung(?:en)?',
  'uberprufung(?:en)?',
  'pruefung(?:en)?',
  'ueberpruefung(?:en)?',
  'nachprufung',
  'kontrollen?',
  'verifizierung',
  'verifikation',
  'validierung',
);

/** A modal among the last `reach` characters of the clause before a negation: "we could not check
 * it" is honest, "do not check it" is not. */
const modalBefore = (reach: number, ...modals: string[]) =>
  new RegExp(String.raw`${S}${alt(...modals)}${E}[^.!?;\n]{0,${reach}}$`, 'u');
const DE_MODAL_BEFORE = modalBefore(
  60,
  'kann',
  'kannst',
  'konnen',
  'konnte',
  'konnten',
  'koennen',
  'koennte',
  'durfen',
  'darf',
  'mochten',
  'wollen',
  'wurden',
  'lasst',
  'lassen',
  'liess',
);
const NL_MODAL_BEFORE = modalBefore(
  60,
  'kan',
  'kon',
  'konden',
  'kunnen',
  'mag',
  'mogen',
  'laat',
  'laten',
);
const ES_MODAL_BEFORE = modalBefore(
  30,
  'pude',
  'pudimos',
  'pudo',
  'puedo',
  'podemos',
  'puede',
  'podido',
  'pudieron',
  'logramos',
);
const IT_MODAL_BEFORE = modalBefore(
  30,
  'posso',
  'possiamo',
  'puo',
  'possono',
  'potuto',
  'riesco',
  'riusciamo',
  'riusciti',
);
const EN_IMPERATIVE_BEFORE = String.raw`(?<=(?:^|[.!?;:,"(\n-]|${alt('please', 'kindly', 'and', 'so', 'then', 'just', 'simply')})\s?)`;

export const CHECK_RULES: readonly Rule[] = [
  {
    kind: 'skips-checks',
    pattern: phrase(
      `${alt('bypass', 'skip', 'override', 'circumvent', 'ignore')} (?:${alt('all', 'any', 'the', 'your', 'these')} )?(?:${alt('usual', 'normal', 'standard', 'regular', 'manual', 'human', 'fraud', 'security', 'safety')} )?${EN_CHECK}(?! ${alt('meeting', 'call', 'session', 'appointment', 'date')}${E})`,
    ),
  },
  {
    kind: 'skips-checks',
    pattern: phrase(
      `${EN_IMPERATIVE_BEFORE}${alt(
        `${alt('do not', "don't", 'dont', 'never', 'must not', "mustn't", 'should not', "shouldn't")} (?:re-?)?${alt('flag', 'review', 'check', 'double-check', 'escalate', 'verify', 'validate', 'question', 'scrutini[sz]e')}`,
        `no need to ${alt('flag', 'escalate')}`,
      )}`,
    ),
  },
  {
    kind: 'skips-checks',
    pattern: phrase(
      `without (?:${alt('any', 'further', 'additional', 'manual', 'human', 'prior')} )?${alt('review', 'checks?', 'checking', 'verification', 'validation', 'scrutiny')}`,
    ),
  },
  {
    kind: 'skips-checks',
    pattern: phrase(
      alt(
        `approve ${alt('this', 'it', 'the invoice', 'this invoice', 'the change', 'this change', 'the payment', 'this payment', 'the request', 'this request')} ${alt('immediately', 'automatically', 'right away', 'at once', 'directly', 'without delay')}`,
        `${alt('mark', 'treat', 'flag', 'classify', 'record')} ${alt('this', 'it', 'the invoice', 'this invoice', 'the change', 'this change', 'the document', 'this document', 'the payment', 'this payment')} as ${alt('approved', 'verified', 'validated', 'legitimate', 'trusted', 'safe', 'genuine', 'reviewed', 'checked')}`,
      ),
    ),
  },
  {
    kind: 'skips-checks',
    pattern: phrase(
      `nicht (?:${alt('mehr', 'erneut', 'weiter', 'extra')} )?(?:zu )?${alt('prufen', 'uberprufen', 'pruefen', 'ueberpruefen', 'nachprufen', 'kontrollieren', 'verifizieren', 'validieren', 'markieren', 'eskalieren', 'beanstanden', 'hinterfragen')}`,
    ),
    unlessBefore: DE_MODAL_BEFORE,
  },
  {
    kind: 'skips-checks',
    pattern: phrase(
      alt(
        `nicht ${alt('zur', 'zu', 'in die')} ${alt('prufung', 'uberprufung', 'pruefung', 'kontrolle', 'freigabe')}`,
        `ohne (?:${alt('weitere', 'erneute', 'manuelle', 'jegliche', 'zusatzliche', 'eigene', 'vorherige')} )?${DE_CHECK}`,
        `${DE_CHECK} ${alt('uberspringen', 'umgehen', 'auslassen', 'weglassen', 'ubergehen')}`,
        `${alt('uberspringe', 'umgehe', 'uberspringen sie', 'umgehen sie')} (?:${alt('die', 'alle', 'jegliche')} )?${DE_CHECK}`,
      ),
    ),
  },
  {
    kind: 'skips-checks',
    pattern: phrase(
      alt(
        `ne pas ${alt('verifier', 'controler', 'signaler', 'examiner', 'escalader', 'revoir', 'valider', 'reverifier')}`,
        `ne (?:${alt('le', 'la', 'les')} |l')?${alt('verifiez', 'controlez', 'signalez', 'examinez', 'validez')} pas`,
        `sans (?:${alt('aucune?', 'autre', 'nouvelle', 'plus de')} )?${alt('verifications?', 'controles?', 'examen')}`,
        `inutile de (?:${alt('le', 'la', 'les')} |l')?${alt('verifier', 'controler')}`,
      ),
    ),
  },
  {
    kind: 'skips-checks',
    pattern: phrase(
      `niet (?:${alt('meer', 'opnieuw', 'extra')} )?${alt('controleren', 'nakijken', 'verifieren', 'checken', 'markeren', 'escaleren', 'beoordelen', 'valideren')}`,
    ),
    unlessBefore: NL_MODAL_BEFORE,
  },
  {
    kind: 'skips-checks',
    pattern: phrase(
      alt(
        `zonder (?:${alt('verdere', 'extra', 'aanvullende', 'enige')} )?${alt('controles?', 'verificatie', 'nacontrole', 'beoordeling', 'validatie')}`,
        `${alt('controleer', 'check', 'verifieer')} (?:${alt('dit', 'het', 'deze', 'die')} )?niet`,
      ),
    ),
  },
  {
    kind: 'skips-checks',
    pattern: phrase(
      `no (?:${alt('lo', 'la', 'los', 'las')} )?${alt('revisar', 'verificar', 'comprobar', 'marcar', 'escalar', 'validar', 'controlar', 'revises', 'revise', 'revisen', 'verifiques', 'verifique', 'verifiquen', 'compruebes', 'compruebe')}`,
    ),
    unlessBefore: ES_MODAL_BEFORE,
  },
  {
    kind: 'skips-checks',
    pattern: phrase(
      `sin (?:${alt('ninguna', 'mas', 'previa')} )?${alt('revision', 'verificacion', 'comprobacion', 'control', 'controles')}`,
    ),
  },
  {
    kind: 'skips-checks',
    pattern: phrase(
      `non ${alt('verificare', 'controllare', 'segnalare', 'revisionare', 'escalare', 'validare', 'verificarl[oa]', 'controllarl[oa]', 'verificate', 'controllate', 'segnalate')}`,
    ),
    unlessBefore: IT_MODAL_BEFORE,
  },
  {
    kind: 'skips-checks',
    pattern: phrase(
      `senza (?:${alt('alcuna', 'alcun', 'ulteriori', 'ulteriore')} )?${alt('verifica', 'verifiche', 'controllo', 'controlli', 'revisione')}`,
    ),
  },
];
