// The review console's API on a seeded queue: paging without skips or repeats, each filter,
// the reject reasons, decisions (bad reason refused, four-eyes per item) and the sitting figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../server/api/root.ts';
import { createDb, type Db } from '../../server/db/client.ts';
import { getEnginePool } from '../../server/engine/pool.ts';
import { REJECT_REASONS } from '../../server/review/queue/reason-codes.ts';
import { seedReviewQueue } from '../../server/review/seed-queue.ts';
import { testUser } from '../support/auth.ts';
import { testDatabaseUrl } from '../support/database.ts';

let db: Db;
const people = { reviewer: '', requester: '', other: '' };

function reviewer(id = people.reviewer) {
  const user = { id, email: `${id}@example.com`, name: 'Reviewer', role: 'reviewer' as const };
  return createCaller({ db, headers: new Headers(), user });
}

async function sqlCount(where: string, values: unknown[] = []): Promise<number> {
  const { rows } = await getEnginePool().query(
    `SELECT count(*)::int AS n FROM review_items ri JOIN runs r ON r.id = ri.run_id WHERE ${where}`,
    values,
  );
  return rows[0].n;
}

async function listAll(filters: Parameters<ReturnType<typeof reviewer>['review']['list']>[0]) {
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await reviewer().review.list({ ...filters, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

beforeAll(async () => {
  db = createDb(testDatabaseUrl);
  const pool = getEnginePool();
  people.reviewer = (await testUser(pool, 'reviewer', 'Rae Reviewer')).id;
  people.requester = (await testUser(pool, 'requester', 'Rita Requester')).id;
  people.other = (await testUser(pool, 'reviewer', 'Otto Other')).id;
  expect(await seedReviewQueue(pool, { count: 500, requestedById: people.requester })).toBe(500);
});

afterAll(async () => {
  await db.$disconnect();
  await getEnginePool().end();
});

describe('review.list', () => {
  it('pages through 500 seeded items oldest first without skipping or repeating one', async () => {
    // Twenty items created in the same millisecond: the id breaks the tie.
    await getEnginePool().query(
      `UPDATE review_items SET created_at = (SELECT min(created_at) FROM review_items) + interval '1 hour'
       WHERE id IN (SELECT id FROM review_items ORDER BY created_at, id OFFSET 100 LIMIT 20)`,
    );
    const seen = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await reviewer().review.list({ limit: 37, cursor });
      expect(page.total).toBe(500);
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);

    expect(pages).toBe(Math.ceil(500 / 37));
    expect(seen).toHaveLength(500);
    expect(new Set(seen.map((item) => item.id)).size).toBe(500);
    const order = seen.map((item) => `${item.createdAt.toISOString()} ${item.id}`);
    expect(order).toEqual([...order].sort());
    expect(seen[0]).toMatchObject({
      workflowTitle: expect.stringMatching(
        /^(Invoice approval|Lead enrichment|Customer address change)$/,
      ),
      requester: { id: people.requester, name: 'Rita Requester' },
      status: 'pending',
      reasons: [{ code: expect.any(String), message: expect.any(String) }],
      summary: { title: expect.any(String), figures: expect.any(Array) },
    });
  });

  it('gives 100 by default and shows only pending and escalated items', async () => {
    const pool = getEnginePool();
    const { rows } = await pool.query(
      `SELECT id FROM review_items ORDER BY created_at, id LIMIT 3`,
    );
    await pool.query(`UPDATE review_items SET status = 'escalated' WHERE id = $1`, [rows[0].id]);
    await pool.query(`UPDATE review_items SET status = 'expired' WHERE id = $1`, [rows[1].id]);
    await pool.query(`UPDATE review_items SET status = 'superseded' WHERE id = $1`, [rows[2].id]);

    const page = await reviewer().review.list();
    expect(page.items).toHaveLength(100);
    expect(page.total).toBe(498);
    expect(page.items[0]).toMatchObject({ id: rows[0].id, status: 'escalated' });
    expect(page.items.map((item) => item.id)).not.toContain(rows[1].id);
  });

  it('filters by workflow, reason, risk and age, and counts what matches', async () => {
    const open = `ri.status IN ('pending', 'escalated')`;
    const cases = [
      [{ workflowId: 'lead-enrichment' }, `${open} AND r.workflow_id = 'lead-enrichment'`],
      [{ reason: 'po-matched' }, `${open} AND ri.reasons @> '[{"code": "po-matched"}]'`],
      [{ risk: 'high' as const }, `${open} AND ri.risk = 'high'`],
      [{ minAgeMinutes: 60 }, `${open} AND ri.created_at <= now() - interval '60 minutes'`],
      [{ maxAgeMinutes: 60 }, `${open} AND ri.created_at >= now() - interval '60 minutes'`],
      [
        {
          workflowId: 'invoice-approval',
          reason: 'amount-within-tolerance',
          risk: 'medium' as const,
        },
        `${open} AND r.workflow_id = 'invoice-approval' AND ri.risk = 'medium'
           AND ri.reasons @> '[{"code": "amount-within-tolerance"}]'`,
      ],
    ] as const;
    for (const [filters, where] of cases) {
      const expected = await sqlCount(where);
      expect(expected, JSON.stringify(filters)).toBeGreaterThan(0);
      expect(expected, JSON.stringify(filters)).toBeLessThan(498);
      const first = await reviewer().review.list({ ...filters, limit: 50 });
      expect(first.total, JSON.stringify(filters)).toBe(expected);
      const all = await listAll({ ...filters, limit: 50 });
      expect(all, JSON.stringify(filters)).toHaveLength(expected);
      for (const item of all) {
        if ('workflowId' in filters) expect(item.workflowId).toBe(filters.workflowId);
        if ('risk' in filters) expect(item.risk).toBe(filters.risk);
        if ('reason' in filters) expect(item.reasons.map((r) => r.code)).toContain(filters.reason);
      }
    }
  });

  it('opens a seeded item with its plan and the diff of its proposed write', async () => {
    const { items } = await reviewer().review.list({ workflowId: 'address-change', limit: 1 });
    const detail = await reviewer().review.get({ id: items[0]?.id ?? '' });
    expect(detail.run).toMatchObject({ status: 'needs_review', workflowId: 'address-change' });
    expect(detail.plan).toMatchObject({
      planner: 'offline',
      steps: [
        { id: 'get-contact', tool: 'crm.get-contact', why: expect.any(String) },
        { id: 'update-contact-address', tool: 'crm.update-contact-address' },
      ],
    });
    expect(detail.item.proposedWrites[0]?.preview?.changes[0]).toMatchObject({ field: 'city' });
  });

  it('refuses a cursor it did not hand out, and a limit over 500', async () => {
    await expect(reviewer().review.list({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'The page cursor is not valid; load the queue again.',
    });
    await expect(reviewer().review.list({ limit: 501 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('review.reasons and review.decide', () => {
  it('offers the nine reject reasons in key order', async () => {
    const reasons = await reviewer().review.reasons();
    expect(reasons).toHaveLength(9);
    expect(reasons.map((reason) => reason.code)).toEqual(REJECT_REASONS.map((r) => r.code));
    expect(reasons[0]).toEqual({ code: 'amount-mismatch', label: expect.any(String) });
  });

  it('refuses a rejection with a reason the console does not offer, deciding nothing', async () => {
    const { items } = await reviewer().review.list({ limit: 2 });
    const [a, b] = items.map((item) => item.id);
    const request = reviewer().review.decide({
      decisions: [
        { reviewItemId: a ?? '', verdict: 'approved' },
        { reviewItemId: b ?? '', verdict: 'rejected', reasonCode: 'price-dispute' },
      ],
    });
    await expect(request).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('"price-dispute" is not a reject reason'),
    });
    expect(await sqlCount(`ri.id IN ($1, $2) AND ri.decided_at IS NULL`, [a, b])).toBe(2);
  });

  it('decides a batch per item: the requester of a run is refused, the others recorded', async () => {
    const pool = getEnginePool();
    const { items } = await reviewer().review.list({ limit: 3 });
    const ids = items.map((item) => item.id);
    // The reviewer asked for the second item's run themselves (four-eyes).
    await pool.query(
      `UPDATE runs SET requested_by_id = $1 WHERE id = (SELECT run_id FROM review_items WHERE id = $2)`,
      [people.reviewer, ids[1]],
    );
    const results = await reviewer().review.decide({
      decisions: [
        { reviewItemId: ids[0] ?? '', verdict: 'approved', timeOnItemMs: 900 },
        { reviewItemId: ids[1] ?? '', verdict: 'approved' },
        { reviewItemId: ids[2] ?? '', verdict: 'rejected', reasonCode: 'duplicate', note: 'Paid' },
      ],
    });
    expect(results).toEqual([
      { reviewItemId: ids[0], ok: true, status: 'approved' },
      { reviewItemId: ids[1], ok: false, code: 'FORBIDDEN', message: expect.any(String) },
      { reviewItemId: ids[2], ok: true, status: 'rejected' },
    ]);
    const { rows } = await pool.query(
      `SELECT id, status, decided_by_id, reason_code, time_on_item_ms FROM review_items
       WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(ids[0])).toMatchObject({
      status: 'approved',
      decided_by_id: people.reviewer,
      time_on_item_ms: 900,
    });
    expect(byId.get(ids[1])).toMatchObject({ status: 'pending', decided_by_id: null });
    expect(byId.get(ids[2])).toMatchObject({ status: 'rejected', reason_code: 'duplicate' });

    // Another reviewer may decide it; deciding again is a conflict, per item.
    const again = await reviewer(people.other).review.decide({
      decisions: [
        { reviewItemId: ids[1] ?? '', verdict: 'approved' },
        { reviewItemId: ids[0] ?? '', verdict: 'approved' },
      ],
    });
    expect(again.map((result) => (result.ok ? result.status : result.code))).toEqual([
      'approved',
      'DECISION_CONFLICT',
    ]);
  });
});

describe('review.stats', () => {
  it('counts the sitting back from now until a gap of more than 30 minutes', async () => {
    const pool = getEnginePool();
    const stats = (id: string) => reviewer(id).review.stats();
    const fresh = (await testUser(pool, 'reviewer')).id;
    expect((await stats(fresh)).sitting).toEqual({ startedAt: null, decisions: 0, perHour: 0 });

    // Minutes ago: 5, 20, 45 (gaps 15 and 25: one sitting), then 80 (a 35-minute gap: earlier).
    const { rows } = await pool.query(
      `WITH picked AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM review_items
         WHERE status = 'pending' ORDER BY id LIMIT 4)
       UPDATE review_items ri SET status = 'approved', decided_by_id = $1,
         decided_at = now() - (ARRAY[5, 20, 45, 80])[picked.n] * interval '1 minute'
       FROM picked WHERE ri.id = picked.id RETURNING ri.decided_at`,
      [fresh],
    );
    expect(rows).toHaveLength(4);
    const pending = await sqlCount(`ri.status IN ('pending', 'escalated')`);
    const before = Date.now();
    const { pending: left, sitting } = await stats(fresh);
    expect(left).toBe(pending);
    expect(sitting.decisions).toBe(3);
    const started = sitting.startedAt?.getTime() ?? 0;
    expect(Math.abs(before - 45 * 60_000 - started)).toBeLessThan(5_000);
    // 3 decisions in 45 minutes: 4 an hour.
    expect(sitting.perHour).toBeCloseTo(4, 1);

    // 40 minutes after the last decision, the sitting is over.
    await pool.query(
      `UPDATE review_items SET decided_at = decided_at - interval '35 minutes' WHERE decided_by_id = $1`,
      [fresh],
    );
    expect((await stats(fresh)).sitting).toEqual({ startedAt: null, decisions: 0, perHour: 0 });
  });

  it('counts a sitting shorter than a minute as a minute', async () => {
    const pool = getEnginePool();
    const fresh = (await testUser(pool, 'reviewer')).id;
    await pool.query(
      `UPDATE review_items SET status = 'approved', decided_by_id = $1, decided_at = now() - interval '10 seconds'
       WHERE id IN (SELECT id FROM review_items WHERE status = 'pending' ORDER BY id LIMIT 2)`,
      [fresh],
    );
    const { sitting } = await reviewer(fresh).review.stats();
    expect(sitting.decisions).toBe(2);
    expect(sitting.perHour).toBeCloseTo(120, 5);
  });
});
