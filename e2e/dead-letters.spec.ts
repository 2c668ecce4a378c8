import { expect, type Page, test } from '@playwright/test';
import { makeUser, signInAs } from './support/auth';
import { resetCoreRecords } from './support/db';
import {
  allowChanges,
  auditOf,
  deadInvoiceRuns,
  deadLetterOf,
  fileInvoice,
  replaysOf,
  runOf,
} from './support/dead-letters';
import { seedSystems, waitFor } from './support/review';

// The dead-letter admin: an operations user replays real dead-lettered runs (clean small
// invoices the ERP refuses to change, dead in tool:approve-invoice; taking an invoice off the
// ERP's refusal list is the fix) in each of the three modes and a whole group in bulk, and
// discards one with a reason; checked on screen
// (confirmation wording, results per run) and in the database (dead_letters.resolution, the new
// runs' replay links, audit_events with the operator as actor).

test.beforeAll(async () => {
  await seedSystems();
});
test.beforeEach(async () => {
  await resetCoreRecords();
});

const row = (page: Page, runId: string) => page.locator(`tr[data-run-id="${runId}"]`);
const dialog = (page: Page) => page.getByRole('dialog');

/** Confirms the open replay dialog after checking what it says. */
async function confirmReplay(page: Page, question: string, count: number) {
  await expect(page.getByTestId('replay-question')).toHaveText(question);
  await dialog(page)
    .getByRole('button', { name: `Replay ${count === 1 ? '1 run' : `${count} runs`}` })
    .click();
  await expect(dialog(page)).toHaveCount(0);
}

