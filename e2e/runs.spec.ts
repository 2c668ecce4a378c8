import { expect, type Page, test } from '@playwright/test';
import { makeUser, signInAs } from './support/auth';
import { resetCoreRecords, sql } from './support/db';
import { seedSystems, waitFor } from './support/review';
import {
  replayFromStart,
  smallInvoice,
  startDoomedRun,
  startHeldRun,
  statusOf,
} from './support/runs';

// The runs pages against the app's own worker: the list moves by itself, filters live in the
// URL, and a run's timeline shows its plan, steps, validation, writes, audit and replay links.

test.beforeAll(async () => {
  await seedSystems();
});
test.beforeEach(async () => {
  await resetCoreRecords();
});

const rowOf = (page: Page, runId: string) =>
  page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);

test('operations watch a run go from queued to succeeded without reloading, filter by status and open its timeline', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const requester = await makeUser('requester', 'Rita Requester');
  const held = await startHeldRun(await smallInvoice(), requester.id);
  await signInAs(page, 'operations');

  await page.goto('/runs');
  const row = rowOf(page, held.runId);
  await expect(row).toHaveAttribute('data-status', 'queued');
  await expect(row).toContainText('Queued');
  await expect(row).toContainText('Invoice approval');
  await expect(row).toContainText('Rita Requester');

  // No reload from here on: the list refetches by itself.
  let reloaded = false;
  page.on('load', () => {
    reloaded = true;
  });
  await held.release();
  await expect(row).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 });
  await expect(row).toContainText('Succeeded');
  expect(reloaded).toBe(false);
  expect(await statusOf(held.runId)).toBe('succeeded');

  // The status filter is kept in the URL, and the URL alone sets it.
  await page.getByLabel('Status').selectOption('dead');
  await expect(page).toHaveURL(/\/runs\?status=dead$/);
  await expect(page.getByText('No runs match these filters')).toBeVisible();
  await page.goto('/runs?status=succeeded');
  await expect(page.getByLabel('Status')).toHaveValue('succeeded');
  await expect(rowOf(page, held.runId)).toBeVisible();

  // The run's page is one timeline.
  await rowOf(page, held.runId).getByRole('link', { name: held.runId }).click();
  await expect(page).toHaveURL(`/runs/${held.runId}`);
  const timeline = page.getByRole('list', { name: 'Timeline' });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded');
  for (const section of ['Plan', 'Steps', 'Model calls', 'Validation', 'Writes', 'Audit events']) {
    await expect(timeline.getByRole('heading', { name: section, level: 2 })).toBeVisible();
  }
  await expect(page.getByTestId('timeline-plan')).toContainText('offline');
  await expect(page.getByTestId('timeline-validation')).toContainText('vendor-active');
  await expect(page.getByTestId('timeline-writes')).toContainText('erp.approve-invoice');
  await expect(page.getByTestId('timeline-writes')).toContainText(`${held.runId}:tool:`);
  await expect(page.getByTestId('timeline-audit')).toContainText('run.started');
  await expect(page.getByTestId('timeline-audit')).toContainText('Rita Requester');
});

test('the timeline of a replayed run shows its origin', async ({ page }) => {
  test.setTimeout(60_000);
  const requester = await makeUser('requester', 'Rita Requester');
  const operator = await makeUser('operations', 'Olga Operations');
  const originId = await startDoomedRun(requester.id);
  await waitFor(async () => (await statusOf(originId)) === 'dead');
  const replayId = await replayFromStart(originId, operator.id);

  await signInAs(page, 'operations');
  await page.goto(`/runs/${replayId}`);
  const origin = page.getByTestId('replay-of');
  await expect(origin).toContainText('Replay of');
  await expect(origin).toContainText('from_start');
  await origin.getByRole('link', { name: originId }).click();

  await expect(page).toHaveURL(`/runs/${originId}`);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'dead');
  await expect(page.getByTestId('timeline-dead-letters')).toContainText(
    'The ERP refuses changes to invoice E2E-DOOMED-',
  );
  await expect(page.getByTestId('timeline-dead-letters')).toContainText('Olga Operations');
  const replays = page.getByTestId('replayed-as');
  await expect(replays).toContainText('Replayed as');
  await expect(replays.getByRole('link', { name: replayId })).toHaveAttribute(
    'href',
    `/runs/${replayId}`,
  );
  await expect(page.getByTestId('timeline-audit')).toContainText('run.replay_requested');
});

test('operations cancel a queued run from its page, with a reason; others see no cancel', async ({
  page,
}) => {
  const requester = await makeUser('requester', 'Rita Requester');
  const held = await startHeldRun(await smallInvoice(), requester.id);
  const operator = await signInAs(page, 'operations');
  await page.goto(`/runs/${held.runId}`);
  await page.getByRole('button', { name: 'Cancel run…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel this run' });
  await dialog.getByLabel('Reason').fill('entered twice by mistake');
  await dialog.getByRole('button', { name: 'Cancel run' }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'cancelled');
  expect(await statusOf(held.runId)).toBe('cancelled');
  const audit = await sql<{ actor_id: string; data: { reason: string } }>(
    `SELECT actor_id, data FROM audit_events WHERE action = 'run.cancelled' AND subject_id = $1`,
    [held.runId],
  );
  expect(audit).toMatchObject([
    { actor_id: operator.id, data: { reason: 'entered twice by mistake' } },
  ]);
  await expect(page.getByRole('button', { name: 'Cancel run…' })).toBeHidden();
});
