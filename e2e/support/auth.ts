import { expect, type Page } from '@playwright/test';
import pg from 'pg';
import type { TRole } from '../../server/auth/roles.ts';
import { createUser } from '../../server/auth/users.ts';

export const PASSWORD = 'e2e password for steward';
let counter = 0;

/** A new user with this role in the app's database; returns their id and email. */
export async function makeUser(role: TRole, name = `E2E ${role}`) {
  counter += 1;
  const email = `${role}.${counter}.${Date.now()}@example.com`;
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
  try {
    const id = await createUser(pool, { email, name, role, password: PASSWORD });
    return { id, email, name };
  } finally {
    await pool.end();
  }
}

/** Signs in through the sign-in page as a new user with this role. */
export async function signInAs(page: Page, role: TRole) {
  const user = await makeUser(role);
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toContainText(role);
  return user;
}
