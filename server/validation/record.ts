/** Recording a run's validation results, one row per rule and threshold. */
import type pg from 'pg';
import { withTransaction } from '../engine/transaction.ts';
import type { ValidationResultRow } from './validate.ts';

/**
 * Replaces the results recorded by this step of the run with these, in one transaction: a
 * validate step that runs again after a crash leaves one set of rows, not two.
 */
export async function recordValidation(
  pool: pg.Pool,
  runId: string,
  stepId: string,
  results: readonly ValidationResultRow[],
): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query('DELETE FROM validation_results WHERE run_id = $1 AND step_id = $2', [
      runId,
      stepId,
    ]);
    if (results.length === 0) return;
    await client.query(
      `INSERT INTO validation_results (run_id, step_id, rule, severity, passed, message, details)
       SELECT $1, $2, r.rule, r.severity::"RuleSeverity", r.passed, r.message, r.details
       FROM jsonb_to_recordset($3::jsonb)
         AS r(rule text, severity text, passed boolean, message text, details jsonb)`,
      [runId, stepId, JSON.stringify(results)],
    );
  });
}
