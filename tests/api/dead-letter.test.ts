// The dead-letter admin's API on runs that really died: clean small invoices the ERP refuses to
// change (a real trigger on erp.invoices, tests/support/refused-invoices.ts), so their
// invoice-approval runs fail for good in tool:approve-invoice after the tool's retries (embedded
// engine, offline planner); taking the invoice off the refusal list is the fix before a replay.
// Groups and counts, the list of a group, one run's detail, replay in each mode, a bulk replay
// answered per run, discard with a reason, the audit trail, and roles other than operations
// refused with nothing changed.
import { TRPCError } from '@trpc/server';
import { afterAll, describe, expect, it } from 'vitest';
import { POST } from '../../app/api/trpc/[trpc]/route.ts';
import { createCaller } from '../../server/api/root.ts';
import type { TRole } from '../../server/auth/roles.ts';
import { createDb } from '../../server/db/client.ts';
import { getEnginePool } from '../../server/engine/pool.ts';
import { testWorker, waitForRun } from '../engine/support.ts';
import { sessionCookie, TEST_ORIGIN, testUser } from '../support/auth.ts';
import { testDatabaseUrl } from '../support/database.ts';
import { allowChangesTo, fileInvoice, refusedInvoice } from '../support/refused-invoices.ts';
import { pool, registry, startAndSettle } from '../workflows/support.ts';

const db = createDb(testDatabaseUrl);
afterAll(async () => {
  await db.$disconnect();
  await getEnginePool().end();
});

const operator = { id: '' };

async function callerAs(role: TRole) {
  if (role === 'operations' && operator.id === '') {
    operator.id = (await testUser(pool, 'operations', 'Olga Operations')).id;
  }
  const id = role === 'operations' ? operator.id : (await testUser(pool, role)).id;
  return createCaller({
    db,
    headers: new Headers(),
    user: { id, email: `${id}@example.com`, name: role, role },
  });
}

let counter = 0;

/**
 * An invoice-approval run of a clean small invoice the ERP refuses to change: it dies in
 * tool:approve-invoice. `poId` is the PO it bills (an invoice filed later on it is approved).
 */
async function deadRun() {
  counter += 1;
  const invoice = await refusedInvoice(pool, counter, `DL-2026-${counter}`);
  const run = await startAndSettle('invoice-approval', {
    vendorNumber: invoice.vendorNumber,
    invoiceNumber: invoice.invoiceNumber,
  });
  expect(run.status).toBe('dead');
  return { runId: run.id, ...invoice };
}

async function deadLetterOf(runId: string) {
  const { rows } = await pool.query(
    'SELECT resolution, resolved_by_id, resolution_note, resolved_at FROM dead_letters WHERE run_id = $1 ORDER BY created_at',
    [runId],
  );
  return rows;
}

async function auditOf(subjectId: string) {
  const { rows } = await pool.query(
    'SELECT action, actor_id, data FROM audit_events WHERE subject_id = $1 ORDER BY id',
    [subjectId],
  );
  return rows;
}

