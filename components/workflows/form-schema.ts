/**
 * The client's check of a workflow form, built from its description (workflow.form): required
 * fields, lengths, email and date formats, number bounds, enum choices. It runs in the browser
 * through react-hook-form's zod resolver, so these errors show without a round trip. Patterns
 * (a vendor number's `V-1042`) are left to the server: its schemas trim and upper-case before
 * matching, which a JSON Schema pattern cannot say, and its messages say what the value should
 * look like; they come back as field errors on submit.
 */
import { z } from 'zod';
import type { TFormField, TFormLeaf } from '@/server/workflows/catalogue/form-description';

/** What a form holds: strings from inputs, booleans from checkboxes, groups as objects. */
export type TFormValues = { [name: string]: TFormValue };
/** One value of a form: an input's text, a checkbox, or a group's values. */
export type TFormValue = string | boolean | TFormValues;

type TTextField = Extract<TFormLeaf, { kind: 'text' }>;
type TNumberField = Extract<TFormLeaf, { kind: 'number' }>;

const FORMAT_CHECKS = {
  email: { schema: z.email(), message: 'Give a valid email address.' },
  date: { schema: z.iso.date(), message: 'Give the date as YYYY-MM-DD.' },
  'date-time': { schema: z.iso.datetime(), message: 'Give a date and time.' },
  uri: { schema: z.url(), message: 'Give a web address (https://…).' },
} as const;

/** What is wrong with a text value (already trimmed), or null. */
export function textProblem(field: TTextField, value: string): string | null {
  if (value === '') return field.required ? 'Required.' : null;
  if (field.minLength !== null && value.length < field.minLength) {
    return `At least ${field.minLength} characters.`;
  }
  if (field.maxLength !== null && value.length > field.maxLength) {
    return `At most ${field.maxLength} characters.`;
  }
  if (field.format !== null) {
    const check = FORMAT_CHECKS[field.format];
    if (!check.schema.safeParse(value).success) return check.message;
  }
  return null;
}

/** What is wrong with a number as typed (already trimmed), or null. */
export function numberProblem(field: TNumberField, value: string): string | null {
  if (value === '') return field.required ? 'Required.' : null;
  const number = Number(value);
  if (!Number.isFinite(number)) return 'Give a number.';
  if (field.integer && !Number.isInteger(number)) return 'Give a whole number.';
  if (field.minimum !== null && number < field.minimum) return `At least ${field.minimum}.`;
  if (field.maximum !== null && number > field.maximum) return `At most ${field.maximum}.`;
  if (field.exclusiveMinimum !== null && number <= field.exclusiveMinimum) {
    return `More than ${field.exclusiveMinimum}.`;
  }
  if (field.exclusiveMaximum !== null && number >= field.exclusiveMaximum) {
    return `Less than ${field.exclusiveMaximum}.`;
  }
  return null;
}

/** A string input checked by `problem`; empty becomes absent, the rest goes through `convert`. */
function stringInput(
  problem: (value: string) => string | null,
  convert: (value: string) => unknown,
) {
  return z
    .string()
    .trim()
    .superRefine((value, context) => {
      const message = problem(value);
      if (message) context.addIssue({ code: 'custom', message });
    })
    .transform((value) => (value === '' ? undefined : convert(value)));
}

function leafSchema(field: TFormLeaf): z.ZodType<unknown, string | boolean> {
  switch (field.kind) {
    case 'text':
      return stringInput((value) => textProblem(field, value), String);
    case 'number':
      return stringInput((value) => numberProblem(field, value), Number);
    case 'select':
      return stringInput((value) => {
        if (value === '') return field.required ? 'Choose one.' : null;
        return field.options.includes(value) ? null : 'Choose one of the options.';
      }, String);
    case 'checkbox':
      return z.boolean();
    case 'json':
      return stringInput(
        (value) => {
          if (value === '') return field.required ? 'Required.' : null;
          try {
            JSON.parse(value);
            return null;
          } catch {
            return 'Give valid JSON.';
          }
        },
        (value): unknown => JSON.parse(value),
      );
    default:
      return field satisfies never;
  }
}

function shapeOf(fields: TFormField[]): Record<string, z.ZodType<unknown, TFormValue>> {
  return Object.fromEntries(fields.map((field) => [keyOf(field), fieldSchema(field)]));
}

function groupSchema(fields: TFormField[], required: boolean): z.ZodType<unknown, TFormValues> {
  return z.object(shapeOf(fields)).transform((value) => {
    // An optional group left empty is absent, not an object of absent fields.
    if (required) return value;
    return Object.values(value).every((entry) => entry === undefined) ? undefined : value;
  });
}

function fieldSchema(field: TFormField): z.ZodType<unknown, TFormValue> {
  return field.kind === 'group' ? groupSchema(field.fields, field.required) : leafSchema(field);
}

/** A field's own key in its group (`contact.email` → `email`). */
function keyOf(field: TFormField): string {
  return field.name.split('.').at(-1) ?? field.name;
}

/** The schema of the whole form: form values in, the workflow's input (as typed) out. */
export function buildFormSchema(
  fields: TFormField[],
): z.ZodType<Record<string, unknown>, TFormValues> {
  return z.object(shapeOf(fields));
}

/** The empty form: '' for inputs, false for checkboxes, groups nested. */
export function emptyValues(fields: TFormField[]): TFormValues {
  return Object.fromEntries(
    fields.map((field) => {
      if (field.kind === 'group') return [keyOf(field), emptyValues(field.fields)];
      return [keyOf(field), field.kind === 'checkbox' ? false : ''];
    }),
  );
}

/** Every leaf field's name (`contact.email`): where a server field error can be shown. */
export function leafNames(fields: TFormField[]): string[] {
  return fields.flatMap((field) =>
    field.kind === 'group' ? leafNames(field.fields) : [field.name],
  );
}
