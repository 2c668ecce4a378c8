// The demo day's document runs: real runs of the three workflows handed documents, worked by the
// real engine while a local recorded model reads them, so a newcomer finds highlighted evidence,
// a misreading waiting for a person, a payment-fraud signal and an e-mail that speaks to the
// machine, each as the pipeline left it.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoDocumentRuns } from '../server/demo/document-runs.ts';
import { findDemoActors } from '../server/demo/seed-demo-day.ts';
import { seedSystemsOfRecord } from '../server/systems/seed/index.ts';
import { testDatabaseUrl } from './support/database.ts';

let pool: pg.Pool;
beforeAll(async () => {
  pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 6 });
  await seedSystemsOfRecord(pool);
  await pool.query(
    `INSERT INTO users (email, name, role) VALUES ('requester@steward.local', 'Rita', 'requester'),
       ('reviewer@steward.local', 'Rob', 'reviewer')`,
  );
});
afterAll(async () => {
  await pool.end();
});

describe('the demo day’s document runs', () => {
  it('are real runs, read by the recorded model and left where the pipeline put them', async () => {
    const started = await seedDemoDocumentRuns(pool, await findDemoActors(pool));
    expect(started).toBe(6);
    const { rows } = await pool.query<{
      workflow_id: string;
      status: string;
      codes: string[] | null;
      provider: string;
    }>(
      `SELECT r.workflow_id, r.status,
              (SELECT array_agg(x->>'code' ORDER BY x->>'code') FROM review_items ri, jsonb_array_elements(ri.reasons) x
                WHERE ri.run_id = r.id AND ri.status = 'pending') AS codes,
              (SELECT provider FROM document_readings d WHERE d.run_id = r.id AND d.round = 1) AS provider
         FROM runs r ORDER BY r.created_at`,
    );
    expect(rows.map((row) => [row.workflow_id, row.status])).toEqual([
      ['invoice-approval', 'succeeded'],
      ['invoice-approval', 'needs_review'],
      ['invoice-approval', 'needs_review'],
      ['address-change', 'succeeded'],
      ['address-change', 'needs_review'],
      ['lead-enrichment', 'succeeded'],
    ]);
    expect(rows[1]?.codes).toContain('document-mismatch');
    expect(rows[2]?.codes).toContain('bank-details');
    expect(rows[4]?.codes).toContain('document-instructions');
    for (const row of rows)
      expect(row.provider).toMatch(/^openai-compatible:http:\/\/127\.0\.0\.1:\d+\/v1#recorded$/);
    const calls = await pool.query(
      `SELECT count(*)::int AS n FROM model_calls WHERE step_id = 'read-document' AND error IS NULL`,
    );
    expect(calls.rows[0]?.n).toBe(6);
  });
});
