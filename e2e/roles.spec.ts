import { expect, test } from '@playwright/test';
import type { TRole } from '../server/auth/roles.ts';
import { makeUser, PASSWORD, signInAs } from './support/auth';
import { resetCoreRecords, sql } from './support/db';

/** What each role finds in the navigation, in order, and a console it may not use. */
const CONSOLES: Record<TRole, { links: [string, string][]; refused: string }> = {
  requester: {
    links: [
      ['Workflows', '/workflows'],
      ['Runs', '/runs'],
    ],
    refused: '/review',
  },
  reviewer: {
    links: [
      ['Review', '/review'],
      ['Runs', '/runs'],
    ],
    refused: '/admin/dead-letter',
  },
  operations: {
    links: [
      ['Workflows', '/workflows'],
      ['Runs', '/runs'],
      ['Dead letters', '/admin/dead-letter'],
    ],
    refused: '/admin/users',
  },
  admin: { links: [['Users', '/admin/users']], refused: '/runs' },
};

test.beforeEach(async () => {
  await resetCoreRecords();
});

test('nobody signed in is sent to the sign-in page, and comes back after signing in', async ({
  page,
}) => {
  await page.goto('/runs');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fruns$/);
  const user = await makeUser('operations');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('That email and password do not match.')).toBeVisible();
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/runs$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Runs');
});

for (const role of Object.keys(CONSOLES) as TRole[]) {
  test(`a ${role} sees only the consoles of the role`, async ({ page }) => {
    const { links, refused } = CONSOLES[role];
    await signInAs(page, role);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link')).toHaveText(links.map(([name]) => name));
    for (const [name, path] of links) {
      await nav.getByRole('link', { name }).click();
      await expect(page).toHaveURL(path);
      await expect(nav.getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    }
    await page.goto(refused);
    await expect(page.getByRole('heading', { name: 'Not available to your role' })).toBeVisible();
  });
}

test("a requester sees their own runs and nobody else's", async ({ page }) => {
  const other = await makeUser('requester', 'Someone Else');
  const me = await signInAs(page, 'requester');
  await sql(
    `INSERT INTO runs (workflow_id, workflow_version, status, input, requested_by_id) VALUES
       ('invoice-approval', 1, 'succeeded', '{}', $1), ('lead-enrichment', 1, 'queued', '{}', $2)`,
    [me.id, other.id],
  );
  await page.goto('/runs');
  await expect(page.getByRole('cell', { name: 'invoice-approval' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'lead-enrichment' })).toHaveCount(0);
});

test('an admin changes a role; the change is audited and the person gets the new consoles', async ({
  page,
  browser,
}) => {
  const person = await makeUser('requester', 'Promoted Person');
  await signInAs(page, 'admin');
  await page.goto('/admin/users');
  await page.getByLabel(`Role of ${person.email}`).selectOption('reviewer');
  await expect(page.getByRole('status')).toHaveText(`${person.email} is now reviewer.`);
  const audit = await sql(
    `SELECT data FROM audit_events WHERE action = 'user.role_changed' AND subject_id = $1`,
    [person.id],
  );
  expect(audit).toEqual([{ data: { from: 'requester', to: 'reviewer' } }]);

  const context = await browser.newContext();
  const theirs = await context.newPage();
  await theirs.goto('/sign-in');
  await theirs.getByLabel('Email').fill(person.email);
  await theirs.getByLabel('Password').fill(PASSWORD);
  await theirs.getByRole('button', { name: 'Sign in' }).click();
  await expect(theirs.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText([
    'Review',
    'Runs',
  ]);
  await context.close();
});

test('signing out ends the session', async ({ page }) => {
  await signInAs(page, 'reviewer');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/review');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Freview$/);
});
