// dashboard.charts against a real database: rows inserted by SQL at known times, every series
// checked exactly (zeros included) at a pinned moment; a requester's figures cover only their
// own runs; the days input is bounded.
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCaller } from '../../server/api/root.ts';
import type { TRole } from '../../server/auth/roles.ts';
import { getCharts } from '../../server/dashboard/get-charts.ts';
import { createDb, type Db } from '../../server/db/client.ts';
import { testDatabaseUrl } from '../support/database.ts';

const NOW = new Date('2026-03-10T12:30:00.000Z');
const at = (iso: string) => new Date(iso);
const hoursBefore = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);

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

/** Inserts `count` runs; returns their ids. */
async function insertRuns(
  status: string,
  count: number,
  createdAt: Date,
  { workflowId = 'wf-a', requestedById = null as string | null } = {},
): Promise<string[]> {
  const rows = await db.$queryRawUnsafe(
    `INSERT INTO runs (workflow_id, workflow_version, status, input, created_at, requested_by_id)
     SELECT $1, 1, $2::"RunStatus", '{}', $3::timestamptz, $5::uuid FROM generate_series(1, $4::int)
     RETURNING id`,
    workflowId,
    status,
    createdAt,
    count,
    requestedById,
  );
  return z
    .array(z.object({ id: z.string() }))
    .parse(rows)
    .map((row) => row.id);
}

async function insertDeadLetter(
  runId: string,
  groupKey: string,
  createdAt: Date,
  { stepId = 'lookup', errorClass = 'Timeout', resolved = false } = {},
) {
  await db.$executeRawUnsafe(
    `INSERT INTO dead_letters (run_id, step_id, error_class, message, attempts, input, group_key, created_at, resolved_at, resolution)
     VALUES ($1::uuid, $2, $3, 'it broke', 3, '{}', $4, $5::timestamptz, $6::timestamptz, $7::"DeadLetterResolution")`,
    runId,
    stepId,
    errorClass,
    groupKey,
    createdAt,
    resolved ? createdAt : null,
    resolved ? 'discarded' : null,
  );
}

async function insertReviewItem(
  runId: string,
  status: string,
  createdAt: Date,
  decidedAt: Date | null = null,
) {
  await db.$executeRawUnsafe(
    `INSERT INTO review_items (run_id, step_id, status, risk, reasons, proposed_writes, writes_hash, created_at, decided_at)
     VALUES ($1::uuid, 'gate-' || gen_random_uuid(), $2::"ReviewStatus", 'high', '[]', '[]', 'h', $3::timestamptz, $4::timestamptz)`,
    runId,
    status,
    createdAt,
    decidedAt,
  );
}

const zeros = { succeeded: 0, failed: 0, dead: 0, cancelled: 0, open: 0 };

