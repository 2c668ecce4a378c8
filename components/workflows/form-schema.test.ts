// The client's check of the generated forms, on the real workflows' form descriptions: what it
// refuses before any request (required, lengths, formats, bounds, choices), and that what it lets
// through is the input the workflow's own schema accepts.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { getWorkflowForm } from '@/server/workflows/catalogue/catalogue';
import type { TFormField } from '@/server/workflows/catalogue/form-description';
import { registry } from '@/server/workflows/index';
import { buildFormSchema, emptyValues, leafNames, type TFormValues } from './form-schema';

function formOf(id: string) {
  return getWorkflowForm(registry, id);
}

/** The messages by dotted path, as the resolver hands them to the form. */
function problemsOf(schema: z.ZodType<unknown, TFormValues>, values: TFormValues) {
  const result = schema.safeParse(values);
  if (result.success) return {};
  return Object.fromEntries(
    result.error.issues.map((issue) => [issue.path.join('.'), issue.message]),
  );
}

const lead = formOf('lead-enrichment');
const leadSchema = buildFormSchema(lead.fields);

describe('the lead enrichment form', () => {
  it('starts empty, with the contact as a nested group', () => {
    expect(emptyValues(lead.fields)).toEqual({
      companyName: '',
      domain: '',
      contact: { email: '', firstName: '', lastName: '', title: '' },
      owner: '',
      source: '',
    });
    expect(leafNames(lead.fields)).toContain('contact.email');
  });

  it('names every required field left empty, nested ones by their dotted path', () => {
    expect(problemsOf(leadSchema, emptyValues(lead.fields))).toEqual({
      companyName: 'Required.',
      'contact.email': 'Required.',
      'contact.firstName': 'Required.',
      'contact.lastName': 'Required.',
      owner: 'Required.',
    });
  });

  it('refuses a bad email and a value over its length, and ignores blanks around values', () => {
    const values = {
      ...emptyValues(lead.fields),
      companyName: '  Northwind  ',
      contact: { email: 'ada at northwind', firstName: 'Ada', lastName: 'Lovelace', title: '' },
      owner: 'x'.repeat(101),
    };
    expect(problemsOf(leadSchema, values)).toEqual({
      'contact.email': 'Give a valid email address.',
      owner: 'At most 100 characters.',
    });
  });

  it('lets through exactly what the workflow accepts, empty optional fields left out', () => {
    const parsed = leadSchema.parse({
      ...emptyValues(lead.fields),
      companyName: ' Northwind Logistics ',
      domain: 'northwind.example',
      contact: {
        email: 'ada@northwind.example',
        firstName: 'Ada',
        lastName: 'Lovelace',
        title: '',
      },
      owner: 'Sam Seller',
    });
    expect(parsed).toEqual({
      companyName: 'Northwind Logistics',
      domain: 'northwind.example',
      contact: { email: 'ada@northwind.example', firstName: 'Ada', lastName: 'Lovelace' },
      owner: 'Sam Seller',
    });
    expect(registry.get('lead-enrichment')?.input.safeParse(parsed).success).toBe(true);
  });
});

describe('the address change form', () => {
  const form = formOf('address-change');
  const schema = buildFormSchema(form.fields);
  const valid = {
    customerNumber: 'C-10001',
    contactEmail: 'pat@example.com',
    address: {
      line1: 'Lindenallee 115',
      line2: '',
      city: 'Berlin',
      postalCode: '10115',
      region: '',
      country: 'DE',
    },
    effectiveDate: '',
  };

  it('checks the date format without a round trip', () => {
    expect(problemsOf(schema, { ...valid, effectiveDate: '1 May 2026' })).toEqual({
      effectiveDate: 'Give the date as YYYY-MM-DD.',
    });
    expect(problemsOf(schema, { ...valid, effectiveDate: '2026-05-01' })).toEqual({});
  });

  it('leaves patterns to the server, which upper-cases before matching', () => {
    const parsed = schema.parse({ ...valid, customerNumber: 'c-10001' });
    expect(registry.get('address-change')?.input.safeParse(parsed).success).toBe(true);
  });
});

describe('numbers, choices and checkboxes', () => {
  const base = { description: null, required: true } as const;
  const fields: TFormField[] = [
    {
      ...base,
      kind: 'number',
      name: 'amount',
      title: 'Amount',
      integer: true,
      minimum: 1,
      maximum: 10,
      exclusiveMinimum: null,
      exclusiveMaximum: null,
    },
    { ...base, kind: 'select', name: 'risk', title: 'Risk', options: ['low', 'high'] },
    { ...base, kind: 'checkbox', name: 'urgent', title: 'Urgent' },
  ];
  const schema = buildFormSchema(fields);

  it('checks bounds, whole numbers and choices', () => {
    expect(problemsOf(schema, { amount: '11', risk: '', urgent: false })).toEqual({
      amount: 'At most 10.',
      risk: 'Choose one.',
    });
    expect(problemsOf(schema, { amount: '2.5', risk: 'medium', urgent: false })).toEqual({
      amount: 'Give a whole number.',
      risk: 'Choose one of the options.',
    });
  });

  it('turns the typed number into a number', () => {
    expect(schema.parse({ amount: ' 7 ', risk: 'high', urgent: true })).toEqual({
      amount: 7,
      risk: 'high',
      urgent: true,
    });
  });
});
