/**
 * Grounding (DESIGN.md section 2a): what a model read from a document is proven in code before
 * any value of it may reach a write. For each field: the value parses as its kind, one of its
 * quotes is in the document, and that quote says the value. Whatever is not proven goes to a
 * person, whose corrections and confirmations are applied here too. A value taken from the wrong
 * line of the document, with a real quote of that line, passes grounding: the cross-checks
 * against the systems of record are what catch it.
 */
import type {
  FieldSpec,
  FieldSpecs,
  TExtraction,
  TFieldKind,
  TGroundedField,
  TGroundingStatus,
} from '../tools/model/fields.ts';
import { isProven } from '../tools/model/fields.ts';
import {
  CROWNS,
  collapse,
  type DateOrders,
  DOLLARS,
  dateAmbiguity,
  dateOrders,
  formatAmount,
  parseFieldValue,
  readCountries,
  readCurrencies,
  readDates,
  readIbans,
  readNumbers,
  settleDate,
  severalAmounts,
} from './field-values.ts';
import {
  hostsIn,
  locateQuotes,
  type NormalisedText,
  normaliseQuote,
  normaliseText,
  occursAsEmail,
  occursAsIdentifier,
  occursAsPostcode,
  occursAsWords,
  quoteInDocument,
} from './quotes.ts';

export { parseFieldValue } from './field-values.ts';

/** Below this confidence a model's answer is not taken without a person. */
export const DEFAULT_MIN_CONFIDENCE = 0.5;

/** What a quote says of a value: it, something else, or nothing certain (`unsure`: a person). */
type Verdict = { ok: true } | { ok: false; reason: string; unsure?: true };
type FieldValue = string | number;

