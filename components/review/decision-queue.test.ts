import { describe, expect, it } from 'vitest';
import { decide, due, EMPTY_QUEUE, settle, undo, unsent } from './decision-queue.ts';

const item = (id: string) => ({ reviewItemId: id, timeOnItemMs: 1000 });

describe('the decision queue', () => {
  it('hides decided items at once and sends them after the undo window, as one batch', () => {
    const state = decide(
      EMPTY_QUEUE,
      { verdict: 'approved', reasonCode: null, items: [item('a'), item('b')] },
      0,
      4000,
    );
    expect([...state.decided]).toEqual(['a', 'b']);
    expect(due(state, 3999).toSend).toEqual([]);
    const { state: sending, toSend } = due(state, 4000);
    expect(toSend.map((batch) => batch.items.map((i) => i.reviewItemId))).toEqual([['a', 'b']]);
    expect(sending.batches[0]?.state).toBe('sending');
  });

  it('undoes the last batch still waiting, and nothing already sent', () => {
    let state = decide(
      EMPTY_QUEUE,
      { verdict: 'approved', reasonCode: null, items: [item('a')] },
      0,
      4000,
    );
    state = decide(
      state,
      { verdict: 'rejected', reasonCode: 'duplicate', items: [item('b')] },
      10,
      4000,
    );
    const first = undo(state);
    expect(first.undone?.verdict).toBe('rejected');
    expect([...first.state.decided]).toEqual(['a']);
    const sent = due(first.state, 5000).state;
    expect(undo(sent).undone).toBeNull();
  });

  it('returns only the failed items of a batch to the list', () => {
    let state = decide(
      EMPTY_QUEUE,
      { verdict: 'approved', reasonCode: null, items: [item('a'), item('b')] },
      0,
      0,
    );
    const { state: sending, toSend } = due(state, 0);
    state = settle(sending, toSend[0]?.id ?? 0, ['b']);
    expect([...state.decided]).toEqual(['a']);
    expect(unsent(state)).toEqual([]);
  });

  it('does not decide an item twice', () => {
    const state = decide(
      EMPTY_QUEUE,
      { verdict: 'approved', reasonCode: null, items: [item('a')] },
      0,
      4000,
    );
    expect(
      decide(state, { verdict: 'rejected', reasonCode: 'other', items: [item('a')] }, 1, 4000),
    ).toBe(state);
  });
});
