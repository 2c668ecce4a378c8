/**
 * Optimistic decisions with undo (REVIEW-CONSOLE.md rule 4): a verdict applies on screen at once
 * and is sent after a short undo window, as one batch request answering per item. Undo takes
 * back the last batch not yet sent. Pure state, so the rules are unit-tested without a browser.
 */

export type TVerdict = 'approved' | 'rejected';

export interface QueuedDecision {
  reviewItemId: string;
  timeOnItemMs: number;
}

export interface DecisionBatch {
  id: number;
  verdict: TVerdict;
  reasonCode: string | null;
  items: QueuedDecision[];
  /** When the undo window closes and the batch is sent. */
  sendAt: number;
  state: 'waiting' | 'sending' | 'sent';
}

export interface QueueState {
  batches: DecisionBatch[];
  /** Items decided on screen (hidden from the queue) and not rolled back. */
  decided: ReadonlySet<string>;
  nextId: number;
}

export const EMPTY_QUEUE: QueueState = { batches: [], decided: new Set(), nextId: 1 };

/** Records a verdict on these items; they leave the list at once. */
export function decide(
  state: QueueState,
  decision: { verdict: TVerdict; reasonCode: string | null; items: QueuedDecision[] },
  now: number,
  undoWindowMs: number,
): QueueState {
  const items = decision.items.filter((item) => !state.decided.has(item.reviewItemId));
  if (items.length === 0) return state;
  const batch: DecisionBatch = {
    id: state.nextId,
    verdict: decision.verdict,
    reasonCode: decision.reasonCode,
    items,
    sendAt: now + undoWindowMs,
    state: 'waiting',
  };
  const decided = new Set(state.decided);
  for (const item of items) decided.add(item.reviewItemId);
  return { batches: [...state.batches, batch], decided, nextId: state.nextId + 1 };
}

/** Takes back the last batch still in its undo window; its items return to the list. */
export function undo(state: QueueState): { state: QueueState; undone: DecisionBatch | null } {
  const last = state.batches.at(-1);
  if (last?.state !== 'waiting') return { state, undone: null };
  const decided = new Set(state.decided);
  for (const item of last.items) decided.delete(item.reviewItemId);
  return { state: { ...state, batches: state.batches.slice(0, -1), decided }, undone: last };
}

/** The batches whose undo window has closed, marked as sending. */
export function due(
  state: QueueState,
  now: number,
): { state: QueueState; toSend: DecisionBatch[] } {
  const toSend = state.batches.filter((batch) => batch.state === 'waiting' && batch.sendAt <= now);
  if (toSend.length === 0) return { state, toSend };
  const ids = new Set(toSend.map((batch) => batch.id));
  return {
    state: {
      ...state,
      batches: state.batches.map((batch) =>
        ids.has(batch.id) ? { ...batch, state: 'sending' } : batch,
      ),
    },
    toSend,
  };
}

/** The server's answer for a batch: failed items return to the list, the rest stay decided. */
export function settle(
  state: QueueState,
  batchId: number,
  failedItemIds: readonly string[],
): QueueState {
  const decided = new Set(state.decided);
  for (const id of failedItemIds) decided.delete(id);
  return {
    ...state,
    decided,
    batches: state.batches
      .map((batch) => (batch.id === batchId ? { ...batch, state: 'sent' as const } : batch))
      // Sent batches can no longer be undone; keep only the last few for the toast.
      .filter((batch, index, all) => batch.state !== 'sent' || index >= all.length - 3),
  };
}

/** Everything not yet sent, for a final send when the page goes away. */
export function unsent(state: QueueState): DecisionBatch[] {
  return state.batches.filter((batch) => batch.state === 'waiting');
}
