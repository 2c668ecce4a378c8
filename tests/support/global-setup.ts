// Starts the PostgreSQL the test suite runs against (STEWARD_TEST_DATABASE_URL's server, or a
// throwaway embedded cluster) and builds a migrated template database that every test file clones.
import type { TestProject } from 'vitest/node';
import { createMigratedDatabase, startTestServer } from '../../server/db/test-server.ts';
import { parseEnv } from '../../server/env.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of a maintenance database on the test server (may CREATE DATABASE). */
    testAdminUrl: string;
    /** The migrated template each test file clones. */
    testTemplateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startTestServer(parseEnv());
  const templateName = `steward_template_${process.pid}`;
  const template = await createMigratedDatabase(server.adminUrl, templateName);

  project.provide('testAdminUrl', server.adminUrl);
  project.provide('testTemplateDatabase', templateName);

  return async () => {
    await template.drop();
    await server.stop();
  };
}
