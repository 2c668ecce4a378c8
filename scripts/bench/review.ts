// `npm run bench:review`: the review console with 10,000 pending items, in headless Chromium
// against a production build on a throwaway database. Prints time to interactive, `j` repaint
// p95 over 500 presses, approve-and-advance p95 over 200 decisions, a 1,000-item batch's server
// round trip, and the rows in the DOM. Targets: DESIGN.md section 9.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { chromium } from '@playwright/test';
import pg from 'pg';
import { createUser } from '../../server/auth/users.ts';
import { findFreePort } from '../../server/net.ts';
import { seedReviewQueue } from '../../server/review/seed-queue.ts';
import { exitWithError } from '../../server/setup-error.ts';
import { chromiumPath, ensureChromium } from '../chromium.ts';
import { startBenchDatabase } from './database.ts';
import { timeBatch, timeKeyPresses } from './review-browser.ts';
import { percentile, whole } from './stats.ts';

const ITEMS = Number(process.env.STEWARD_BENCH_REVIEW_ITEMS ?? 10_000);
const PASSWORD = 'bench password for steward';

async function waitForHealth(url: string, app: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error('the app exited before it was ready');
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the app did not answer within 90 s');
}

let app: ChildProcess | undefined;
const database = await startBenchDatabase().catch((error: unknown) => exitWithError(error));
try {
  ensureChromium();
  console.log('▸ Building the app for production');
  const build = spawnSync(path.resolve('node_modules/.bin/next'), ['build'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (build.status !== 0) throw new Error('next build failed (see above)');

  console.log(`▸ Seeding ${ITEMS} pending review items`);
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const requester = await createUser(pool, {
    email: 'requester@bench.local',
    name: 'Bench Requester',
    role: 'requester',
    password: PASSWORD,
  });
  await createUser(pool, {
    email: 'reviewer@bench.local',
    name: 'Bench Reviewer',
    role: 'reviewer',
    password: PASSWORD,
  });
  const seedStarted = Date.now();
  await seedReviewQueue(pool, { count: ITEMS, requestedById: requester });
  console.log(`  seeded in ${Date.now() - seedStarted} ms`);

  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  app = spawn(process.execPath, ['scripts/run-app.ts', 'start'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      PORT: String(port),
      STEWARD_WORKERS: '0',
      BETTER_AUTH_SECRET: randomBytes(32).toString('base64url'),
      BETTER_AUTH_URL: url,
    },
  });
  await waitForHealth(url, app);

  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const page = await browser.newPage({ baseURL: url, viewport: { width: 1440, height: 900 } });
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('reviewer@bench.local');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-as').waitFor();

  // Time to interactive: navigation to the first row under the cursor, ready for keys.
  const ttiStarted = Date.now();
  await page.goto('/review');
  await page.locator('[data-testid="review-row"][aria-current="true"]').waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'grid');
  const tti = Date.now() - ttiStarted;

  const nav = await timeKeyPresses(page, { key: 'j', code: 'KeyJ' }, 500);
  const domRows = await page.locator('[data-testid="review-row"]').count();
  const decide = await timeKeyPresses(page, { key: 'a', code: 'KeyA' }, 200);

  // A 1,000-item batch: the oldest 1,000 still pending, through the app's API.
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id FROM review_items WHERE status = 'pending' ORDER BY created_at DESC LIMIT 1000`,
  );
  const batch = await timeBatch(
    page,
    rows.map((row) => row.id),
  );
  await browser.close();
  await pool.end();

  const p = (values: number[], rank: number) => percentile(values, rank).toFixed(1);
  console.log(
    `  j: ${nav.update.length} presses, DOM updated p50 ${p(nav.update, 50)} / p95 ${p(nav.update, 95)} ms, next frame p50 ${p(nav.frame, 50)} / p95 ${p(nav.frame, 95)} ms`,
  );
  console.log(
    `  a: ${decide.update.length} decisions, DOM updated p50 ${p(decide.update, 50)} / p95 ${p(decide.update, 95)} ms, next frame p50 ${p(decide.frame, 50)} / p95 ${p(decide.frame, 95)} ms`,
  );
  console.log(`  batch: ${batch.ok} of ${rows.length} decided`);
  console.log(
    // nav and decide: from the key press until the console's DOM shows the result (the frame
    // that paints it follows; both are printed above).
    `review tti_ms=${whole(tti)} nav_p95_ms=${p(nav.update, 95)} decide_p95_ms=${p(decide.update, 95)} batch1000_ms=${whole(batch.ms)} dom_rows=${domRows}`,
  );
} catch (error) {
  app?.kill('SIGTERM');
  await database.close();
  exitWithError(error);
}
app?.kill('SIGTERM');
await new Promise((resolve) => setTimeout(resolve, 1000));
await database.close();
process.exit(0);
