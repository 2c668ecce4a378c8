/**
 * The values of the review console's correction form: which field to start on, which fields a
 * reviewer changed (sent to review.correct, nothing else), and where the server's refusal goes.
 */
import type { TGroundedField } from '@/server/tools/model/fields';

export type TCorrections = Record<string, string | number | null>;

/** The field a reviewer most likely came to fix: the first that does not match or is unproven. */
export function firstToCorrect(fields: readonly TGroundedField[]): TGroundedField | undefined {
  return (
    fields.find((field) => field.status === 'mismatch' || field.status === 'unproven') ?? fields[0]
  );
}

/** An amount field's value as a number, or null (none, or text that is not one). */
function amountOf(field: TGroundedField): number | null {
  return typeof field.value === 'number' ? field.value : null;
}

/** A field's value as its input holds it (an amount input holds numbers only). */
export function inputValue(field: TGroundedField): string {
  if (field.kind === 'amount') return String(amountOf(field) ?? '');
  return field.value === null ? '' : String(field.value);
}

/**
 * Only the fields whose input differs from the reading: amounts as numbers, an emptied input as
 * null (clearing an optional field); or the message of an amount that is not a number.
 */
export function changedFields(
  fields: readonly TGroundedField[],
  values: Readonly<Record<string, string>>,
): { corrections: TCorrections } | { problems: Record<string, string> } {
  const corrections: TCorrections = {};
  const problems: Record<string, string> = {};
  for (const field of fields) {
    const typed = (values[field.field] ?? inputValue(field)).trim();
    if (field.kind === 'amount') {
      const amount = typed === '' ? null : Number(typed);
      if (amount !== null && !Number.isFinite(amount)) problems[field.field] = 'Give a number.';
      else if (amount !== amountOf(field)) corrections[field.field] = amount;
    } else if (typed !== inputValue(field).trim()) {
      corrections[field.field] = typed === '' ? null : typed;
    }
  }
  return Object.keys(problems).length > 0 ? { problems } : { corrections };
}

/**
 * The server's refusal by field: it names each (`Not corrected: iban: …; amount: …`, or a
 * schema's `corrections.iban: …`), so each message can stand under its input.
 */
export function fieldProblems(
  message: string,
  fields: readonly TGroundedField[],
): Record<string, string> {
  const known = new Set(fields.map((field) => field.field));
  const body = message.replace(/^[^:]*?(?:Not corrected|not valid): /, '');
  return Object.fromEntries(
    body.split('; ').flatMap((part) => {
      const match = /^(?:corrections\.)?([\w-]+): (.+)$/s.exec(part);
      return match?.[1] && match[2] && known.has(match[1]) ? [[match[1], match[2]]] : [];
    }),
  );
}
