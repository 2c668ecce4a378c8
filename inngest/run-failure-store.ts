/**
 * How an Inngest run dies: the function stashes the dead letter's details on the run before
 * telling Inngest to give up, and the failure handler buries the run with them, as `killRun`
 * does for embedded runs. Our details do not depend on how Inngest relays the error.
 */
import { z } from 'zod';
import type { DeadLetterWrite, Queryable } from '../server/engine/store.ts';
import { ACTIVE } from './run-store.ts';

/** Why a run died, as the adapter stashes it on the run before Inngest gives up. */
export const ZRunFailureSchema = z.object({
  stepId: z.string(),
  errorClass: z.string(),
  message: z.string(),
  stack: z.string().nullable(),
  attempts: z.number().int(),
});
export type TRunFailure = z.infer<typeof ZRunFailureSchema>;

/**
 * Keeps what the dead letter must say (step, error class, message, stack, attempts) on the run
 * while Inngest winds the function down, for the failure handler to read.
 */
export async function stashRunFailure(
  db: Queryable,
  runId: string,
  failure: TRunFailure,
): Promise<void> {
  await db.query(
    `UPDATE runs SET error = $2::jsonb, updated_at = now()
     WHERE id = $1 AND engine = 'inngest' AND status IN ${ACTIVE}`,
    [runId, JSON.stringify(failure)],
  );
}

/**
 * Ends an Inngest run in the dead-letter queue, as `killRun` does for embedded runs: the run
 * becomes `dead` with its error, and a dead-letter record keeps step, error class, message,
 * stack, attempts and input. False if the run was no longer active (cancelled, already dead).
 */
export async function buryInngestRun(
  db: Queryable,
  runId: string,
  deadLetter: DeadLetterWrite,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `WITH dead AS (
       UPDATE runs SET status = 'dead', finished_at = now(), updated_at = now(),
         error = jsonb_build_object('stepId', $2::text, 'errorClass', $3::text, 'message', $4::text)
       WHERE id = $1 AND engine = 'inngest' AND status IN ${ACTIVE}
       RETURNING id, input
     )
     INSERT INTO dead_letters (run_id, step_id, error_class, message, stack, attempts, input, group_key)
     SELECT id, $2, $3, $4, $5, $6, input, $7 FROM dead`,
    [
      runId,
      deadLetter.stepId,
      deadLetter.errorClass,
      deadLetter.message,
      deadLetter.stack,
      deadLetter.attempts,
      deadLetter.groupKey,
    ],
  );
  return rowCount === 1;
}

/** The failure the adapter stashed on the run, if it did (else the failure came from Inngest). */
export async function readStashedFailure(
  db: Queryable,
  runId: string,
): Promise<TRunFailure | undefined> {
  const { rows } = await db.query('SELECT error FROM runs WHERE id = $1', [runId]);
  const parsed = ZRunFailureSchema.safeParse(
    z.object({ error: z.unknown() }).optional().parse(rows[0])?.error,
  );
  return parsed.success ? parsed.data : undefined;
}