describe('dashboard.charts figures', () => {
  it('counts runs per UTC day by outcome, with empty days as zeros, and derives the failure rate', async () => {
    await insertRuns('succeeded', 2, at('2026-03-08T10:00:00Z'));
    await insertRuns('failed', 1, at('2026-03-08T23:59:59Z'));
    await insertRuns('dead', 1, at('2026-03-10T00:00:00Z'));
    await insertRuns('cancelled', 1, at('2026-03-10T09:00:00Z'));
    await insertRuns('succeeded', 1, at('2026-03-10T09:00:00Z'));
    await insertRuns('needs_review', 1, at('2026-03-10T11:00:00Z'));
    await insertRuns('queued', 1, at('2026-03-10T12:29:00Z'));
    await insertRuns('succeeded', 5, at('2026-03-07T23:59:59Z')); // before the first day
    await insertRuns('succeeded', 1, at('2026-03-10T12:31:00Z')); // after the pinned moment

    const charts = await getCharts(db, { days: 3, now: NOW });

    expect(charts.runsPerDay).toEqual([
      { day: '2026-03-08', ...zeros, succeeded: 2, failed: 1 },
      { day: '2026-03-09', ...zeros },
      { day: '2026-03-10', ...zeros, succeeded: 1, dead: 1, cancelled: 1, open: 2 },
    ]);
    expect(charts.failureRate).toEqual([
      { day: '2026-03-08', failed: 1, finished: 3, rate: 1 / 3 },
      { day: '2026-03-09', failed: 0, finished: 0, rate: null },
      { day: '2026-03-10', failed: 1, finished: 3, rate: 1 / 3 },
    ]);
  });

  it('groups open dead letters by root cause, largest first, leaving resolved ones out', async () => {
    const [a1, a2, a3] = await insertRuns('dead', 3, at('2026-03-01T00:00:00Z'));
    const [b1] = await insertRuns('dead', 1, at('2026-03-01T00:00:00Z'), { workflowId: 'wf-b' });
    if (!a1 || !a2 || !a3 || !b1) throw new Error('runs missing');
    await insertDeadLetter(a1, 'group-a', at('2026-03-09T08:00:00Z'));
    await insertDeadLetter(a2, 'group-a', at('2026-03-04T08:00:00Z'));
    await insertDeadLetter(a3, 'group-a', at('2026-03-02T08:00:00Z'), { resolved: true });
    await insertDeadLetter(b1, 'group-b', at('2026-03-05T08:00:00Z'), {
      stepId: 'write',
      errorClass: 'HttpError',
    });

    const charts = await getCharts(db, { days: 3, now: NOW });

    expect(charts.deadLettersOpen).toBe(3);
    expect(charts.deadLetterGroups).toEqual([
      {
        groupKey: 'group-a',
        workflowId: 'wf-a',
        stepId: 'lookup',
        errorClass: 'Timeout',
        count: 2,
        oldestAt: at('2026-03-04T08:00:00Z'),
      },
      {
        groupKey: 'group-b',
        workflowId: 'wf-b',
        stepId: 'write',
        errorClass: 'HttpError',
        count: 1,
        oldestAt: at('2026-03-05T08:00:00Z'),
      },
    ]);
  });

  it('sizes the open review queue by age and names its oldest item', async () => {
    const [run] = await insertRuns('needs_review', 1, at('2026-02-01T00:00:00Z'));
    if (!run) throw new Error('run missing');
    await insertReviewItem(run, 'pending', hoursBefore(0.5));
    await insertReviewItem(run, 'escalated', hoursBefore(1 / 12));
    await insertReviewItem(run, 'pending', hoursBefore(1)); // exactly an hour: 1-24 h
    await insertReviewItem(run, 'pending', hoursBefore(3));
    await insertReviewItem(run, 'pending', hoursBefore(48));
    await insertReviewItem(run, 'pending', hoursBefore(240));
    await insertReviewItem(run, 'approved', hoursBefore(500), hoursBefore(2));

    const { reviewQueue } = await getCharts(db, { days: 1, now: NOW });

    expect(reviewQueue).toEqual({
      open: 6,
      buckets: [
        { bucket: 'under1h', count: 2 },
        { bucket: 'from1hTo24h', count: 2 },
        { bucket: 'from1dTo7d', count: 1 },
        { bucket: 'over7d', count: 1 },
      ],
      oldestAt: hoursBefore(240),
      oldestAgeSeconds: 240 * 3600,
    });
  });

  it('counts decisions per hour over the last 24 hours by verdict, every hour listed', async () => {
    const [run] = await insertRuns('needs_review', 1, at('2026-02-01T00:00:00Z'));
    if (!run) throw new Error('run missing');
    const created = at('2026-03-01T00:00:00Z');
    await insertReviewItem(run, 'approved', created, at('2026-03-10T12:10:00Z'));
    await insertReviewItem(run, 'rejected', created, at('2026-03-10T12:20:00Z'));
    await insertReviewItem(run, 'approved', created, at('2026-03-10T11:05:00Z'));
    await insertReviewItem(run, 'approved', created, at('2026-03-10T11:55:00Z'));
    await insertReviewItem(run, 'rejected', created, at('2026-03-09T13:00:00Z')); // first hour
    await insertReviewItem(run, 'approved', created, at('2026-03-09T12:59:59Z')); // too old
    await insertReviewItem(run, 'approved', created, at('2026-03-10T12:40:00Z')); // after now

    const { decisionsPerHour } = await getCharts(db, { days: 1, now: NOW });

    const expected = Array.from({ length: 24 }, (_, index) => ({
      hour: new Date(Date.UTC(2026, 2, 9, 13 + index)),
      approved: 0,
      rejected: 0,
    }));
    expected[0] = { ...expected[0], hour: at('2026-03-09T13:00:00Z'), approved: 0, rejected: 1 };
    expected[22] = { hour: at('2026-03-10T11:00:00Z'), approved: 2, rejected: 0 };
    expected[23] = { hour: at('2026-03-10T12:00:00Z'), approved: 1, rejected: 1 };
    expect(decisionsPerHour).toEqual(expected);
  });
});

