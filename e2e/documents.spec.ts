import { mkdirSync } from 'node:fs';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { makeScannedPdf } from '../tests/support/documents.ts';
import { signInAs } from './support/auth';
import { resetCoreRecords } from './support/db';
import {
  addressChangeEmail,
  billingAddressOf,
  invoiceRow,
  invoiceWithMisreadIban,
  runStatus,
} from './support/documents';
import { seedSystems, waitFor } from './support/review';
import { runCount } from './support/workflows';

// Workflows started from a document: a requester hands over a PDF invoice or a customer's
// e-mail on the start page; the recorded model reads it (scripts/test-e2e.ts), code grounds
// every field. A misread IBAN waits for a reviewer, who sees the evidence highlighted in the
// review console, corrects the field from the keyboard and approves; the ERP then holds the
// corrected account. A correct reading of an in-country move completes on its own.

const SHOTS = '/tmp/shots';

test.beforeAll(async () => {
  await seedSystems();
  mkdirSync(SHOTS, { recursive: true });
});
test.beforeEach(async () => {
  await resetCoreRecords();
});

/** Opens a workflow's start page and returns its "Start from a document" panel. */
async function documentPanel(page: Page, workflowId: string) {
  await page.goto(`/workflows/${workflowId}/new`);
  const panel = page.getByRole('form', { name: 'Start from a document' });
  await expect(panel).toBeVisible();
  return panel;
}

/** Starts the run from the panel and returns the id of the run page it lands on. */
async function startFromDocument(page: Page, panel: ReturnType<Page['getByRole']>) {
  await panel.getByRole('button', { name: /Start from the document/ }).click();
  await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname.split('/').at(-1) ?? '';
}

/** A second person, in a browser context of their own. */
async function reviewerPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, 'reviewer');
  return page;
}

test('a requester hands over a PDF invoice; a reviewer fixes the misread IBAN from the keyboard and approves', async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000);
  const invoice = await invoiceWithMisreadIban();
  await signInAs(page, 'requester');
  const panel = await documentPanel(page, 'invoice-approval');
  await panel.getByLabel('File').setInputFiles({
    name: invoice.fileName,
    mimeType: 'application/pdf',
    buffer: Buffer.from(invoice.pdf),
  });
  await panel.getByLabel('Note').fill('Handed over as the vendor sent it');
  await page.screenshot({ path: `${SHOTS}/start-page.png`, fullPage: true });
  const runId = await startFromDocument(page, panel);

  // The model swapped two digits of the IBAN: the run waits for a person on the fields.
  await waitFor(async () => (await runStatus(runId)) === 'needs_review', 60_000);
  const runDocument = page.getByTestId('run-document');
  await expect(runDocument.locator('mark[data-fields~="iban"]')).toHaveAttribute(
    'data-status',
    'mismatch',
  );
  await expect(
    runDocument.locator('[data-testid="document-field"][data-field="iban"]'),
  ).toContainText('does not match its quote');

  const reviewer = await reviewerPage(browser);
  await reviewer.goto('/review');
  const rows = reviewer.getByTestId('review-row');
  await expect(rows).toHaveCount(1);
  const firstItem = await rows.first().getAttribute('data-item-id');
  await reviewer.keyboard.press('Enter');
  const detail = reviewer.getByTestId('review-detail');
  const document = detail.getByTestId('review-document');
  await expect(document.locator('mark[data-fields~="iban"]')).toHaveAttribute(
    'data-status',
    'mismatch',
  );
  await expect(document.locator('mark[data-fields~="invoiceNumber"]')).toHaveAttribute(
    'data-status',
    'grounded',
  );
  await expect(document.locator('[data-testid="document-field"][data-field="iban"]')).toContainText(
    invoice.misreadIban,
  );
  await reviewer.screenshot({ path: `${SHOTS}/review-detail-document.png`, fullPage: true });

  // The help lists the key; e opens the fields as inputs on the mismatching one, whose
  // evidence is outlined.
  await reviewer.keyboard.press('Shift+?');
  const help = reviewer.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Correct the fields read from the document');
  await reviewer.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(detail).toBeVisible();
  await reviewer.keyboard.press('e');
  const iban = document.locator('input[name="iban"]');
  await expect(iban).toBeFocused();
  await expect(iban).toHaveValue(invoice.misreadIban);
  await expect(document.locator('mark[data-fields~="iban"]')).toHaveAttribute(
    'data-selected',
    'true',
  );
  // Single keys do not fire while typing: "a" and "j" land in the input.
  await reviewer.keyboard.press('ControlOrMeta+a');
  await reviewer.keyboard.type('aj');
  await expect(iban).toHaveValue('aj');
  await expect(rows).toHaveCount(1);
  // A value the server refuses: its message shows inline, under the field.
  await reviewer.keyboard.press('ControlOrMeta+a');
  await reviewer.keyboard.type(invoice.misreadIban.slice(0, -1));
  await reviewer.keyboard.press('ControlOrMeta+Enter');
  await expect(document.getByTestId('correction-error')).toContainText('iban');
  await expect(iban).toHaveAttribute('aria-invalid', 'true');
  // Tab moves on to the next field and back.
  await reviewer.keyboard.press('Shift+Tab');
  await expect(document.locator('input[name="currency"]')).toBeFocused();
  await reviewer.keyboard.press('Tab');
  await expect(iban).toBeFocused();
  await reviewer.keyboard.press('ControlOrMeta+a');
  await reviewer.keyboard.type(invoice.iban.replace(/(.{4})/g, '$1 ').trim());
  await reviewer.screenshot({ path: `${SHOTS}/review-correcting.png`, fullPage: true });
  await reviewer.keyboard.press('ControlOrMeta+Enter');
  await expect(reviewer.getByTestId('review-toast')).toContainText(
    'Corrected — the run is proposing its writes again',
  );

  // The run reads its input again from the corrected fields and proposes the approval; its new
  // item arrives in the queue and takes the focus, the detail still open.
  const current = reviewer.locator('[data-testid="review-row"][aria-current="true"]');
  await expect(current).toHaveCount(1, { timeout: 30_000 });
  await expect(current).not.toHaveAttribute('data-item-id', firstItem ?? '', { timeout: 30_000 });
  await expect(detail.getByTestId('proposed-write')).toContainText(invoice.iban);
  await expect(document.locator('mark[data-fields~="iban"]')).toHaveAttribute(
    'data-status',
    'person',
  );
  await reviewer.screenshot({ path: `${SHOTS}/review-detail-corrected.png`, fullPage: true });
  await reviewer.keyboard.press('a');
  await expect(reviewer.getByTestId('review-toast')).toContainText('Approved 1 run');

  await waitFor(async () => (await runStatus(runId)) === 'succeeded', 60_000);
  expect(await invoiceRow(invoice.invoiceId)).toMatchObject({
    status: 'approved',
    pay_to_iban: invoice.iban,
  });

  // The requester's run page shows the correction and the person's value.
  await page.reload();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded');
  const corrections = page.getByTestId('document-corrections');
  await expect(corrections).toContainText(invoice.misreadIban);
  await expect(corrections).toContainText(invoice.iban);
  await expect(
    page.getByTestId('run-document').locator('mark[data-fields~="iban"]'),
  ).toHaveAttribute('data-status', 'person');
  await page.screenshot({ path: `${SHOTS}/invoice-run.png`, fullPage: true });
  await page.getByTestId('run-document').screenshot({ path: `${SHOTS}/invoice-run-document.png` });
  await reviewer.context().close();
});

