// Helpers for running the adapter's functions with @inngest/test: a quiet dev-mode client, a run
// requested on Inngest, and the next request Inngest would make after steps ran or failed.
import { InngestTestEngine, mockCtx } from '@inngest/test';
import { type InngestFunction, StepError } from 'inngest';
import { vi } from 'vitest';
import { z } from 'zod';
import { buildInngestFunctions } from '../../inngest/adapter.ts';
import { createInngestClient } from '../../inngest/client.ts';
import {
  createWorkflowRegistry,
  startRun,
  type WorkflowDefinition,
} from '../../server/engine/index.ts';
import { pool } from '../engine/support.ts';
import { query, testDatabaseUrl } from '../support/database.ts';
import { deliveredRunRequested, quietLogger } from './support.ts';

/** Input schema of workflows that take none. */
export const ZNone = z.object({}).passthrough();
/** An event as @inngest/test takes it. */
export const ZEventSchema = z.object({ name: z.string(), data: z.record(z.string(), z.unknown()) });
const client = createInngestClient({ isDev: true, logger: quietLogger });

/** The adapter's Inngest function of one workflow, and a run of it requested on Inngest. */
export async function inngestRun(workflow: WorkflowDefinition, input: unknown) {
  const registry = createWorkflowRegistry([workflow]);
  const [fn] = buildInngestFunctions(client, registry, { db: () => pool });
  if (!fn) throw new Error('the adapter built no function');
  const { runId } = await startRun(pool, registry, {
    workflowId: workflow.id,
    input,
    engine: 'inngest',
  });
  return { fn, runId, registry, event: deliveredRunRequested(runId, workflow.id) };
}

/**
 * The next request Inngest makes after some steps ran: their recorded outputs come back from
 * its state, and a step that failed for good rejects with Inngest's StepError, carrying the
 * error the step body reported. (`steps` mocks of @inngest/test 1.0 cannot model a failed step
 * with inngest 4: the step resolves with `undefined`. So failed steps go through transformCtx.)
 */
export function nextRequest(
  fn: InngestFunction.Any,
  event: unknown,
  state: { done: Record<string, unknown>; failed: Record<string, unknown> },
) {
  return new InngestTestEngine({
    function: fn,
    events: [ZEventSchema.parse(event)],
    steps: Object.entries(state.done).map(([id, data]) => ({ id, handler: () => data })),
    transformCtx: (ctx) => {
      const mocked = mockCtx(ctx);
      const run = mocked.step.run;
      const failOrRun = (id: string, body: () => unknown) =>
        id in state.failed ? Promise.reject(new StepError(id, state.failed[id])) : run(id, body);
      Object.assign(mocked.step, { run: vi.fn(failOrRun) });
      return mocked;
    },
  }).execute();
}

/** The run's status, output and error. */
export async function runRow(runId: string) {
  const [row] = await query(
    testDatabaseUrl,
    'SELECT status, output, error FROM runs WHERE id = $1',
    [runId],
  );
  return row;
}
