import pg from 'pg';

/** Runs SQL against the database the app under test uses (set by scripts/test-e2e.ts). */
export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is not set: run through `npm run test:e2e`');
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Empties every table of Steward's core records, so a test knows exactly what is there. */
export async function resetCoreRecords(): Promise<void> {
  await sql(
    'TRUNCATE audit_events, dead_letters, review_items, validation_results, model_calls, step_checkpoints, runs, users RESTART IDENTITY CASCADE',
  );
}