describe('dashboard.charts procedure', () => {
  const users: Record<TRole, string> = {
    requester: '00000000-0000-4000-8000-0000000000a1',
    reviewer: '00000000-0000-4000-8000-0000000000a2',
    operations: '00000000-0000-4000-8000-0000000000a3',
    admin: '00000000-0000-4000-8000-0000000000a4',
  };
  const other = '00000000-0000-4000-8000-0000000000b1';

  function caller(role: TRole) {
    return createCaller({
      db,
      headers: new Headers(),
      user: { id: users[role], email: `${role}@example.com`, name: role, role },
    });
  }

  beforeEach(async () => {
    for (const [email, id] of [...Object.entries(users), ['other', other]]) {
      await db.$executeRawUnsafe(
        `INSERT INTO users (id, email, name, role) VALUES ($1::uuid, $2, 'x', 'requester')`,
        id,
        `${email}@example.com`,
      );
    }
  });

  it("limits a requester's figures to the runs they requested; operations see all", async () => {
    const now = new Date();
    const [mineDead] = await insertRuns('dead', 1, now, { requestedById: users.requester });
    const [mineReview] = await insertRuns('needs_review', 1, now, {
      requestedById: users.requester,
    });
    await insertRuns('succeeded', 2, now, { requestedById: users.requester });
    const [theirsDead] = await insertRuns('dead', 1, now, { requestedById: other });
    const [theirsReview] = await insertRuns('needs_review', 3, now, { requestedById: other });
    if (!mineDead || !mineReview || !theirsDead || !theirsReview) throw new Error('runs missing');
    await insertDeadLetter(mineDead, 'g', now);
    await insertDeadLetter(theirsDead, 'g', now);
    await insertReviewItem(mineReview, 'pending', now);
    await insertReviewItem(theirsReview, 'pending', now);
    await insertReviewItem(theirsReview, 'approved', now, now);

    const total = (charts: Awaited<ReturnType<typeof getCharts>>) =>
      charts.runsPerDay.reduce(
        (sum, day) => sum + day.succeeded + day.failed + day.dead + day.cancelled + day.open,
        0,
      );
    const requester = await caller('requester').dashboard.charts({ days: 2 });
    expect(total(requester)).toBe(4);
    expect(requester.deadLettersOpen).toBe(1);
    expect(requester.deadLetterGroups.map((group) => group.count)).toEqual([1]);
    expect(requester.reviewQueue.open).toBe(1);
    expect(requester.decisionsPerHour.reduce((sum, hour) => sum + hour.approved, 0)).toBe(0);

    for (const role of ['reviewer', 'operations', 'admin'] as const) {
      const charts = await caller(role).dashboard.charts({ days: 2 });
      expect(total(charts), role).toBe(8);
      expect(charts.deadLettersOpen, role).toBe(2);
      expect(charts.reviewQueue.open, role).toBe(2);
      expect(
        charts.decisionsPerHour.reduce((sum, hour) => sum + hour.approved, 0),
        role,
      ).toBe(1);
    }
  });

  it('covers 14 days by default, ending today (UTC), and accepts 1 to 90 days only', async () => {
    const charts = await caller('operations').dashboard.charts();
    expect(charts.days).toBe(14);
    expect(charts.runsPerDay).toHaveLength(14);
    expect(charts.failureRate).toHaveLength(14);
    expect(charts.decisionsPerHour).toHaveLength(24);
    expect(charts.runsPerDay.at(-1)?.day).toBe(charts.generatedAt.toISOString().slice(0, 10));
    expect((await caller('operations').dashboard.charts({ days: 1 })).runsPerDay).toHaveLength(1);
    expect((await caller('operations').dashboard.charts({ days: 90 })).runsPerDay).toHaveLength(90);
    for (const days of [0, 91, 2.5]) {
      await expect(caller('operations').dashboard.charts({ days })).rejects.toSatisfy(
        (error) => error instanceof TRPCError && error.code === 'BAD_REQUEST',
      );
    }
  });
});
