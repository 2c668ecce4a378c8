import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET } from '../../app/api/trpc/[trpc]/route.ts';
import type { RunStatus } from '../../generated/prisma/enums.ts';
import { createCaller } from '../../server/api/root.ts';
import { createDb, type Db } from '../../server/db/client.ts';
import { sessionCookie } from '../support/auth.ts';
import { testDatabaseUrl } from '../support/database.ts';

/** Operations see every run; the role checks themselves are tested in roles.test.ts. */
const OPERATIONS = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'ops@example.com',
  name: 'Ops',
  role: 'operations' as const,
};

let db: Db;

beforeAll(() => {
  db = createDb(testDatabaseUrl);
});

afterAll(async () => {
  await db.$disconnect();
});

beforeEach(async () => {
  await db.$executeRawUnsafe(
    'TRUNCATE audit_events, dead_letters, review_items, validation_results, model_calls, step_checkpoints, runs, users CASCADE',
  );
});

function caller() {
  return createCaller({ db, headers: new Headers(), user: OPERATIONS });
}

/** Inserts `count` runs of a workflow in one status; returns their ids in insertion order. */
async function insertRuns(
  workflowId: string,
  status: RunStatus,
  count: number,
  requestedById?: string,
) {
  const runs = await db.run.createManyAndReturn({
    data: Array.from({ length: count }, (_, n) => ({
      workflowId,
      workflowVersion: 1,
      status,
      input: { n },
      requestedById,
    })),
    select: { id: true },
  });
  return runs.map((run) => run.id);
}

async function insertReviewItem(runId: string, status: 'pending' | 'approved' | 'rejected') {
  await db.reviewItem.create({
    data: {
      runId,
      stepId: `gate-${status}`,
      status,
      risk: 'high',
      reasons: [{ rule: 'amount-over-threshold' }],
      proposedWrites: [],
      writesHash: `hash-${runId}-${status}`,
      decidedAt: status === 'pending' ? null : new Date(),
    },
  });
}

async function insertDeadLetter(runId: string, resolved: boolean) {
  await db.deadLetter.create({
    data: {
      runId,
      stepId: 'lookup-vendor',
      errorClass: 'TimeoutError',
      message: 'The ERP did not answer within 30 s',
      attempts: 5,
      input: {},
      groupKey: 'lookup-vendor:TimeoutError',
      resolvedAt: resolved ? new Date() : null,
      resolution: resolved ? 'discarded' : null,
    },
  });
}

const ZERO_BY_STATUS: Record<RunStatus, number> = {
  queued: 0,
  running: 0,
  sleeping: 0,
  waiting: 0,
  needs_review: 0,
  needs_reconciliation: 0,
  succeeded: 0,
  failed: 0,
  dead: 0,
  cancelled: 0,
};

describe('dashboard.getCounts', () => {
  it('reports zero for every status, review and dead letter when there are no rows', async () => {
    expect(await caller().dashboard.getCounts()).toEqual({
      runsByStatus: ZERO_BY_STATUS,
      runsTotal: 0,
      reviewPending: 0,
      deadLettersOpen: 0,
    });
  });

  it('counts runs by status, pending review items and open dead letters exactly', async () => {
    const user = await db.user.create({ data: { email: 'ana@example.com', name: 'Ana' } });
    await insertRuns('invoice-approval', 'queued', 3, user.id);
    await insertRuns('invoice-approval', 'running', 2);
    await insertRuns('invoice-approval', 'succeeded', 5, user.id);
    await insertRuns('invoice-approval', 'failed', 1);
    await insertRuns('invoice-approval', 'cancelled', 1);
    const review = await insertRuns('invoice-approval', 'needs_review', 4, user.id);
    const dead = await insertRuns('invoice-approval', 'dead', 2);
    await insertRuns('vendor-onboarding', 'queued', 2);
    const otherReview = await insertRuns('vendor-onboarding', 'needs_review', 1);
    const otherDead = await insertRuns('vendor-onboarding', 'dead', 1);

    // Pending: three of the first workflow's four, plus one of the second's.
    for (const [index, runId] of review.entries()) {
      await insertReviewItem(runId, index === 0 ? 'approved' : 'pending');
    }
    await insertReviewItem(review[1] ?? '', 'rejected');
    await insertReviewItem(otherReview[0] ?? '', 'pending');
    // Open: two of the first workflow's three dead letters, and the second's one.
    await insertDeadLetter(dead[0] ?? '', false);
    await insertDeadLetter(dead[1] ?? '', false);
    await insertDeadLetter(dead[1] ?? '', true);
    await insertDeadLetter(otherDead[0] ?? '', false);

    expect(await caller().dashboard.getCounts()).toEqual({
      runsByStatus: {
        ...ZERO_BY_STATUS,
        queued: 5,
        running: 2,
        succeeded: 5,
        failed: 1,
        cancelled: 1,
        needs_review: 5,
        dead: 3,
      },
      runsTotal: 22,
      reviewPending: 4,
      deadLettersOpen: 3,
    });

    expect(await caller().dashboard.getCounts({ workflowId: 'invoice-approval' })).toEqual({
      runsByStatus: {
        ...ZERO_BY_STATUS,
        queued: 3,
        running: 2,
        succeeded: 5,
        failed: 1,
        cancelled: 1,
        needs_review: 4,
        dead: 2,
      },
      runsTotal: 18,
      reviewPending: 3,
      deadLettersOpen: 2,
    });
  });

  it('reports zeros for a workflow that has no runs', async () => {
    await insertRuns('invoice-approval', 'queued', 2);
    const counts = await caller().dashboard.getCounts({ workflowId: 'no-such-workflow' });
    expect(counts.runsByStatus).toEqual(ZERO_BY_STATUS);
    expect(counts.runsTotal).toBe(0);
  });
});

describe('GET /api/trpc/dashboard.getCounts (the route handler)', () => {
  const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 2 });
  afterAll(() => pool.end());

  /** A GET as an operations user signed in through the auth route (or nobody). */
  async function get(input?: unknown, { signedIn = true } = {}): Promise<Response> {
    const query =
      input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
    const headers = signedIn
      ? { cookie: (await sessionCookie(pool, 'operations')).cookie }
      : undefined;
    return GET(new Request(`http://127.0.0.1/api/trpc/dashboard.getCounts${query}`, { headers }));
  }

  it('refuses a request without a session', async () => {
    const response = await get(undefined, { signedIn: false });
    expect(response.status).toBe(401);
    expect(JSON.stringify(await response.json())).toContain('Sign in first.');
  });

  it('answers with the counts from the database', async () => {
    await insertRuns('invoice-approval', 'failed', 2);
    const response = await get();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      result: {
        data: {
          json: {
            runsByStatus: { ...ZERO_BY_STATUS, failed: 2 },
            runsTotal: 2,
            reviewPending: 0,
            deadLettersOpen: 0,
          },
        },
      },
    });
  });

  it('names the bad field when the input is invalid', async () => {
    const response = await get({ workflowId: '   ' });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.json.data).toMatchObject({
      code: 'BAD_REQUEST',
      appCode: 'BAD_INPUT',
      fieldErrors: { workflowId: ['Enter a workflow id'] },
      formErrors: [],
    });
  });
});
