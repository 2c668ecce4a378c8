/**
 * A workflow's input as a form: what the trigger form at /workflows/[id]/new renders and
 * validates on the client. Derived from the workflow's zod schema on the server
 * (describe-input.ts); plain zod, so the browser may import its types.
 */
import { z } from 'zod';

const ZFieldBaseSchema = z.object({
  /** The field's path in the input, dotted (`contact.email`): the form's field name. */
  name: z.string(),
  /** The label: the schema's title, else derived from the property name. */
  title: z.string(),
  /** Help text shown under the field: the schema's `.describe()`. */
  description: z.string().nullable(),
  required: z.boolean(),
});

/** A text input; `format` picks the input type (email, date) and its client check. */
export const ZTextFieldSchema = ZFieldBaseSchema.extend({
  kind: z.literal('text'),
  format: z.enum(['email', 'date', 'date-time', 'uri']).nullable(),
  minLength: z.number().int().nullable(),
  maxLength: z.number().int().nullable(),
  /** A regular expression the value must match (JSON Schema `pattern`). */
  pattern: z.string().nullable(),
});

/** A number input; `integer` for whole numbers. Bounds are inclusive unless marked exclusive. */
export const ZNumberFieldSchema = ZFieldBaseSchema.extend({
  kind: z.literal('number'),
  integer: z.boolean(),
  minimum: z.number().nullable(),
  maximum: z.number().nullable(),
  exclusiveMinimum: z.number().nullable(),
  exclusiveMaximum: z.number().nullable(),
});

/** A choice among fixed values (a zod enum): a select. */
export const ZSelectFieldSchema = ZFieldBaseSchema.extend({
  kind: z.literal('select'),
  options: z.array(z.string()),
});

/** A yes/no value: a checkbox. */
export const ZCheckboxFieldSchema = ZFieldBaseSchema.extend({ kind: z.literal('checkbox') });

/** Anything a form cannot type (arrays, unions): JSON typed into a text area. */
export const ZJsonFieldSchema = ZFieldBaseSchema.extend({ kind: z.literal('json') });

/** A field that holds a value (not a group). */
export const ZFormLeafSchema = z.discriminatedUnion('kind', [
  ZTextFieldSchema,
  ZNumberFieldSchema,
  ZSelectFieldSchema,
  ZCheckboxFieldSchema,
  ZJsonFieldSchema,
]);

/** A leaf field of a workflow form. */
export type TFormLeaf = z.infer<typeof ZFormLeafSchema>;

/** A nested object (an address, a contact): a fieldset with a legend around its fields. */
export interface TFormGroup {
  kind: 'group';
  name: string;
  title: string;
  description: string | null;
  required: boolean;
  fields: TFormField[];
}

/** One field of a workflow form, or a group of them. */
export type TFormField = TFormLeaf | TFormGroup;

/** A nested object: a fieldset with a legend around its fields. */
export const ZFormGroupSchema: z.ZodType<TFormGroup> = ZFieldBaseSchema.extend({
  kind: z.literal('group'),
  get fields() {
    return z.array(ZFormFieldSchema);
  },
});

/** One field of a workflow form, or a group of them. */
export const ZFormFieldSchema: z.ZodType<TFormField> = z.union([ZFormLeafSchema, ZFormGroupSchema]);

/** A workflow and the form that starts it. */
export const ZWorkflowFormSchema = z.object({
  workflowId: z.string(),
  title: z.string(),
  description: z.string(),
  fields: z.array(ZFormFieldSchema),
  /**
   * Null: the workflow takes typed fields only. Else it also takes a document (pasted text, a
   * .txt, .eml or .pdf) instead of the typed fields, with these fields beside it.
   */
  documentFields: z.array(ZFormFieldSchema).nullable(),
});

/** A workflow and the form that starts it. */
export type TWorkflowForm = z.infer<typeof ZWorkflowFormSchema>;
