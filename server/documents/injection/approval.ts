/**
 * Claiming approval: "pre-approved", "bereits vom CFO freigegeben", "déjà validée", "ya aprobada",
 * "già approvata". Honest documents say this of an order, a budget or a quote ("your approved
 * purchase order", "we already approved the design"), which is let be: a claim only counts about
 * this document, its payment or its account.
 */

import type { Rule } from './types.ts';
import { alt, E, phrase, S } from './words.ts';

// What an approval claim must not be about: an order, a budget, a quote, a supplier.
const ORDER_NOUNS = alt(
  'purchase orders?',
  'orders?',
  'pos?',
  'budgets?',
  'quotes?',
  'quotations?',
  'offers?',
  'estimates?',
  'vendors?',
  'suppliers?',
  'partners?',
  'credit',
  'loans?',
  'lists?',
  'bestellung(?:en)?',
  'bestellnummer',
  'auftrag',
  'angebot',
  'kostenvoranschlag',
  'commande',
  'bon de commande',
  'devis',
  'bestelling',
  'inkooporder',
  'offerte',
  'pedido',
  'orden de compra',
  'presupuesto',
  'oferta',
  'ordine',
  "ordine d'acquisto",
  'preventivo',
  'offerta',
);
/** An order noun among the last few words of the same clause. */
const ORDER_BEFORE = new RegExp(
  String.raw`${S}${ORDER_NOUNS}${E}(?:[^\p{L}\p{N}.!?;:\n]+[\p{L}\p{N}-]+){0,4}[^\p{L}\p{N}.!?;:\n]*$`,
  'u',
);
/** What an approval claim may be about and still be one: this document, its payment, its account. */
const THIS_DOCUMENT = alt(
  'invoice',
  'change',
  'payment',
  'transfer',
  'request',
  'bank',
  'iban',
  'account',
  'address',
  'document',
  'rechnung',
  'anderung',
  'zahlung',
  'uberweisung',
  'anschrift',
  'adresse',
  'bankverbindung',
  'facture',
  'modification',
  'paiement',
  'virement',
  'compte',
  'factuur',
  'wijziging',
  'betaling',
  'adres',
  'rekening',
  'factura',
  'cambio',
  'pago',
  'transferencia',
  'direccion',
  'cuenta',
  'fattura',
  'modifica',
  'pagamento',
  'bonifico',
  'indirizzo',
  'conto',
);
/** After an approval claim: an order ("already approved purchase order"), or another object
 * ("we already approved the design", "nous avons déjà validé le devis"), not this document. */
const APPROVED_SOMETHING_ELSE = new RegExp(
  String.raw`^\s(?:(?:for\s)?${ORDER_NOUNS}${E}|(?:l'|${alt('the', 'a', 'an', 'our', 'your', 'their', 'his', 'her', 'its', 'le', 'la', 'les', 'un', 'une', 'votre', 'notre', 'vos', 'nos', 'leur', 'de', 'het', 'een', 'uw', 'onze', 'den', 'die', 'das', 'einen', 'eine', 'ihre', 'ihren', 'unsere', 'unseren', 'el', 'los', 'las', 'su', 'sus', 'il', 'lo', 'gli', 'i', 'vostro', 'vostra', 'nostro', 'nostra')}\s)(?!${THIS_DOCUMENT}${E}))`,
  'u',
);

/** Who approved it, between "bereits"/"al" and the participle: "bereits vom CFO freigegeben". */
const BY_WHOM = String.raw`(?:${alt('intern', 'vollstandig', 'final', 'offiziell', 'manuell', 'volledig')} |${alt('vom', 'von der', 'von', 'durch den', 'durch die', 'durch', 'door de', 'door het', 'door')} [\p{L}\d.-]+ (?:[\p{L}\d.-]+ )?)`;

/** A claim of approval, unless it is about an order or something other than this document. */
const claim = (...choices: string[]): Rule => ({
  kind: 'claims-approval',
  pattern: phrase(alt(...choices)),
  unlessBefore: ORDER_BEFORE,
  unlessAfter: APPROVED_SOMETHING_ELSE,
});

export const APPROVAL_RULES: readonly Rule[] = [
  claim(
    `pre[- ]?${alt('approved', 'verified')}`,
    `already (?:been )?${alt('approved', 'signed off')}`,
    `auto[- ]?approved?`,
    `automatically approved`,
  ),
  claim(
    `${alt('bereits', 'schon')} (?:${BY_WHOM})?${alt('freigegeben', 'genehmigt', 'autorisiert', 'bewilligt', 'abgesegnet')}`,
    `vorab[- ]?${alt('freigegeben', 'genehmigt', 'autorisiert', 'gepruft')}`,
    `vor${alt('genehmigt', 'freigegeben')}`,
    `automatisch ${alt('freigegeben', 'genehmigt')}`,
  ),
  claim(
    `${alt('deja', 'prealablement')} (?:ete )?${alt('approuve', 'valide', 'autorise')}e?s?`,
    `pre-?${alt('approuve', 'valide', 'autorise')}e?s?`,
    `${alt('approuve', 'valide')}e?s? automatiquement`,
  ),
  claim(
    `${alt('al', 'reeds', 'vooraf', 'allang')} (?:${BY_WHOM})?${alt('goedgekeurd', 'geaccordeerd', 'geautoriseerd', 'vrijgegeven')}`,
    `automatisch goedgekeurd`,
  ),
  claim(
    `${alt('ya', 'previamente')} (?:${alt('ha sido', 'han sido', 'fue', 'fueron', 'esta', 'estan', 'ha', 'han')} )?${alt('aprobad', 'autorizad', 'validad')}[oa]s?`,
    `pre-?${alt('aprobad', 'autorizad')}[oa]s?`,
    `${alt('aprobad', 'autorizad')}[oa]s? automaticamente`,
  ),
  claim(
    `${alt('gia', 'preventivamente')} (?:stat[oaie] )?${alt('approvat', 'autorizzat', 'validat')}[oaie]`,
    `pre-?${alt('approvat', 'autorizzat')}[oaie]`,
    `${alt('approvat', 'autorizzat')}[oaie] automaticamente`,
  ),
  // Portuguese and Polish.
  claim(
    `${alt('ja', 'previamente')} (?:${alt('foi', 'foram', 'esta', 'estao')} )?${alt('aprovad', 'autorizad', 'validad')}[oa]s?`,
    `pre-?aprovad[oa]s?`,
    `${alt('juz', 'wczesniej')} (?:zostal[aoy]? )?${alt('zatwierdzon', 'zaakceptowan')}[aeyo]?`,
  ),
];
