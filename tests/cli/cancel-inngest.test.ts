// `npm run steward -- runs cancel` on a run Inngest executes: the CLI tells Inngest at once,
// through the SDK's event API (a stand-in server here), and a failure to tell it does not undo
// the cancellation.
import { describe, expect, it } from 'vitest';
import { startRun } from '../../server/engine/index.ts';
import { registry } from '../fixtures/cli-workflows.ts';
import { fakeInngestServer } from '../inngest/support.ts';
import { pool, steward } from './support.ts';

async function inngestRun(): Promise<string> {
  const { runId } = await startRun(pool, registry, {
    workflowId: 'await-approval',
    input: {},
    engine: 'inngest',
  });
  return runId;
}

async function status(runId: string): Promise<unknown> {
  const { rows } = await pool.query('SELECT status FROM runs WHERE id = $1', [runId]);
  return rows[0]?.status;
}

describe('runs cancel on an Inngest run', () => {
  it('cancels the run and sends one steward/run.cancelled for it', async () => {
    const inngestServer = await fakeInngestServer();
    const runId = await inngestRun();
    const result = await steward(['runs', 'cancel', runId], {
      INNGEST_DEV: '1',
      INNGEST_BASE_URL: inngestServer.url,
    });

    expect(result).toMatchObject({ code: 0, stdout: `cancelled ${runId}\n`, stderr: '' });
    expect(await status(runId)).toBe('cancelled');
    expect(inngestServer.events).toEqual([
      expect.objectContaining({
        id: `run.cancelled:${runId}`,
        name: 'steward/run.cancelled',
        data: { runId },
      }),
    ]);
  });

  it('keeps the run cancelled, exits 0 and says so when Inngest cannot be told', async () => {
    const inngestServer = await fakeInngestServer({ rejectEvents: true });
    const runId = await inngestRun();
    const result = await steward(['runs', 'cancel', runId], {
      INNGEST_DEV: '1',
      INNGEST_BASE_URL: inngestServer.url,
    });

    expect(result).toMatchObject({ code: 0, stdout: `cancelled ${runId}\n` });
    expect(result.stderr).toMatch(
      /^Inngest was not told \(.+\); its function stops at its next step/,
    );
    expect(await status(runId)).toBe('cancelled');
    expect(inngestServer.events).toEqual([]);
  });
});
