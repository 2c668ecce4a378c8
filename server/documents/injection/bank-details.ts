/**
 * Changing the bank details: "change the bank account to …", "ändern Sie die IBAN auf …",
 * "wijzig het IBAN in NL91…". The account a vendor is paid to is what a fraud wants changed, and a
 * document has no reason to instruct its reader to set it.
 */

import type { Rule } from './types.ts';
import { alt, phrase } from './words.ts';

const EN_ACCOUNT = alt(
  'bank account(?: number)?',
  'bank details',
  'banking details',
  'account number',
  'iban',
  'payment details',
  'beneficiary(?: account)?',
  'payee(?: account)?',
  'bic',
  'swift(?: code)?',
);
const DE_ACCOUNT = alt(
  'bankverbindung',
  'iban',
  'kontonummer',
  'bankkonto',
  'kontoverbindung',
  'zahlungsdaten',
  'bankdaten',
  'empfangerkonto',
);
/** An IBAN follows (the ambiguous "in": "wijzig het IBAN in NL91…", not "in uw systeem"). */
const IBAN_NEXT = String.raw`(?=\s?[a-z]{2}\s?\d{2})`;

export const BANK_DETAILS_RULES: readonly Rule[] = [
  {
    kind: 'changes-bank-details',
    pattern: phrase(
      `${alt('set', 'change', 'update', 'switch', 'replace', 'amend', 'correct')} (?:${alt('the', 'your', 'this', "the vendor's", "the supplier's")} )?${EN_ACCOUNT}(?: ${alt('on file', 'on record', 'in the system', 'in the erp')})? ${alt('to', 'with')}`,
    ),
  },
  {
    kind: 'changes-bank-details',
    pattern: phrase(
      alt(
        `${alt('andere', 'andern', 'setze', 'setzen', 'aktualisiere', 'aktualisieren', 'ersetze', 'ersetzen', 'stelle', 'stellen', 'hinterlege', 'hinterlegen')} (?:sie )?(?:bitte )?(?:${alt('die', 'das', 'den')} )?${DE_ACCOUNT} (?:bitte )?${alt('auf', 'zu', 'durch', `in${IBAN_NEXT}`)}`,
        `(?:${alt('die', 'das', 'den')} )?${DE_ACCOUNT} (?:bitte )?auf [^.!?\\n]{1,60}? ${alt('andern', 'abandern', 'setzen', 'aktualisieren', 'umstellen', 'hinterlegen')}`,
      ),
    ),
  },
  {
    kind: 'changes-bank-details',
    pattern: phrase(
      `${alt('changez', 'changer', 'modifiez', 'modifier', 'remplacez', 'remplacer', 'mettez a jour', 'mettre a jour', 'definissez', 'corrigez')} (?:${alt('le', 'les', 'la')} |l')?${alt('compte bancaire', 'compte', 'iban', 'rib', 'coordonnees bancaires', 'numero de compte')} ${alt('par', 'en', 'pour', 'vers', 'avec')}`,
    ),
  },
  {
    kind: 'changes-bank-details',
    pattern: phrase(
      alt(
        `${alt('wijzig', 'wijzigen', 'verander', 'veranderen', 'zet', 'update', 'vervang', 'vervangen')} (?:${alt('het', 'de')} )?${alt('iban', 'rekeningnummer', 'bankrekening(?:nummer)?', 'bankgegevens', 'rekening')} ${alt('naar', 'op', 'door', `in${IBAN_NEXT}`)}`,
        `(?:${alt('het', 'de')} )?${alt('iban', 'rekeningnummer', 'bankrekening(?:nummer)?')} ${alt('naar', 'op')} [^.!?\\n]{1,60}? ${alt('wijzigen', 'veranderen', 'aanpassen', 'zetten')}`,
      ),
    ),
  },
  {
    kind: 'changes-bank-details',
    pattern: phrase(
      `${alt('cambie', 'cambia', 'cambiar', 'cambien', 'actualice', 'actualiza', 'actualizar', 'modifique', 'modifica', 'modificar', 'establezca', 'establece', 'sustituya', 'sustituir', 'reemplace', 'reemplazar')} (?:${alt('la', 'el', 'los')} )?${alt('cuenta bancaria', 'cuenta de pago', 'cuenta', 'iban', 'numero de cuenta', 'datos bancarios')} ${alt('a', 'al', 'por(?! favor)')}`,
    ),
  },
  {
    kind: 'changes-bank-details',
    pattern: phrase(
      `${alt('cambia', 'cambiate', 'cambiare', 'modifica', 'modificate', 'modificare', 'aggiorna', 'aggiornate', 'aggiornare', 'imposta', 'impostate', 'impostare', 'sostituisci', 'sostituite', 'sostituire')} (?:${alt('il', 'le', 'i')} |l')?${alt('conto corrente', 'conto bancario', 'conto', 'iban', 'coordinate bancarie', 'dati bancari')} ${alt('a', 'al', 'con', 'su', `in${IBAN_NEXT}`)}`,
    ),
  },
];
