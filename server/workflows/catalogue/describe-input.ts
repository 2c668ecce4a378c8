/**
 * Turns a workflow's zod input schema into the form that starts it: z.toJSONSchema in `input`
 * mode (what a requester types, before trims and transforms), then one field per property,
 * nested objects as groups, the `.describe()` texts as help.
 */
import { z } from 'zod';
import type { TFormField, TFormLeaf } from './form-description.ts';

interface TJsonNode {
  type?: string | string[] | undefined;
  title?: string | undefined;
  description?: string | undefined;
  properties?: Record<string, TJsonNode> | undefined;
  required?: string[] | undefined;
  enum?: unknown[] | undefined;
  anyOf?: TJsonNode[] | undefined;
  format?: string | undefined;
  pattern?: string | undefined;
  minLength?: number | undefined;
  maxLength?: number | undefined;
  minimum?: number | undefined;
  maximum?: number | undefined;
  exclusiveMinimum?: number | undefined;
  exclusiveMaximum?: number | undefined;
}

const ZJsonNodeSchema: z.ZodType<TJsonNode> = z.object({
  type: z.union([z.string(), z.array(z.string())]).optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  get properties() {
    return z.record(z.string(), ZJsonNodeSchema).optional();
  },
  required: z.array(z.string()).optional(),
  enum: z.array(z.unknown()).optional(),
  get anyOf() {
    return z.array(ZJsonNodeSchema).optional();
  },
  format: z.string().optional(),
  pattern: z.string().optional(),
  minLength: z.number().optional(),
  maxLength: z.number().optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  exclusiveMinimum: z.number().optional(),
  exclusiveMaximum: z.number().optional(),
});

const TEXT_FORMATS = ['email', 'date', 'date-time', 'uri'] as const;
const ZTextFormatSchema = z.enum(TEXT_FORMATS);

/** `postalCode` → "Postal code", `line1` → "Line 1": a label from a property name. */
export function titleFromName(name: string): string {
  const words = name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A nullable schema is `anyOf: [X, {type: null}]`: the form shows X (empty means absent). */
function unwrapNullable(node: TJsonNode): TJsonNode {
  const options = node.anyOf?.filter((option) => option.type !== 'null') ?? [];
  const [only] = options;
  if (options.length !== 1 || !only) return node;
  return {
    ...only,
    description: node.description ?? only.description,
    title: node.title ?? only.title,
  };
}

interface TFieldBase {
  name: string;
  title: string;
  description: string | null;
  required: boolean;
}

function leafOf(node: TJsonNode, common: TFieldBase): TFormLeaf {
  if (node.enum?.every((value) => typeof value === 'string')) {
    return { ...common, kind: 'select', options: node.enum.map(String) };
  }
  switch (node.type) {
    case 'string': {
      const format = ZTextFormatSchema.safeParse(node.format);
      return {
        ...common,
        kind: 'text',
        format: format.success ? format.data : null,
        minLength: node.minLength ?? null,
        maxLength: node.maxLength ?? null,
        pattern: node.pattern ?? null,
      };
    }
    case 'number':
    case 'integer':
      return {
        ...common,
        kind: 'number',
        integer: node.type === 'integer',
        minimum: node.minimum ?? null,
        maximum: node.maximum ?? null,
        exclusiveMinimum: node.exclusiveMinimum ?? null,
        exclusiveMaximum: node.exclusiveMaximum ?? null,
      };
    case 'boolean':
      return { ...common, kind: 'checkbox' };
    default:
      return { ...common, kind: 'json' };
  }
}

/**
 * The fields of an object node. `output` is the same schema in output mode: a value that is
 * trimmed and then piped into `z.email()` shows its format only there, so a text field without
 * a format of its own takes the output's (never its pattern: transforms run before it).
 */
function fieldsOf(node: TJsonNode, output: TJsonNode | undefined, prefix: string): TFormField[] {
  const required = new Set(node.required ?? []);
  return Object.entries(node.properties ?? {}).map(([key, raw]): TFormField => {
    const property = unwrapNullable(raw);
    const outputProperty = output?.properties?.[key];
    const base: TFieldBase = {
      name: prefix ? `${prefix}.${key}` : key,
      title: property.title ?? titleFromName(key),
      description: property.description ?? null,
      required: required.has(key),
    };
    if (property.type === 'object' && property.properties) {
      return {
        ...base,
        kind: 'group',
        fields: fieldsOf(property, outputProperty && unwrapNullable(outputProperty), base.name),
      };
    }
    const leaf = leafOf(property, base);
    if (leaf.kind === 'text' && leaf.format === null && outputProperty) {
      const format = ZTextFormatSchema.safeParse(unwrapNullable(outputProperty).format);
      if (format.success) return { ...leaf, format: format.data };
    }
    return leaf;
  });
}

/**
 * The form fields of a workflow's input schema. Inputs are objects (every registered workflow's
 * is); a schema of another shape has no fields, and starting it reports why under the form.
 */
export function describeInput(schema: z.ZodType): TFormField[] {
  const input = ZJsonNodeSchema.parse(
    z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
  );
  const output = ZJsonNodeSchema.parse(
    z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }),
  );
  return input.type === 'object' ? fieldsOf(input, output, '') : [];
}