test('an operations user replays dead runs in each mode and a group in bulk, and discards one', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const requester = await makeUser('requester', 'Rita Requester');
  const [a, b, c, d, e, f] = await deadInvoiceRuns(6, requester.id);
  if (!a || !b || !c || !d || !e || !f) throw new Error('six dead runs expected');
  const operator = await signInAs(page, 'operations');
  await page.goto('/admin/dead-letter');

  // One root cause: six runs of invoice approval whose approval the ERP refused.
  const groups = page.getByRole('table', { name: 'Root causes' });
  await expect(groups.getByRole('row')).toHaveCount(2);
  await expect(groups.getByTestId('group-count')).toHaveText('6');
  await expect(groups).toContainText('tool:approve-invoice');
  await expect(groups).toContainText('The ERP refuses changes to invoice E2E-DL-<n>-<n>');
  await groups.getByRole('button', { name: 'Show runs' }).click();
  await expect(page).toHaveURL(/group=/);
  await expect(
    page.getByRole('grid', { name: 'Dead-lettered runs' }).locator('tbody tr'),
  ).toHaveCount(6);

  // 1. From the failed step: the ERP accepts the change now; the same run resumes and finishes.
  await allowChanges(a.invoiceNumber);
  await row(page, a.runId).click();
  await expect(row(page, a.runId)).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('o');
  const inspector = page.getByRole('complementary', { name: 'Dead letter' });
  await expect(inspector.getByTestId('dead-letter-message')).toContainText(a.invoiceNumber);
  // Refused on every one of the tool's attempts.
  const attempts = inspector.getByRole('region', { name: 'Attempts' });
  await expect(attempts).toContainText('Attempts (3)');
  await expect(attempts).toContainText(`The ERP refuses changes to invoice ${a.invoiceNumber}`);
  await inspector.getByRole('button', { name: 'Replay from failed step' }).click();
  await confirmReplay(page, 'Replay 1 run from the failed step?', 1);
  const results = page.getByRole('region', { name: 'Replay results' });
  await expect(results.getByTestId('replay-result')).toHaveText(
    new RegExp(`resumed as ${a.runId}`),
  );
  await expect(results.getByRole('link', { name: a.runId })).toHaveAttribute(
    'href',
    `/runs/${a.runId}`,
  );
  await waitFor(async () => (await runOf(a.runId))?.status === 'succeeded');
  expect(await deadLetterOf(a.runId)).toMatchObject({
    resolution: 'replayed',
    resolved_by_id: operator.id,
  });
  expect(await auditOf(a.runId)).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ action: 'run.replayed', actor_id: operator.id }),
    ]),
  );
  await expect(row(page, a.runId)).toHaveCount(0);

  // 2. From the start, by keyboard: shift+r asks, the mode is switched in the dialog.
  await allowChanges(b.invoiceNumber);
  await row(page, b.runId).click();
  await page.keyboard.press('Shift+R');
  await expect(page.getByTestId('replay-question')).toHaveText(
    'Replay 1 run from the failed step?',
  );
  await dialog(page).getByLabel('Replay from the start').check();
  await confirmReplay(page, 'Replay 1 run from the start?', 1);
  await waitFor(async () => (await replaysOf(b.runId)).length === 1);
  const [fromStart] = await replaysOf(b.runId);
  await expect(results.getByTestId('replay-result')).toHaveText(
    new RegExp(`replayed as ${fromStart?.id}`),
  );
  await waitFor(async () => (await runOf(fromStart?.id ?? ''))?.status === 'succeeded');
  expect(fromStart).toMatchObject({ replay_mode: 'from_start' });
  expect(await deadLetterOf(b.runId)).toMatchObject({
    resolution: 'replayed',
    resolved_by_id: operator.id,
  });
  expect(await auditOf(b.runId)).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ action: 'run.replay_requested', actor_id: operator.id }),
    ]),
  );

  // 3. With corrected input: a bad one shows field errors and replays nothing; then a good one.
  await row(page, c.runId).click();
  await page.keyboard.press('Enter');
  const editor = inspector.getByLabel(/Input \(JSON/);
  await expect(editor).toHaveValue(new RegExp(c.invoiceNumber));
  await editor.fill('{ "vendorNumber": "nobody" }');
  await editor.press('Control+Enter');
  await confirmReplay(page, 'Replay 1 run with the corrected input?', 1);
  await expect(inspector.getByTestId('field-error')).toHaveCount(2);
  await expect(inspector.getByTestId('field-error').first()).toContainText('vendorNumber');
  expect(await replaysOf(c.runId)).toEqual([]);
  expect(await deadLetterOf(c.runId)).toMatchObject({ resolution: null });
  // Another invoice of the vendor, which the ERP accepts.
  const corrected = { vendorNumber: c.vendorNumber, invoiceNumber: `${c.invoiceNumber}-FIXED` };
  await fileInvoice(c.poId, corrected.invoiceNumber);
  await editor.fill(JSON.stringify(corrected));
  await editor.press('Control+Enter');
  await confirmReplay(page, 'Replay 1 run with the corrected input?', 1);
  await waitFor(async () => (await replaysOf(c.runId)).length === 1);
  const [withInput] = await replaysOf(c.runId);
  expect(withInput).toMatchObject({ replay_mode: 'with_input', input: corrected });
  await expect(results.getByTestId('replay-result')).toHaveText(
    new RegExp(`replayed as ${withInput?.id}`),
  );
  await waitFor(async () => (await runOf(withInput?.id ?? ''))?.status === 'succeeded');

  // 4. Discard with a reason (shift+d); the run stays dead.
  await row(page, f.runId).click();
  await page.keyboard.press('Shift+D');
  const discard = dialog(page);
  await expect(discard.getByRole('button', { name: 'Discard 1 run' })).toBeDisabled();
  await discard.getByLabel('Reason (required)').fill('Vendor withdrew the invoice');
  await discard.getByRole('button', { name: 'Discard 1 run' }).click();
  await expect(page.getByRole('region', { name: 'Discard results' })).toContainText('discarded');
  const discarded = await deadLetterOf(f.runId);
  expect(discarded).toMatchObject({
    resolution: 'discarded',
    resolved_by_id: operator.id,
    resolution_note: 'Vendor withdrew the invoice',
  });
  expect(await auditOf(discarded?.id ?? '')).toMatchObject([
    { action: 'dead_letter.discarded', actor_id: operator.id },
  ]);
  expect((await runOf(f.runId))?.status).toBe('dead');

  // 5. The selection by keyboard (x, shift+j), then the whole group in bulk from the start.
  await row(page, d.runId).click();
  await page.keyboard.press('x');
  await page.keyboard.press('Shift+J');
  await expect(row(page, d.runId)).toHaveAttribute('aria-selected', 'true');
  await expect(row(page, e.runId)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('selection-count')).toHaveText('2 selected');
  await page.keyboard.press('Escape');
  await expect(row(page, d.runId)).toHaveAttribute('aria-selected', 'false');
  await expect(groups.getByTestId('group-count')).toHaveText('2');
  await groups.getByRole('button', { name: 'Replay group' }).click();
  await expect(page.getByTestId('replay-question')).toHaveText(
    'Replay 2 runs from the failed step?',
  );
  await dialog(page).getByLabel('Replay from the start').check();
  await confirmReplay(page, 'Replay 2 runs from the start?', 2);
  await expect(results.getByTestId('replay-result')).toHaveCount(2);
  for (const origin of [d, e]) {
    await waitFor(async () => (await replaysOf(origin.runId)).length === 1);
    const [replay] = await replaysOf(origin.runId);
    expect(replay).toMatchObject({ replay_mode: 'from_start' });
    await expect(results.locator(`[data-origin="${origin.runId}"]`)).toContainText(
      `replayed as ${replay?.id}`,
    );
    expect(await deadLetterOf(origin.runId)).toMatchObject({
      resolution: 'replayed',
      resolved_by_id: operator.id,
    });
  }
});

test('other roles are refused the dead-letter admin', async ({ page }) => {
  await signInAs(page, 'reviewer');
  await page.goto('/admin/dead-letter');
  await expect(page.getByText('Not available to your role')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Root causes' })).toHaveCount(0);
});
