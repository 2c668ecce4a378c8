import { expect, test } from '@playwright/test';
import { signInAs } from './support/auth';
import { resetCoreRecords, sql } from './support/db';

const statuses: Record<string, number> = {
  queued: 3,
  running: 2,
  needs_review: 4,
  succeeded: 7,
  failed: 1,
  dead: 2,
};

/** Runs of a workflow no worker serves, so they stay in the status they are inserted with. */
async function insertRuns(status: string, count: number): Promise<string[]> {
  const rows = await sql<{ id: string }>(
    `INSERT INTO runs (workflow_id, workflow_version, status, input)
     SELECT 'e2e-counts', 1, $1::"RunStatus", jsonb_build_object('n', n)
     FROM generate_series(1, $2::int) AS n RETURNING id`,
    [status, count],
  );
  return rows.map((row) => row.id);
}

test.beforeEach(async () => {
  await resetCoreRecords();
});

test('the home page shows the counts of the rows in the database, and follows them live', async ({
  page,
}) => {
  const runIds: Record<string, string[]> = {};
  for (const [status, count] of Object.entries(statuses)) {
    runIds[status] = await insertRuns(status, count);
  }
  // Three review items waiting, one already decided; two dead letters open, one resolved.
  for (const [index, runId] of (runIds.needs_review ?? []).entries()) {
    await sql(
      `INSERT INTO review_items (run_id, step_id, status, risk, reasons, proposed_writes, writes_hash)
       VALUES ($1::uuid, 'gate', $2::"ReviewStatus", 'high', '[]', '[]', md5($1::text))`,
      [runId, index === 0 ? 'approved' : 'pending'],
    );
  }
  const [deadA, deadB] = runIds.dead ?? [];
  for (const [runId, resolved] of [
    [deadA, false],
    [deadB, false],
    [deadB, true],
  ] as const) {
    await sql(
      `INSERT INTO dead_letters (run_id, step_id, error_class, message, attempts, input, group_key, resolved_at, resolution)
       VALUES ($1, 'lookup', 'Timeout', 'ERP did not answer', 5, '{}', 'g1', $2, $3)`,
      [runId, resolved ? new Date() : null, resolved ? 'discarded' : null],
    );
  }

  await signInAs(page, 'operations');
  await page.goto('/');
  for (const [status, count] of Object.entries(statuses)) {
    await expect(page.getByTestId(`count-${status}`)).toHaveText(String(count));
  }
  await expect(page.getByTestId('count-cancelled')).toHaveText('0');
  await expect(page.getByTestId('count-runs-total')).toHaveText('19');
  await expect(page.getByTestId('count-review-pending')).toHaveText('3');
  await expect(page.getByTestId('count-dead-letters-open')).toHaveText('2');

  // A run that arrives while the page is open shows up without a reload.
  await insertRuns('queued', 2);
  await expect(page.getByTestId('count-queued')).toHaveText('5', { timeout: 15_000 });
  await expect(page.getByTestId('count-runs-total')).toHaveText('21');
});

test('the health endpoint reports the database as up', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ ok: true, database: 'up' });
});
