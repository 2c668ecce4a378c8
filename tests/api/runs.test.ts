import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../server/api/root.ts';
import { createDb, type Db } from '../../server/db/client.ts';
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

describe('run.find', () => {
  it('says there are none when no run exists', async () => {
    const caller = createCaller({ db, headers: new Headers(), user: OPERATIONS });
    expect(await caller.run.find({})).toEqual({ items: [], nextCursor: null });
  });

  it('pages through runs newest first without skipping or repeating one', async () => {
    // Five runs in the same millisecond and five later ones: the id breaks the ties.
    const sameTime = new Date('2026-11-01T09:00:00.000Z');
    await db.run.createMany({
      data: Array.from({ length: 10 }, (_, n) => ({
        workflowId: `wf-${n}`,
        workflowVersion: 1,
        status: n % 2 === 0 ? ('queued' as const) : ('succeeded' as const),
        input: {},
        createdAt: n < 5 ? sameTime : new Date(sameTime.getTime() + n * 1000),
      })),
    });
    const caller = createCaller({ db, headers: new Headers(), user: OPERATIONS });

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await caller.run.find({ limit: 3, cursor });
      seen.push(...page.items.map((run) => run.workflowId));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);

    expect(pages).toBe(4);
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
    expect(seen.slice(0, 5)).toEqual(['wf-9', 'wf-8', 'wf-7', 'wf-6', 'wf-5']);

    const first = await caller.run.find({ limit: 1 });
    expect(first.items[0]).toMatchObject({ workflowId: 'wf-9', status: 'succeeded' });
    expect(first.items[0]?.createdAt).toBeInstanceOf(Date);
  });

  it('refuses a limit above 100', async () => {
    const caller = createCaller({ db, headers: new Headers(), user: OPERATIONS });
    await expect(caller.run.find({ limit: 101 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('filters by status, workflow, requester and age, and names the requester', async () => {
    await db.run.deleteMany({});
    const [rita, sam] = await Promise.all([
      db.user.create({
        data: { email: 'rita.f@example.com', name: 'Rita Filter', role: 'requester' },
      }),
      db.user.create({
        data: { email: 'sam.f@example.com', name: 'Sam Other', role: 'requester' },
      }),
    ]);
    const hourAgo = new Date(Date.now() - 60 * 60_000);
    await db.run.createMany({
      data: [
        { workflowId: 'a', workflowVersion: 1, status: 'dead', input: {}, requestedById: rita.id },
        {
          workflowId: 'a',
          workflowVersion: 1,
          status: 'succeeded',
          input: {},
          requestedById: sam.id,
          // Newer than the first, so the order does not rest on random ids.
          createdAt: new Date(Date.now() + 1000),
        },
        {
          workflowId: 'b',
          workflowVersion: 1,
          status: 'dead',
          input: {},
          requestedById: sam.id,
          createdAt: hourAgo,
        },
      ],
    });
    const caller = createCaller({ db, headers: new Headers(), user: OPERATIONS });
    const ids = async (input: Parameters<typeof caller.run.find>[0]) =>
      (await caller.run.find(input)).items.map((run) => `${run.workflowId}:${run.status}`);

    expect(await ids({ statuses: ['dead'] })).toEqual(['a:dead', 'b:dead']);
    expect(await ids({ workflowId: 'a' })).toEqual(['a:succeeded', 'a:dead']);
    expect(await ids({ requester: 'rita' })).toEqual(['a:dead']);
    expect(await ids({ requester: 'SAM.F@' })).toEqual(['a:succeeded', 'b:dead']);
    expect(await ids({ requester: rita.id })).toEqual(['a:dead']);
    expect(await ids({ minAgeMinutes: 30 })).toEqual(['b:dead']);
    expect(await ids({ maxAgeMinutes: 30, statuses: ['dead'] })).toEqual(['a:dead']);
    expect(await ids({ createdBefore: new Date(Date.now() - 30 * 60_000) })).toEqual(['b:dead']);

    const [row] = (await caller.run.find({ requester: 'rita' })).items;
    expect(row?.requester).toEqual({
      id: rita.id,
      name: 'Rita Filter',
      email: 'rita.f@example.com',
    });

    // A requester sees only their own runs, whatever the filters ask for.
    const asSam = createCaller({
      db,
      headers: new Headers(),
      user: { id: sam.id, email: sam.email, name: sam.name, role: 'requester' },
    });
    const own = await asSam.run.find({ requester: 'rita' });
    expect(own.items).toEqual([]);
    expect((await asSam.run.find({})).items).toHaveLength(2);
  });
});
