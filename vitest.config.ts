import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', 'e2e/**', '.next/**', '.data/**', 'generated/**'],
    // One PostgreSQL cluster per test run, a migrated template database in it, and a fresh
    // clone of that template for every test file (tests/support/database.ts).
    globalSetup: ['tests/support/global-setup.ts'],
    setupFiles: ['tests/support/database.ts'],
    // Sessions in tests are signed with a fixed key (the runner keeps a random one for the app).
    env: { BETTER_AUTH_SECRET: 'steward-test-secret-not-for-production-0123456789' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
