import { describe, expect, it } from 'vitest';
import {
  inngestEventName,
  matchExpression,
  runRequestedEvent,
  toEngineEvent,
  toInngestEvent,
} from './events.ts';

describe('matchExpression', () => {
  it('is undefined for an empty match: any event of the name resumes the wait', () => {
    expect(matchExpression({})).toBeUndefined();
    expect(matchExpression()).toBeUndefined();
  });

  it('compares every field of the match, nested objects field by field, as jsonb containment does', () => {
    expect(
      matchExpression({ reviewItemId: 'ri-1', amount: 12.5, isUrgent: true, note: null }),
    ).toBe(
      'async.data.reviewItemId == "ri-1" && async.data.amount == 12.5 && async.data.isUrgent == true && async.data.note == null',
    );
    expect(matchExpression({ by: { team: 'finance', level: 2 } })).toBe(
      'async.data.by.team == "finance" && async.data.by.level == 2',
    );
  });

  it('quotes keys that are not identifiers and escapes string values', () => {
    expect(matchExpression({ 'review-item': 'say "hi"\\' })).toBe(
      'async.data["review-item"] == "say \\"hi\\"\\\\"',
    );
  });

  it('refuses arrays, which Inngest expressions cannot match by containment', () => {
    expect(() => matchExpression({ tags: ['a'] })).toThrow(/arrays cannot be matched on Inngest/);
  });
});

describe('event names and payloads', () => {
  it('prefixes engine events and gives them their events row id', () => {
    expect(inngestEventName('review.decided')).toBe('steward/event.review.decided');
    expect(toInngestEvent({ id: 'e-1', name: 'review.decided', data: { a: 1 } })).toEqual({
      id: 'e-1',
      name: 'steward/event.review.decided',
      data: { a: 1 },
    });
  });

  it('turns what a wait received back into the engine event workflow code sees', () => {
    expect(
      toEngineEvent({
        id: 'e-1',
        name: 'steward/event.review.decided',
        data: { decision: 'approved' },
        ts: Date.parse('2026-01-02T03:04:05.000Z'),
      }),
    ).toEqual({
      id: 'e-1',
      name: 'review.decided',
      data: { decision: 'approved' },
      createdAt: '2026-01-02T03:04:05.000Z',
    });
    expect(toEngineEvent(null)).toBeNull();
  });

  it('dedupes the first request of a run by its id and tells later dispatches apart', () => {
    const data = { runId: '6f1c3f1e-8a55-4f9e-9d55-3d1f2f1e0a01', workflowId: 'w' };
    expect(runRequestedEvent(data).id).toBe(`run.requested:${data.runId}`);
    expect(runRequestedEvent(data, 'd-2').id).toBe(`run.requested:${data.runId}:d-2`);
  });
});
