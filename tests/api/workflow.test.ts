// The workflow catalogue's API: the registry's workflows, each one's input as a form derived from
// its zod schema, and starting a run from a form (queued, requested by the caller, audited), with
// bad input answered per field (nested fields by dotted path) and nothing written.
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { POST } from '../../app/api/trpc/[trpc]/route.ts';
import { createCaller } from '../../server/api/root.ts';
import { createDb, type Db } from '../../server/db/client.ts';
import { getEnginePool } from '../../server/engine/pool.ts';
import type {
  TFormField,
  TWorkflowForm,
} from '../../server/workflows/catalogue/form-description.ts';
import { sessionCookie, TEST_ORIGIN } from '../support/auth.ts';
import { testDatabaseUrl } from '../support/database.ts';

let db: Db;
let requesterId = '';
let requesterCookie = '';

function requester() {
  const user = {
    id: requesterId,
    email: 'rita@example.com',
    name: 'Rita',
    role: 'requester' as const,
  };
  return createCaller({ db, headers: new Headers(), user });
}

/** A field of a form by its dotted name, searched through the groups. */
function fieldOf(form: TWorkflowForm, name: string): TFormField | undefined {
  const search = (fields: TFormField[]): TFormField | undefined => {
    for (const field of fields) {
      if (field.name === name) return field;
      if (field.kind === 'group') {
        const found = search(field.fields);
        if (found) return found;
      }
    }
    return undefined;
  };
  return search(form.fields);
}

async function runCount(): Promise<number> {
  const { rows } = await getEnginePool().query<{ n: number }>(
    'SELECT count(*)::int AS n FROM runs',
  );
  return rows[0]?.n ?? -1;
}

/** Calls workflow.start over HTTP as the signed-in requester: the error exactly as a browser gets it. */
async function startOverHttp(body: unknown) {
  const response = await POST(
    new Request(`${TEST_ORIGIN}/api/trpc/workflow.start`, {
      method: 'POST',
      headers: { cookie: requesterCookie, origin: TEST_ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ json: body }),
    }),
  );
  const parsed = z
    .object({
      error: z.object({
        json: z.object({
          message: z.string(),
          data: z.object({
            code: z.string(),
            appCode: z.string().nullable(),
            fieldErrors: z.record(z.string(), z.array(z.string())).nullable(),
            formErrors: z.array(z.string()).nullable(),
          }),
        }),
      }),
    })
    .parse(await response.json());
  return { status: response.status, ...parsed.error.json };
}

/** The tRPC error a call fails with. */
async function failureOf(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  db = createDb(testDatabaseUrl);
  const session = await sessionCookie(getEnginePool(), 'requester');
  requesterId = session.id;
  requesterCookie = session.cookie;
});

afterAll(async () => {
  await db.$disconnect();
  await getEnginePool().end();
});

describe('workflow.list', () => {
  it('lists the three registered workflows with their titles and descriptions', async () => {
    const workflows = await requester().workflow.list();
    expect(workflows.map((workflow) => workflow.id)).toEqual([
      'invoice-approval',
      'lead-enrichment',
      'address-change',
    ]);
    for (const workflow of workflows) {
      expect(workflow.title.length).toBeGreaterThan(3);
      expect(workflow.description.length).toBeGreaterThan(20);
    }
  });
});