describe('the dead-letter admin on runs that really died', () => {
  it('groups the dead letters by root cause, lists a group and shows one run in full', async () => {
    const dead = [await deadRun(), await deadRun(), await deadRun()];
    const ops = await callerAs('operations');
    const groups = await ops.deadLetter.groups({ workflowId: 'invoice-approval' });
    expect(groups).toHaveLength(1);
    const [group] = groups;
    expect(group).toMatchObject({
      workflowId: 'invoice-approval',
      workflowTitle: 'Invoice approval',
      stepId: 'tool:approve-invoice',
      count: 3,
      normalisedMessage: expect.stringContaining('The ERP refuses changes to invoice DL-<n>-<n>'),
    });
    expect(group?.oldestAt.getTime()).toBeLessThanOrEqual(group?.newestAt.getTime() ?? 0);
    expect(await ops.deadLetter.groups({ workflowId: 'lead-enrichment' })).toEqual([]);
    expect(await ops.deadLetter.groups({ errorClass: group?.errorClass })).toHaveLength(1);
    expect(await ops.deadLetter.groups({ minAgeMinutes: 60 })).toEqual([]);

    const page = await ops.deadLetter.list({ groupKey: group?.groupKey, limit: 2 });
    expect(page.total).toBe(3);
    expect(page.items.map((item) => item.runId)).toEqual(dead.slice(0, 2).map((d) => d.runId));
    expect(page.items[0]).toMatchObject({
      stepId: 'tool:approve-invoice',
      input: { vendorNumber: dead[0]?.vendorNumber, invoiceNumber: dead[0]?.invoiceNumber },
    });
    const rest = await ops.deadLetter.list({
      groupKey: group?.groupKey,
      cursor: page.nextCursor ?? '',
    });
    expect(rest.items.map((item) => item.runId)).toEqual([dead[2]?.runId]);
    expect(rest.nextCursor).toBeNull();

    const detail = await ops.deadLetter.get({ runId: dead[0]?.runId ?? '' });
    expect(detail.deadLetter.message).toContain(dead[0]?.invoiceNumber);
    expect(detail.deadLetter.resolution).toBeNull();
    expect(detail.run).toMatchObject({
      status: 'dead',
      input: { invoiceNumber: dead[0]?.invoiceNumber },
    });
    expect(detail.inputSchema).toMatchObject({
      type: 'object',
      properties: { vendorNumber: { type: 'string' }, invoiceNumber: { type: 'string' } },
      required: expect.arrayContaining(['vendorNumber', 'invoiceNumber']),
    });
    expect(detail.failedStep).toMatchObject({
      stepId: 'tool:approve-invoice',
      toolName: 'erp.approve-invoice',
      status: 'failed',
    });
    expect(detail.failedStep?.attempts[0]?.message).toContain(dead[0]?.invoiceNumber);
  });

  it('replays from the failed step: the same run finishes, the dead letter says so, audited', async () => {
    const dead = await deadRun();
    await allowChangesTo(pool, dead.invoiceNumber);
    testWorker(registry);
    const ops = await callerAs('operations');
    const results = await ops.deadLetter.replay({ runIds: [dead.runId], mode: 'from_failed_step' });
    expect(results).toEqual([
      { ok: true, originRunId: dead.runId, runId: dead.runId, mode: 'from_failed_step' },
    ]);
    expect((await waitForRun(dead.runId, ['succeeded', 'dead'], 30_000)).status).toBe('succeeded');
    expect(await deadLetterOf(dead.runId)).toMatchObject([
      { resolution: 'replayed', resolved_by_id: operator.id },
    ]);
    expect(await auditOf(dead.runId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'run.replayed', actor_id: operator.id }),
      ]),
    );
  });

  it('replays from the start as a new run linked to the old one', async () => {
    const dead = await deadRun();
    await allowChangesTo(pool, dead.invoiceNumber);
    testWorker(registry);
    const ops = await callerAs('operations');
    const [result] = await ops.deadLetter.replay({ runIds: [dead.runId], mode: 'from_start' });
    if (!result?.ok) throw new Error(`refused: ${JSON.stringify(result)}`);
    expect(result.runId).not.toBe(dead.runId);
    const replay = await waitForRun(result.runId, ['succeeded', 'dead'], 30_000);
    expect(replay).toMatchObject({
      status: 'succeeded',
      replay_of_id: dead.runId,
      replay_mode: 'from_start',
    });
    expect((await waitForRun(dead.runId, ['dead'])).status).toBe('dead');
    expect(await deadLetterOf(dead.runId)).toMatchObject([
      { resolution: 'replayed', resolved_by_id: operator.id },
    ]);
    expect(await auditOf(dead.runId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'run.replay_requested',
          actor_id: operator.id,
          data: expect.objectContaining({ mode: 'from_start', newRunId: result.runId }),
        }),
      ]),
    );
  });

  it('refuses corrected input that does not fit with field errors, then replays a fitting one', async () => {
    const dead = await deadRun();
    const { cookie, id } = await sessionCookie(pool, 'operations');
    const response = await POST(
      new Request(`${TEST_ORIGIN}/api/trpc/deadLetter.replay`, {
        method: 'POST',
        headers: { cookie, origin: TEST_ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify({
          json: { runIds: [dead.runId], mode: 'with_input', input: { vendorNumber: 'nobody' } },
        }),
      }),
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.json.data).toMatchObject({
      appCode: 'BAD_INPUT',
      fieldErrors: { vendorNumber: [expect.any(String)], invoiceNumber: [expect.any(String)] },
    });
    // Nothing replayed: the dead letter is open, no run links to it, nothing audited.
    expect(await deadLetterOf(dead.runId)).toMatchObject([{ resolution: null }]);
    const linked = await pool.query('SELECT id FROM runs WHERE replay_of_id = $1', [dead.runId]);
    expect(linked.rows).toEqual([]);
    expect((await auditOf(dead.runId)).map((event) => event.action)).not.toContain(
      'run.replay_requested',
    );

    // Another invoice of the vendor, which the ERP accepts: replay with the corrected input.
    const corrected = { vendorNumber: dead.vendorNumber, invoiceNumber: `${dead.invoiceNumber}-C` };
    await fileInvoice(pool, dead.poId, corrected.invoiceNumber);
    testWorker(registry);
    const ops = await callerAs('operations');
    const [result] = await ops.deadLetter.replay({
      runIds: [dead.runId],
      mode: 'with_input',
      input: corrected,
    });
    if (!result?.ok) throw new Error(`refused: ${JSON.stringify(result)}`);
    const replay = await waitForRun(result.runId, ['succeeded', 'dead'], 30_000);
    expect(replay).toMatchObject({
      status: 'succeeded',
      replay_of_id: dead.runId,
      replay_mode: 'with_input',
      input: corrected,
    });
    expect(id).not.toBe(operator.id);
  });

  it('replays in bulk answering per run: an already replayed run is refused, the others go', async () => {
    const dead = [await deadRun(), await deadRun(), await deadRun()];
    const ops = await callerAs('operations');
    const [first] = await ops.deadLetter.replay({
      runIds: [dead[1]?.runId ?? ''],
      mode: 'from_start',
    });
    expect(first?.ok).toBe(true);
    const results = await ops.deadLetter.replay({
      runIds: dead.map((d) => d.runId),
      mode: 'from_start',
    });
    expect(results.map((result) => [result.originRunId, result.ok])).toEqual([
      [dead[0]?.runId, true],
      [dead[1]?.runId, false],
      [dead[2]?.runId, true],
    ]);
    expect(results[1]).toMatchObject({
      code: 'RUN_NOT_REPLAYABLE',
      message: expect.stringContaining('already replayed'),
    });
    const linked = await pool.query<{ replay_of_id: string }>(
      'SELECT replay_of_id FROM runs WHERE replay_of_id = ANY($1::uuid[]) ORDER BY replay_of_id',
      [dead.map((d) => d.runId)],
    );
    // One replay each: the refused run was not replayed a second time.
    expect(linked.rows.map((row) => row.replay_of_id).sort()).toEqual(
      dead.map((d) => d.runId).sort(),
    );
  });

  it('discards with a reason: the run stays dead, the dead letter and the audit say who and why', async () => {
    const dead = await deadRun();
    const ops = await callerAs('operations');
    await expect(ops.deadLetter.discard({ runIds: [dead.runId], reason: '  ' })).rejects.toThrow(
      TRPCError,
    );
    const results = await ops.deadLetter.discard({
      runIds: [dead.runId],
      reason: 'Vendor withdrew the invoice',
    });
    expect(results).toEqual([{ ok: true, runId: dead.runId, deadLetterId: expect.any(String) }]);
    expect(await deadLetterOf(dead.runId)).toMatchObject([
      {
        resolution: 'discarded',
        resolved_by_id: operator.id,
        resolution_note: 'Vendor withdrew the invoice',
      },
    ]);
    const deadLetterId = results[0]?.ok ? results[0].deadLetterId : '';
    expect(await auditOf(deadLetterId)).toMatchObject([
      {
        action: 'dead_letter.discarded',
        actor_id: operator.id,
        data: { runId: dead.runId, reason: 'Vendor withdrew the invoice' },
      },
    ]);
    expect((await waitForRun(dead.runId, ['dead'])).status).toBe('dead');
    const again = await ops.deadLetter.discard({ runIds: [dead.runId], reason: 'twice' });
    expect(again).toMatchObject([{ ok: false, code: 'CONFLICT' }]);
    const replay = await ops.deadLetter.replay({ runIds: [dead.runId], mode: 'from_start' });
    expect(replay).toMatchObject([{ ok: false, message: expect.stringContaining('discarded') }]);
  });

  it.each(['requester', 'reviewer', 'admin'] as const)(
    'refuses a %s every dead-letter action, and nothing changes',
    async (role) => {
      const dead = await deadRun();
      const caller = await callerAs(role);
      const refusals = await Promise.allSettled([
        caller.deadLetter.groups({}),
        caller.deadLetter.list({}),
        caller.deadLetter.get({ runId: dead.runId }),
        caller.deadLetter.replay({ runIds: [dead.runId], mode: 'from_start' }),
        caller.deadLetter.discard({ runIds: [dead.runId], reason: 'not mine to discard' }),
      ]);
      for (const refusal of refusals) {
        expect(refusal).toMatchObject({ status: 'rejected', reason: { code: 'FORBIDDEN' } });
      }
      expect(await deadLetterOf(dead.runId)).toMatchObject([{ resolution: null }]);
      const linked = await pool.query('SELECT id FROM runs WHERE replay_of_id = $1', [dead.runId]);
      expect(linked.rows).toEqual([]);
    },
  );
});
