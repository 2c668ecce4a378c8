import { expect, type Page, test } from '@playwright/test';
import { makeUser, signInAs } from './support/auth';
import { resetCoreRecords } from './support/db';
import {
  invoicesForReview,
  itemOf,
  outcomeOf,
  seedQueue,
  seedSystems,
  waitFor,
} from './support/review';

// The review console driven by the keyboard only, checked on screen (aria-current,
// aria-selected, toasts) and in the database (decisions, runs resumed, ERP writes).

test.beforeAll(async () => {
  await seedSystems();
});
test.beforeEach(async () => {
  await resetCoreRecords();
});

const rows = (page: Page) => page.getByTestId('review-row');
const current = (page: Page) => page.locator('[data-testid="review-row"][aria-current="true"]');
const itemIdOf = async (page: Page) => current(page).getAttribute('data-item-id');

test('a reviewer moves, selects, approves, rejects with a reason and undoes from the keyboard', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const requester = await makeUser('requester', 'Rita Requester');
  const runIds = await invoicesForReview(5, requester.id);
  const items = await Promise.all(runIds.map(async (runId) => (await itemOf(runId))?.id));
  await signInAs(page, 'reviewer');
  await page.goto('/review');
  await expect(rows(page)).toHaveCount(5);
  await expect(page.getByTestId('review-left')).toContainText('5 left');

  // j / k move the cursor.
  await expect(current(page)).toHaveAttribute('data-item-id', items[0] ?? '');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(current(page)).toHaveAttribute('data-item-id', items[2] ?? '');
  await page.keyboard.press('k');
  await expect(current(page)).toHaveAttribute('data-item-id', items[1] ?? '');

  // a approves the focused row and advances; z takes it back before it is sent.
  await page.keyboard.press('a');
  await expect(page.getByTestId('review-toast')).toContainText('Approved 1 run');
  await expect(rows(page)).toHaveCount(4);
  await expect(current(page)).toHaveAttribute('data-item-id', items[2] ?? '');
  await page.keyboard.press('z');
  await expect(page.getByTestId('review-toast')).toContainText('Undone');
  await expect(rows(page)).toHaveCount(5);

  // x selects, shift+j extends the selection; a approves the selection as one batch.
  await page.keyboard.press('k');
  await expect(current(page)).toHaveAttribute('data-item-id', items[0] ?? '');
  await page.keyboard.press('x');
  await page.keyboard.press('Shift+J');
  await expect(page.locator('[data-testid="review-row"][aria-selected="true"]')).toHaveCount(2);
  await expect(page.getByTestId('selection-count')).toHaveText('2 selected');
  await page.keyboard.press('a');
  await expect(page.getByTestId('review-toast')).toContainText('Approved 2 runs');
  await expect(rows(page)).toHaveCount(3);

  // r rejects the focused row with a reason picked by its number.
  const rejected = await itemIdOf(page);
  await page.keyboard.press('r');
  const picker = page.getByRole('dialog', { name: 'Reject: pick a reason' });
  await expect(picker).toBeVisible();
  await page.keyboard.press('2');
  await page.keyboard.press('Enter');
  await expect(picker).toBeHidden();
  await expect(page.getByTestId('review-toast')).toContainText('Rejected 1 run');
  await expect(rows(page)).toHaveCount(2);

  // Once sent: the decisions are recorded, the runs resumed, the writes done.
  const [first, second, third] = runIds;
  await waitFor(async () => (await outcomeOf(first ?? ''))?.status === 'succeeded');
  await waitFor(async () => (await outcomeOf(second ?? ''))?.status === 'succeeded');
  expect(await outcomeOf(first ?? '')).toMatchObject({
    outcome: 'completed',
    invoice_status: 'approved',
  });
  expect(await outcomeOf(second ?? '')).toMatchObject({
    outcome: 'completed',
    invoice_status: 'approved',
  });
  expect(await itemOf(first ?? '')).toMatchObject({
    status: 'approved',
    time_on_item_ms: expect.any(Number),
  });
  const rejectedRun = runIds[items.indexOf(rejected ?? '')] ?? third ?? '';
  await waitFor(async () => (await outcomeOf(rejectedRun))?.status === 'succeeded');
  expect(await outcomeOf(rejectedRun)).toMatchObject({
    outcome: 'rejected',
    invoice_status: 'on_hold',
  });
  expect(await itemOf(rejectedRun)).toMatchObject({
    status: 'rejected',
    reason_code: expect.any(String),
  });
});

test('help, palette, detail pane and four-eyes explained, from the keyboard', async ({ page }) => {
  test.setTimeout(90_000);
  const reviewer = await signInAs(page, 'reviewer');
  // A run the reviewer requested themselves: the server refuses their decision (four-eyes).
  const [own] = await invoicesForReview(1, reviewer.id);
  await page.goto('/review');
  await expect(rows(page)).toHaveCount(1);

  await page.keyboard.press('Shift+?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Approve, then advance');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await page.keyboard.type('detail');
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  const detail = page.getByTestId('review-detail');
  await expect(detail).toContainText('Plan by offline');
  await expect(detail.getByTestId('proposed-write')).toContainText('erp.approve-invoice');
  await expect(detail).toContainText('received');
  // The plan's own words are marked as such; the approver is whoever approves, not the plan's.
  await expect(detail.getByTestId('model-written')).toContainText('Written by the offline planner');
  await expect(detail.getByTestId('proposed-write')).toContainText(
    '(whoever approves: you, or steward when automatic)',
  );
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();

  await page.keyboard.press('a');
  await expect(page.getByTestId('review-toast')).toContainText(
    'not applied and back in the queue: You requested this run',
    {
      timeout: 15_000,
    },
  );
  await expect(rows(page)).toHaveCount(1);
  expect(await itemOf(own ?? '')).toMatchObject({ status: 'pending' });
});

test('mod+a selects the loaded rows; selecting all N matching is its own action that states N', async ({
  page,
}) => {
  const requester = await makeUser('requester', 'Rita Requester');
  await seedQueue(130, requester.id);
  await signInAs(page, 'reviewer');
  await page.goto('/review');
  await expect(page.getByTestId('review-left')).toContainText('130 left');
  // The DOM holds only the rows in view, however many are loaded.
  expect(await rows(page).count()).toBeLessThan(60);

  await page.keyboard.press('Control+a');
  await expect(page.getByTestId('selection-count')).toHaveText('100 selected');
  await page.getByRole('button', { name: 'Select all 130 matching' }).click();
  await expect(page.getByTestId('selection-count')).toHaveText('130 selected');
  await page.getByRole('grid').focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('selection-count')).toBeHidden();
});