/** A field's name in words: invoiceNumber → "Invoice number", vendorIBAN → "Vendor IBAN". */
export function fieldLabel(name: string): string {
  const words = name
    .replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1 $2')
    .split(/[\s_-]+/)
    .filter((word) => word !== '')
    .map((word) => (/^[\p{Lu}\d]{2,}$/u.test(word) ? word : word.toLowerCase()));
  const sentence = words.join(' ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

const excerpt = (quote: string) => (quote.length > 60 ? `${quote.slice(0, 59)}…` : quote);
const says = (written: readonly string[], value: string) =>
  `The quote says ${[...new Set(written)].slice(0, 3).join(' and ')}, not ${value}.`;

/**
 * What the quote says about a value of the kind: the value, something else, or (a date that reads
 * two ways) nothing certain. `orders`: which comes first in the document's dates (`dateOrders`).
 */
export function quoteSays(
  kind: TFieldKind,
  value: FieldValue,
  quote: string,
  orders: DateOrders = new Map(),
): Verdict {
  const ok: Verdict = { ok: true };
  const shown = String(value);
  switch (kind) {
    case 'amount': {
      const cents = Math.round(Number(value) * 100);
      const numbers = readNumbers(quote);
      if (numbers.some((number) => number.cents.includes(cents))) return ok;
      const written = numbers.map((number) => number.written);
      return {
        ok: false,
        reason:
          numbers.length === 0
            ? 'The quote has no number.'
            : says(written, formatAmount(Number(value))),
      };
    }
    case 'currency': {
      const named = readCurrencies(quote);
      const codes = named.filter((code) => code.length === 3);
      if (codes.includes(shown)) return ok;
      const bare = (symbol: string, among: ReadonlySet<string>) =>
        named.includes(symbol) && !codes.some((code) => among.has(code));
      if (shown === 'USD' && bare('$', DOLLARS)) return ok;
      if (shown === 'JPY' && bare('¥', new Set(['CNY']))) return ok;
      if (CROWNS.has(shown) && bare('kr', CROWNS)) return ok;
      if (named.length === 0) return { ok: false, reason: 'The quote names no currency.' };
      const dollar = codes.find((code) => DOLLARS.has(code));
      if (shown === 'USD' && named.includes('$') && dollar) {
        return { ok: false, reason: `The quote names ${dollar}, so its $ does not say USD.` };
      }
      return { ok: false, reason: says(named, shown) };
    }
    case 'date': {
      const dates = readDates(quote).map((date) => settleDate(date, orders));
      const saying = dates.filter((date) => date.isos.includes(shown));
      if (saying.some((date) => dateAmbiguity(date) === null)) return ok;
      const unsure = saying.map(dateAmbiguity).find((reason) => reason !== null);
      if (unsure) return { ok: false, reason: unsure, unsure: true };
      const written = dates.map((date) => date.written);
      return {
        ok: false,
        reason: dates.length === 0 ? 'The quote has no date.' : says(written, shown),
      };
    }
    case 'iban': {
      const compact = quote.replace(/\s+/g, '').toUpperCase();
      if (compact.includes(shown)) return ok;
      const ibans = readIbans(compact);
      return {
        ok: false,
        reason: ibans.length === 0 ? 'The quote has no IBAN.' : says(ibans, shown),
      };
    }
    case 'postcode':
      return occursAsPostcode(quote, shown)
        ? ok
        : { ok: false, reason: says([`"${excerpt(quote)}"`], shown) };
    case 'country': {
      const countries = readCountries(quote);
      if (countries.some((country) => country.code === shown)) return ok;
      const written = countries.map((c) =>
        c.written === c.code ? c.code : `${c.written} (${c.code})`,
      );
      return {
        ok: false,
        reason: countries.length === 0 ? 'The quote names no country.' : says(written, shown),
      };
    }
    case 'email':
      return occursAsEmail(quote, shown)
        ? ok
        : { ok: false, reason: says([`"${excerpt(quote)}"`], shown) };
    case 'domain': {
      const hosts = hostsIn(quote);
      if (hosts.includes(shown)) return ok;
      return {
        ok: false,
        reason: hosts.length === 0 ? 'The quote has no domain.' : says(hosts, shown),
      };
    }
    case 'identifier':
      return occursAsIdentifier(quote, shown)
        ? ok
        : { ok: false, reason: says([`"${excerpt(quote)}"`], shown) };
    case 'text':
      return occursAsWords(collapse(quote), collapse(shown))
        ? ok
        : { ok: false, reason: says([`"${excerpt(quote)}"`], `"${excerpt(shown)}"`) };
    default:
      return kind satisfies never;
  }
}

/** A model's value as JSON allows it: a number that is not finite is kept as its text. */
function jsonValue(raw: unknown): FieldValue | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : String(raw);
  if (typeof raw === 'string') return raw;
  try {
    return String(raw);
  } catch {
    return '(unreadable)';
  }
}

type Answer = TExtraction['fields'][string];

/** A field nobody has a value for (yet). */
function unansweredField(name: string, spec: FieldSpec, reasons: string[]): TGroundedField {
  return {
    ...{
      field: name,
      kind: spec.kind,
      label: spec.label ?? fieldLabel(name),
      required: spec.required,
    },
    ...{ value: null, modelValue: null, confidence: 0, status: 'unproven', reasons, evidence: [] },
  };
}

/** The document as grounding reads it; each part is worked out once, when first needed. */
interface DocumentView {
  rawLength: number;
  text(): NormalisedText;
  /** Which comes first in the document's dates written in numbers (`dateOrders`). */
  dateOrders(): DateOrders;
}

function groundField(
  name: string,
  spec: FieldSpec,
  answer: Answer | undefined,
  document: DocumentView,
  minConfidence: number,
): TGroundedField {
  if (answer === undefined || answer === null || typeof answer !== 'object') {
    return unansweredField(name, spec, ['The model gave no answer for it.']);
  }
  const base = {
    field: name,
    kind: spec.kind,
    label: spec.label ?? fieldLabel(name),
    required: spec.required,
  };
  const modelValue = jsonValue(answer.value);
  const confidence = Number.isFinite(answer.confidence)
    ? Math.min(Math.max(answer.confidence, 0), 1)
    : 0;
  const quotes = Array.isArray(answer.evidence) ? answer.evidence : [];
  const evidence =
    quotes.length === 0 ? [] : locateQuotes(document.text(), document.rawLength, quotes);
  const verdict = (status: TGroundingStatus, value: FieldValue | null, reasons: string[]) => ({
    ...base,
    value,
    modelValue,
    confidence,
    status,
    reasons,
    evidence,
  });
  if (modelValue === null) {
    return spec.required
      ? verdict('unproven', null, ['The document does not say, according to the model.'])
      : verdict('absent', null, []);
  }
  const parsed = parseFieldValue(spec.kind, modelValue);
  if (!parsed.ok) return verdict('mismatch', modelValue, [parsed.message]);
  const found = evidence.filter((quote) => quote.found);
  if (found.length === 0) {
    return verdict('unproven', parsed.value, ['None of its quotes is in the document.']);
  }
  // Each quote as the document has it: a word or number it cuts is read whole.
  const quoted = found.map((quote) =>
    quoteInDocument(document.text(), quote.start, normaliseQuote(quote.quote)),
  );
  const orders = spec.kind === 'date' ? document.dateOrders() : undefined;
  const verdicts = quoted.map((quote) => quoteSays(spec.kind, parsed.value, quote, orders));
  if (!verdicts.some((said) => said.ok)) {
    const unsure = verdicts.flatMap((said) => (!said.ok && said.unsure ? [said.reason] : []));
    if (unsure.length > 0) return verdict('unproven', parsed.value, [...new Set(unsure)]);
    const reasons = verdicts.flatMap((said) => (said.ok ? [] : [said.reason]));
    return verdict('mismatch', parsed.value, [...new Set(reasons)]);
  }
  const several = spec.kind === 'amount' ? severalAmounts(quoted) : null;
  if (several !== null) return verdict('unproven', parsed.value, [several]);
  if (confidence < minConfidence) {
    const shown = Math.round(confidence * 100) / 100;
    return verdict('unproven', parsed.value, [`The model was not sure (confidence ${shown}).`]);
  }
  return verdict('grounded', parsed.value, []);
}

/**
 * Grounds a model's extraction against the document's text: one field per spec, in the specs'
 * order (answers for fields the specs do not have are ignored). Never throws: a field whose
 * check fails unexpectedly is unproven. Quotes are searched with `indexOf` and a linear scan,
 * at most MAX_QUOTES quotes per field, so a hostile answer cannot make it slow.
 */
export function groundExtraction(
  text: string,
  specs: FieldSpecs,
  extraction: TExtraction,
  options: { minConfidence?: number } = {},
): TGroundedField[] {
  const minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const raw = typeof text === 'string' ? text : '';
  let normalised: NormalisedText | undefined;
  let orders: DateOrders | undefined;
  const document: DocumentView = {
    rawLength: raw.length,
    text: () => {
      normalised ??= normaliseText(raw);
      return normalised;
    },
    dateOrders: () => {
      orders ??= dateOrders(document.text().text);
      return orders;
    },
  };
  const answers: Record<string, Answer> = extraction?.fields ?? {};
  return Object.entries(specs).map(([name, spec]) => {
    try {
      const answer = Object.hasOwn(answers, name) ? answers[name] : undefined;
      return groundField(name, spec, answer, document, minConfidence);
    } catch {
      return unansweredField(name, spec, ['Its answer could not be checked.']);
    }
  });
}

type FieldsOrErrors = { fields: TGroundedField[] } | { errors: Record<string, string> };

function personField(field: TGroundedField, value: FieldValue | null): TGroundedField {
  return { ...field, value, status: 'person', reasons: [] };
}

/**
 * A person's values for fields: each must be a field of the specs and parse as its kind (a
 * required field cannot be cleared). Corrected fields become `person` with the normalised value,
 * keeping what the model said; the others stay as they are. Any error: nothing is applied.
 */
export function applyCorrections(
  fields: TGroundedField[],
  corrections: Record<string, string | number | null>,
  specs: FieldSpecs,
): FieldsOrErrors {
  const errors: [string, string][] = [];
  const corrected = new Map<string, TGroundedField>();
  for (const [name, raw] of Object.entries(corrections ?? {})) {
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (spec === undefined) {
      errors.push([name, 'There is no such field.']);
      continue;
    }
    const field =
      fields.find((candidate) => candidate.field === name) ?? unansweredField(name, spec, []);
    if (raw === null) {
      if (spec.required) errors.push([name, `${field.label} is required: it cannot be cleared.`]);
      else corrected.set(name, personField(field, null));
      continue;
    }
    const parsed = parseFieldValue(spec.kind, raw);
    if (parsed.ok) corrected.set(name, personField({ ...field, kind: spec.kind }, parsed.value));
    else errors.push([name, parsed.message]);
  }
  if (errors.length > 0) return { errors: Object.fromEntries(errors) };
  const next = fields.map((field) => corrected.get(field.field) ?? field);
  for (const [name, field] of corrected) {
    if (!fields.some((candidate) => candidate.field === name)) next.push(field);
  }
  return { fields: next };
}

/**
 * A person looked at the document and left the remaining fields as they are: every field not
 * proven becomes `person` with its current value. A required field with no value, or a value that
 * is not one of its kind (an IBAN whose check digits fail), cannot be confirmed.
 */
export function confirmFields(fields: TGroundedField[]): FieldsOrErrors {
  const errors: [string, string][] = [];
  const next = fields.map((field) => {
    if (isProven(field)) return field;
    if (field.value === null) {
      if (field.required) errors.push([field.field, `${field.label} is required: give its value.`]);
      return personField(field, null);
    }
    const parsed = parseFieldValue(field.kind, field.value);
    if (parsed.ok) return personField(field, parsed.value);
    errors.push([field.field, parsed.message]);
    return field;
  });
  return errors.length > 0 ? { errors: Object.fromEntries(errors) } : { fields: next };
}