describe('workflow.form', () => {
  it('describes the invoice approval input: required, pattern, limits and help texts', async () => {
    const form = await requester().workflow.form({ id: 'invoice-approval' });
    expect(form).toMatchObject({ workflowId: 'invoice-approval', title: expect.any(String) });
    expect(form.fields.map((field) => field.name)).toEqual([
      'vendorNumber',
      'invoiceNumber',
      'payToIban',
      'note',
    ]);
    // It also takes the vendor's invoice as a document, with the note beside it.
    expect(form.documentFields?.map((field) => field.name)).toEqual(['note']);
    expect(fieldOf(form, 'vendorNumber')).toEqual({
      kind: 'text',
      name: 'vendorNumber',
      title: 'Vendor number',
      description: 'The ERP number of the vendor who sent the invoice, e.g. V-1042.',
      required: true,
      format: null,
      minLength: null,
      maxLength: null,
      pattern: '^V-[0-9]{4,}$',
    });
    expect(fieldOf(form, 'invoiceNumber')).toMatchObject({
      required: true,
      minLength: 1,
      maxLength: 100,
    });
    expect(fieldOf(form, 'note')).toMatchObject({
      kind: 'text',
      required: false,
      maxLength: 2000,
      description: expect.stringContaining('Optional'),
    });
  });

  it('describes the lead enrichment input with the contact as a group and its email typed', async () => {
    const form = await requester().workflow.form({ id: 'lead-enrichment' });
    const contact = fieldOf(form, 'contact');
    expect(contact).toMatchObject({ kind: 'group', title: 'Contact', required: true });
    if (contact?.kind !== 'group') throw new Error('contact is not a group');
    expect(contact.fields.map((field) => [field.name, field.required])).toEqual([
      ['contact.email', true],
      ['contact.firstName', true],
      ['contact.lastName', true],
      ['contact.title', false],
    ]);
    // Trimmed and lowercased before z.email(): the format comes from the schema's output side.
    expect(fieldOf(form, 'contact.email')).toMatchObject({
      kind: 'text',
      format: 'email',
      title: 'Email',
      description: "The lead's work email address.",
    });
    expect(fieldOf(form, 'domain')).toMatchObject({ required: false, format: null, pattern: null });
    expect(fieldOf(form, 'owner')).toMatchObject({ required: true, maxLength: 100 });
  });

  it('describes the address change input with the address group, its help and a date field', async () => {
    const form = await requester().workflow.form({ id: 'address-change' });
    expect(fieldOf(form, 'address')).toMatchObject({
      kind: 'group',
      description: 'The new address; it replaces the old one everywhere.',
    });
    expect(fieldOf(form, 'address.postalCode')).toMatchObject({
      title: 'Postal code',
      required: true,
      maxLength: 20,
      description: 'Postal or ZIP code, e.g. 10115.',
    });
    expect(fieldOf(form, 'address.line2')).toMatchObject({ title: 'Line 2', required: false });
    expect(fieldOf(form, 'address.country')).toMatchObject({ pattern: '^[A-Z]{2}$' });
    expect(fieldOf(form, 'contactEmail')).toMatchObject({ format: 'email', required: true });
    expect(fieldOf(form, 'effectiveDate')).toMatchObject({ format: 'date', required: false });
  });

  it('answers NOT_FOUND for a workflow that does not exist', async () => {
    const error = await failureOf(requester().workflow.form({ id: 'no-such-workflow' }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain('no-such-workflow');
  });
});

describe('workflow.start', () => {
  it('queues a run requested by the caller, audited as run.started', async () => {
    const { runId } = await requester().workflow.start({
      workflowId: 'invoice-approval',
      input: { vendorNumber: ' v-1042 ', invoiceNumber: 'INV-20417' },
    });
    const { rows } = await getEnginePool().query(
      'SELECT workflow_id, status, requested_by_id, input FROM runs WHERE id = $1',
      [runId],
    );
    expect(rows).toEqual([
      {
        workflow_id: 'invoice-approval',
        status: 'queued',
        requested_by_id: requesterId,
        input: { vendorNumber: 'V-1042', invoiceNumber: 'INV-20417' },
      },
    ]);
    const audit = await getEnginePool().query(
      'SELECT action, actor_id, data FROM audit_events WHERE subject_id = $1',
      [runId],
    );
    expect(audit.rows).toEqual([
      {
        action: 'run.started',
        actor_id: requesterId,
        data: expect.objectContaining({ workflowId: 'invoice-approval' }),
      },
    ]);
  });

  it('refuses bad input with field errors by dotted path and creates no run', async () => {
    const before = await runCount();
    const error = await startOverHttp({
      workflowId: 'lead-enrichment',
      input: {
        companyName: 'Northwind Logistics',
        contact: { email: 'not an email', firstName: 'Ada', lastName: '' },
        owner: 'Sam',
      },
    });
    expect(error).toMatchObject({
      status: 400,
      message: 'Some of the input is not valid; see the field errors.',
      data: { code: 'BAD_REQUEST', appCode: 'BAD_INPUT', formErrors: [] },
    });
    expect(error.data.fieldErrors).toEqual({
      'contact.email': ['Give a valid email address.'],
      'contact.lastName': ['Give the last name.'],
    });
    expect(await runCount()).toBe(before);
  });

  it('refuses the same bad input from a server caller with BAD_REQUEST', async () => {
    const before = await runCount();
    const error = await failureOf(
      requester().workflow.start({
        workflowId: 'invoice-approval',
        input: { vendorNumber: 'X-1', invoiceNumber: 'INV-1' },
      }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(await runCount()).toBe(before);
  });

  it('answers NOT_FOUND for a workflow that does not exist and creates no run', async () => {
    const before = await runCount();
    const error = await failureOf(requester().workflow.start({ workflowId: 'nope', input: {} }));
    expect(error.code).toBe('NOT_FOUND');
    expect(await runCount()).toBe(before);
  });
});
