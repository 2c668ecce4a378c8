import { expect, test } from '@playwright/test';
import { signInAs } from './support/auth';
import { chartRow, insertChartRuns, minuteAgoLabels } from './support/dashboard';
import { resetCoreRecords, sql } from './support/db';

test.beforeEach(async () => {
  await resetCoreRecords();
});

test('an operations user sees the charts with the numbers of the rows in the database', async ({
  page,
}) => {
  await insertChartRuns('succeeded', 3);
  await insertChartRuns('failed', 1);
  const dead = await insertChartRuns('dead', 2);
  const waiting = await insertChartRuns('needs_review', 2);
  for (const runId of dead) {
    await sql(
      `INSERT INTO dead_letters (run_id, step_id, error_class, message, attempts, input, group_key)
       VALUES ($1::uuid, 'lookup', 'TimeoutError', 'ERP did not answer', 3, '{}', 'e2e-group')`,
      [runId],
    );
  }
  // Two items waiting for two hours, one decided a minute ago.
  for (const [index, runId] of waiting.entries()) {
    await sql(
      `INSERT INTO review_items (run_id, step_id, status, risk, reasons, proposed_writes, writes_hash, created_at)
       VALUES ($1::uuid, 'gate', 'pending', 'high', '[]', '[]', md5($1::text), now() - interval '2 hours')`,
      [runId],
    );
    if (index === 0) {
      await sql(
        `INSERT INTO review_items (run_id, step_id, status, risk, reasons, proposed_writes, writes_hash, created_at, decided_at)
         VALUES ($1::uuid, 'gate-old', 'approved', 'low', '[]', '[]', 'h', now() - interval '3 hours', now() - interval '1 minute')`,
        [runId],
      );
    }
  }
  const { day, hour } = await minuteAgoLabels();

  await signInAs(page, 'operations');
  await page.goto('/');

  await expect(page.getByRole('heading', { name: 'Runs per day by outcome' })).toBeVisible();
  // Day, then: succeeded, failed, dead, cancelled, still open, total.
  await expect(chartRow(page, 'Runs per day by outcome', day)).toHaveText([
    '3',
    '1',
    '2',
    '0',
    '2',
    '8',
  ]);
  await expect(chartRow(page, 'Failure rate per day', day)).toHaveText(['3', '6', '50.0%']);
  await expect(chartRow(page, 'Open dead letters by group', 'e2e-group')).toHaveText([
    'e2e-charts',
    'lookup',
    'TimeoutError',
    '2',
    /^\d+ min$/,
  ]);
  await expect(chartRow(page, 'Review queue by age', '1–24 h')).toHaveText(['2']);
  await expect(chartRow(page, 'Review queue by age', 'Under 1 h')).toHaveText(['0']);
  await expect(chartRow(page, 'Review queue by age', 'Oldest item waited')).toHaveText(['2 h']);
  await expect(chartRow(page, 'Decisions per hour', hour)).toHaveText(['1', '0']);
  await expect(page.getByText('1 review decisions in the last 24 hours')).toBeVisible();

  // A dead letter that arrives while the page is open shows up without a reload.
  const [another] = await insertChartRuns('dead', 1);
  await sql(
    `INSERT INTO dead_letters (run_id, step_id, error_class, message, attempts, input, group_key)
     VALUES ($1::uuid, 'write', 'HttpError', '503', 3, '{}', 'e2e-other')`,
    [another],
  );
  await expect(chartRow(page, 'Open dead letters by group', 'e2e-other')).toHaveText(
    ['e2e-charts', 'write', 'HttpError', '1', /^\d+ min$/],
    { timeout: 20_000 },
  );
});

test('with nothing in the database each chart says what will appear', async ({ page }) => {
  await signInAs(page, 'operations');
  await page.goto('/');
  await expect(page.getByText('No runs in this period yet.')).toBeVisible();
  await expect(page.getByText('No finished runs in this period yet.')).toBeVisible();
  await expect(page.getByText('No open dead letters.')).toBeVisible();
  await expect(page.getByText('Nothing waits for review.')).toBeVisible();
  await expect(page.getByText('No review decisions in the last 24 hours.')).toBeVisible();
});
