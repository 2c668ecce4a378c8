import { defineConfig } from '@playwright/test';

// Run through `npm run test:e2e` (scripts/test-e2e.ts), which builds the app, starts a throwaway
// PostgreSQL and sets DATABASE_URL and STEWARD_E2E_PORT for this file.
const port = Number(process.env.STEWARD_E2E_PORT ?? 3200);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: process.env.CI ? 'list' : [['list'], ['html', { open: 'never' }]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.STEWARD_CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    // The real production start path: checks the database, migrates, then `next start`.
    command: 'node scripts/run-app.ts start',
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: { PORT: String(port), DATABASE_URL: process.env.DATABASE_URL ?? '' },
  },
});
