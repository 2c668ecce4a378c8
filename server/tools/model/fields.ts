/**
 * What a model step answers, field by field: the value, how sure the model is, and the evidence,
 * verbatim quotes from the document with their offsets. Grounding (server/documents/grounding.ts)
 * then proves, in code, that each quote is in the document and says the value.
 */
import { z } from 'zod';

/**
 * How a field's value is read from its quote: an amount, a currency, a date, an IBAN, a postcode,
 * a country, an e-mail address, an internet domain, an identifier (a vendor number, an invoice
 * number) or a piece of text (a name, a street).
 */
export const FIELD_KINDS = [
  'amount',
  'currency',
  'date',
  'iban',
  'postcode',
  'country',
  'email',
  'domain',
  'identifier',
  'text',
] as const;
export type TFieldKind = (typeof FIELD_KINDS)[number];

/** One field a model step reads from a document. */
export interface FieldSpec {
  kind: TFieldKind;
  /** For the model and the reviewer: what the field is, where it usually stands. */
  description: string;
  /** A document without it cannot be worked without a person. */
  required: boolean;
  /** How a reviewer names it ("IBAN", "Street and number"); default: from the field's name. */
  label?: string;
}

export type FieldSpecs = Record<string, FieldSpec>;

/** The most quotes one field may give, and the longest quote. */
export const MAX_QUOTES = 5;
export const MAX_QUOTE_LENGTH = 500;

/** One verbatim quote from the document, with its offsets [start, end) in the document's text. */
export const ZEvidence = z.object({
  quote: z.string().min(1).max(MAX_QUOTE_LENGTH),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
});
export type TEvidence = z.infer<typeof ZEvidence>;

/** The JSON value of a field of a kind: amounts are numbers, everything else a string. */
export function valueSchema(kind: TFieldKind): z.ZodType<string | number> {
  return kind === 'amount' ? z.number().finite() : z.string().min(1).max(500);
}

/** A model's answer for one field; `value` null: the document does not say. */
export function answerSchema(kind: TFieldKind) {
  return z.object({
    value: valueSchema(kind).nullable(),
    confidence: z.number().min(0).max(1),
    evidence: z.array(ZEvidence).max(MAX_QUOTES),
  });
}

export interface TFieldAnswer {
  value: string | number | null;
  confidence: number;
  evidence: TEvidence[];
}

/** The output a model is asked for: one answer per field, nothing else. */
export function extractionSchema(fields: FieldSpecs) {
  return z
    .object(
      Object.fromEntries(
        Object.entries(fields).map(([name, spec]) => [name, answerSchema(spec.kind)]),
      ),
    )
    .strict();
}

/**
 * The output of a model step: the document it read, who read it (the chain entry that answered;
 * null when no model is configured, so a person reads it) and one answer per field.
 */
export const ZExtraction = z.object({
  documentId: z.string(),
  provider: z.string().nullable(),
  fields: z.record(
    z.string(),
    z.object({
      value: z.union([z.string(), z.number()]).nullable(),
      confidence: z.number().min(0).max(1),
      evidence: z.array(ZEvidence),
    }),
  ),
  /** Why no model answered, when none did (no model configured, every provider failed). */
  unread: z.string().nullable(),
});
export type TExtraction = z.infer<typeof ZExtraction>;

/**
 * A field after grounding:
 * - `grounded`: a quote is in the document and says the value;
 * - `absent`: no value, and the field is optional;
 * - `unproven`: no value for a required field, no quote found, or too little confidence;
 * - `mismatch`: the quote is in the document but says something else;
 * - `person`: a person gave or confirmed the value (a correction, or filling what nobody read).
 */
export const GROUNDING_STATUSES = ['grounded', 'absent', 'unproven', 'mismatch', 'person'] as const;
export type TGroundingStatus = (typeof GROUNDING_STATUSES)[number];

export const ZGroundedField = z.object({
  field: z.string(),
  kind: z.enum(FIELD_KINDS),
  label: z.string(),
  required: z.boolean(),
  /** The value as read (normalised: an IBAN without spaces, a currency as its ISO code…). */
  value: z.union([z.string(), z.number()]).nullable(),
  /** What the model said, before any correction; equal to `value` unless a person changed it. */
  modelValue: z.union([z.string(), z.number()]).nullable(),
  confidence: z.number().min(0).max(1),
  status: z.enum(GROUNDING_STATUSES),
  /** Why it is not grounded, in words (empty when it is). */
  reasons: z.array(z.string()),
  /** The quotes with where they were found in the text (`found` false: not in the document). */
  evidence: z.array(ZEvidence.extend({ found: z.boolean() })),
});
export type TGroundedField = z.infer<typeof ZGroundedField>;

/** A field whose value may reach a write without a person. */
export function isProven(field: TGroundedField): boolean {
  return field.status === 'grounded' || field.status === 'absent' || field.status === 'person';
}