test('a requester hands over a customer e-mail about a move within the country; it completes on its own', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const move = await addressChangeEmail();
  await signInAs(page, 'requester');
  const panel = await documentPanel(page, 'address-change');
  await panel.getByLabel('File').setInputFiles({
    name: move.fileName,
    mimeType: 'message/rfc822',
    buffer: Buffer.from(move.eml),
  });
  const runId = await startFromDocument(page, panel);

  await waitFor(async () => {
    const status = await runStatus(runId);
    if (status && ['failed', 'dead', 'cancelled', 'needs_review'].includes(status)) {
      throw new Error(`run ${runId} ended ${status}`);
    }
    return status === 'succeeded';
  }, 60_000);
  expect(await billingAddressOf(move.customerNumber)).toEqual({
    line1: move.address.line1,
    postal_code: move.address.postalCode,
    city: move.address.city,
    country: move.countryCode,
  });

  // The run page shows the e-mail under its headings with every field's evidence highlighted.
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded', {
    timeout: 15_000,
  });
  const runDocument = page.getByTestId('run-document');
  await expect(runDocument.getByRole('heading', { name: 'Body' })).toBeVisible();
  for (const field of [
    'customerNumber',
    'contactEmail',
    'line1',
    'city',
    'postalCode',
    'country',
  ]) {
    await expect(runDocument.locator(`mark[data-fields~="${field}"]`).first()).toHaveAttribute(
      'data-status',
      'grounded',
    );
  }
  await expect(
    runDocument.locator('[data-testid="document-field"][data-field="line2"]'),
  ).toContainText('not in the document');
  await runDocument.locator('[data-testid="document-field"][data-field="city"] button').click();
  await expect(runDocument.locator('mark[data-fields~="city"]').first()).toHaveAttribute(
    'data-selected',
    'true',
  );
  await page.screenshot({ path: `${SHOTS}/address-run.png`, fullPage: true });
  await runDocument.screenshot({ path: `${SHOTS}/address-run-document.png` });
});

test('a scanned PDF is refused with the upload message, and no run starts', async ({ page }) => {
  await signInAs(page, 'requester');
  const panel = await documentPanel(page, 'invoice-approval');
  await panel.getByLabel('File').setInputFiles({
    name: 'scan.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from(await makeScannedPdf()),
  });
  await panel.getByRole('button', { name: /Start from the document/ }).click();
  await expect(panel.getByTestId('document-errors')).toContainText('This PDF has no text layer');
  await expect(page).toHaveURL('/workflows/invoice-approval/new');
  expect(await runCount()).toBe(0);
});
