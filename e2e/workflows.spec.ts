import { expect, type Page, test } from '@playwright/test';
import { signInAs } from './support/auth';
import { resetCoreRecords } from './support/db';
import { seedSystems, waitFor } from './support/review';
import {
  cleanSmallInvoice,
  companyOutsideCrm,
  customerMovingWithinCountry,
  runCount,
  runOf,
} from './support/workflows';

// A requester starts each workflow from its generated form, filled from the keyboard and mouse
// with values from the seeded systems of record, submits with Control+Enter, lands on the run and
// watches it finish in the database; bad values get a field error next to the field and start
// nothing, whether the browser catches them or the server does.

test.beforeAll(async () => {
  await seedSystems();
});
test.beforeEach(async () => {
  await resetCoreRecords();
});

/** Opens a workflow's form from the catalogue, as a requester would. */
async function openForm(page: Page, title: string, id: string) {
  await page.goto('/workflows');
  await expect(page.getByTestId('workflow-card')).toHaveCount(3);
  await page.getByRole('link', { name: `Start ${title}` }).click();
  await expect(page).toHaveURL(`/workflows/${id}/new`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

/** Submits with Control+Enter and returns the id of the run the page then shows. */
async function submitAndLand(page: Page): Promise<string> {
  await page.keyboard.press('Control+Enter');
  await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
  const runId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
  return runId;
}

/**
 * Waits until the run has succeeded, and checks who requested it; the run page the requester
 * landed on follows it live to "succeeded".
 */
async function expectSucceeded(page: Page, runId: string, workflowId: string, requesterId: string) {
  await waitFor(async () => {
    const run = await runOf(runId);
    if (run && ['failed', 'dead', 'cancelled', 'needs_review'].includes(run.status)) {
      throw new Error(`run ${runId} ended ${run.status}`);
    }
    return run?.status === 'succeeded';
  }, 60_000);
  expect(await runOf(runId)).toEqual({
    workflow_id: workflowId,
    requested_by_id: requesterId,
    status: 'succeeded',
  });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded', {
    timeout: 15_000,
  });
}

/** The field error shown in the field block of `name`. */
const fieldError = (page: Page, name: string) =>
  page.locator(`[data-testid="form-field"][data-name="${name}"] [data-testid="field-error"]`);

test('a requester approves a clean invoice from its form, after the server refuses a bad vendor number', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const invoice = await cleanSmallInvoice();
  const requester = await signInAs(page, 'requester');
  await openForm(page, 'Invoice approval', 'invoice-approval');

  const vendor = page.getByLabel('Vendor number');
  await expect(vendor).toHaveAccessibleDescription(/ERP number of the vendor/);
  await vendor.click();
  await page.keyboard.type('X-1');
  await page.getByLabel('Invoice number').fill(invoice.invoiceNumber);
  await page.getByLabel('Note').fill('Filed from the e2e form test');

  // The pattern is the server's: its message lands on the field, and no run exists.
  const before = await runCount();
  await page.keyboard.press('Control+Enter');
  await expect(fieldError(page, 'vendorNumber')).toHaveText('A vendor number looks like V-1042.');
  await expect(vendor).toHaveAttribute('aria-invalid', 'true');
  await expect(vendor).toBeFocused();
  await expect(page).toHaveURL('/workflows/invoice-approval/new');
  expect(await runCount()).toBe(before);

  await vendor.fill(invoice.vendorNumber);
  await expect(page.getByRole('button', { name: /Start run/ })).toContainText('Ctrl Enter');
  const runId = await submitAndLand(page);
  await expectSucceeded(page, runId, 'invoice-approval', requester.id);
});

test('a requester enriches a lead from its form, after the browser refuses a bad email', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const company = await companyOutsideCrm();
  const requester = await signInAs(page, 'requester');
  await openForm(page, 'Lead enrichment', 'lead-enrichment');

  await expect(page.getByRole('group', { name: 'Contact' })).toBeVisible();
  await page.getByLabel('Company name').fill(company.legalName);
  await page.getByLabel('Domain').fill(company.domain);
  const email = page.getByLabel('Email', { exact: true });
  await email.fill('ada.brandt at the company');
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Brandt');
  await page.getByLabel('Title').fill('Head of Operations');
  await page.getByLabel('Owner').fill('Sam Okafor');

  // Caught in the browser: no request, no run.
  const before = await runCount();
  await page.getByRole('button', { name: /Start run/ }).click();
  await expect(fieldError(page, 'contact.email')).toHaveText('Give a valid email address.');
  await expect(email).toHaveAccessibleDescription(/work email address.*Give a valid email/);
  await expect(page).toHaveURL('/workflows/lead-enrichment/new');
  expect(await runCount()).toBe(before);

  await email.fill(`ada.brandt@${company.domain}`);
  await expect(fieldError(page, 'contact.email')).toHaveCount(0);
  const runId = await submitAndLand(page);
  await expectSucceeded(page, runId, 'lead-enrichment', requester.id);
});

test('a requester moves a customer within its country from the address change form', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const customer = await customerMovingWithinCountry();
  const requester = await signInAs(page, 'requester');
  await openForm(page, 'Customer address change', 'address-change');

  const address = page.getByRole('group', { name: 'Address' });
  await expect(address).toHaveAccessibleDescription(/replaces the old one everywhere/);
  // Required fields left empty are named without a round trip.
  await page.keyboard.press('Control+Enter');
  await expect(fieldError(page, 'customerNumber')).toHaveText('Required.');
  await expect(fieldError(page, 'address.line1')).toHaveText('Required.');
  expect(await runCount()).toBe(0);

  await page.getByLabel('Customer number').fill(customer.customerNumber);
  await page.getByLabel('Contact email').fill(customer.contactEmail);
  await address.getByLabel('Line 1').fill(customer.address.line1);
  await address.getByLabel('City').fill(customer.address.city);
  await address.getByLabel('Postal code').fill(customer.address.postalCode);
  if (customer.address.region) await address.getByLabel('Region').fill(customer.address.region);
  await address.getByLabel('Country').fill(customer.address.country);
  await address.getByLabel('Country').focus();
  const runId = await submitAndLand(page);
  await expectSucceeded(page, runId, 'address-change', requester.id);
});
