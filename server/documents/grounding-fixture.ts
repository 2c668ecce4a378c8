// The document and the one-field grounding the grounding tests share (not a test file itself).
import { expect } from 'vitest';
import {
  type FieldSpecs,
  type TEvidence,
  type TExtraction,
  type TFieldKind,
  type TGroundedField,
  ZGroundedField,
} from '../tools/model/fields.ts';
import { groundExtraction } from './grounding.ts';

export const DOCUMENT = [
  'ACME Supplies GmbH · Hauptstraße 5 · 10115 Berlin · Deutschland',
  'info@acme.io · https://www.acme.io/rechnungen',
  'Rechnung INV-2041',
  'Rechnungsdatum: 5. März 2026',
  'Zwischensumme: 1.037,39',
  'Gesamtbetrag: 1.234,50 EUR',
  'Zahlbar: € 1.234,50',
  'IBAN: DE89 3704 0044 0532 0130 00',
  'Partner: notacme.io, Lager PLZ 12345',
  'Bestellung',
  'PO-7731',
  'Copy for the US office: $1,234.50 CAD',
].join('\n');

/** A quote with its offsets in DOCUMENT (or 0 when it is not there). */
export function quote(text: string): TEvidence {
  const start = Math.max(DOCUMENT.indexOf(text), 0);
  return { quote: text, start, end: start + text.length };
}

/** Grounds one field of `kind` on DOCUMENT (or `options.text`), checking the result's shape. */
export function ground(
  kind: TFieldKind,
  value: string | number | null,
  evidence: TEvidence[],
  options: { confidence?: number; required?: boolean; text?: string } = {},
): TGroundedField {
  const specs: FieldSpecs = {
    field: { kind, description: 'A field.', required: options.required ?? true },
  };
  const extraction: TExtraction = {
    documentId: 'doc-1',
    provider: 'test:model',
    unread: null,
    fields: { field: { value, confidence: options.confidence ?? 0.9, evidence } },
  };
  const [field] = groundExtraction(options.text ?? DOCUMENT, specs, extraction);
  if (!field) throw new Error('no field');
  expect(ZGroundedField.safeParse(field).success).toBe(true);
  return field;
}
