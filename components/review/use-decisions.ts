'use client';

import { useMutation } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTRPC } from '@/lib/trpc/react';
import {
  decide,
  due,
  EMPTY_QUEUE,
  type QueuedDecision,
  type QueueState,
  settle,
  type TVerdict,
  undo,
  unsent,
} from './decision-queue';

/** How long a verdict can be taken back before it is sent. */
export const UNDO_WINDOW_MS = 4_000;

export interface Toast {
  text: string;
  canUndo: boolean;
  tone: 'info' | 'error';
}

const VERDICT_WORD = { approved: 'Approved', rejected: 'Rejected' } as const;

/**
 * The console's decisions: applied at once on screen, sent as one batch per verdict after the
 * undo window, failures returned to the queue with their reason. Anything unsent goes out when
 * the page is hidden or closed.
 */
export function useDecisions(onSent: () => void) {
  const trpc = useTRPC();
  const send = useMutation(trpc.review.decide.mutationOptions());
  const queue = useRef<QueueState>(EMPTY_QUEUE);
  const [decided, setDecided] = useState<ReadonlySet<string>>(EMPTY_QUEUE.decided);
  const [toast, setToast] = useState<Toast | null>(null);
  const [sessionDecisions, setSessionDecisions] = useState(0);

  const update = useCallback((next: QueueState) => {
    queue.current = next;
    setDecided(next.decided);
  }, []);

  const record = useCallback(
    (verdict: TVerdict, reasonCode: string | null, items: QueuedDecision[]) => {
      if (items.length === 0) return;
      update(decide(queue.current, { verdict, reasonCode, items }, Date.now(), UNDO_WINDOW_MS));
      setSessionDecisions((count) => count + items.length);
      const noun = items.length === 1 ? 'run' : 'runs';
      setToast({
        text: `${VERDICT_WORD[verdict]} ${items.length} ${noun}`,
        canUndo: true,
        tone: 'info',
      });
    },
    [update],
  );

  const takeBack = useCallback((): string[] => {
    const { state, undone } = undo(queue.current);
    if (!undone) {
      setToast({
        text: 'Nothing to undo: the last decision was already sent.',
        canUndo: false,
        tone: 'info',
      });
      return [];
    }
    update(state);
    setSessionDecisions((count) => Math.max(0, count - undone.items.length));
    setToast({
      text: `Undone: ${undone.items.length} back in the queue`,
      canUndo: false,
      tone: 'info',
    });
    return undone.items.map((item) => item.reviewItemId);
  }, [update]);

  useEffect(() => {
    const timer = setInterval(() => {
      const { state, toSend } = due(queue.current, Date.now());
      if (toSend.length === 0) return;
      update(state);
      for (const batch of toSend) {
        // At most 1,000 decisions per request (the API's limit): a larger batch goes in parts.
        const parts: (typeof batch.items)[] = [];
        for (let start = 0; start < batch.items.length; start += 1000) {
          parts.push(batch.items.slice(start, start + 1000));
        }
        Promise.all(
          parts.map((part) =>
            send.mutateAsync({
              decisions: part.map((item) => ({
                reviewItemId: item.reviewItemId,
                verdict: batch.verdict,
                reasonCode: batch.reasonCode ?? undefined,
                timeOnItemMs: item.timeOnItemMs,
              })),
            }),
          ),
        )
          .then((answers) => answers.flat())
          .then(
            (results) => {
              const failed = results.filter((result) => !result.ok);
              update(
                settle(
                  queue.current,
                  batch.id,
                  failed.map((result) => result.reviewItemId),
                ),
              );
              if (failed.length > 0) {
                const first = failed[0];
                const why = first && !first.ok ? first.message : '';
                setToast({
                  text: `${failed.length} not applied and back in the queue: ${why}`,
                  canUndo: false,
                  tone: 'error',
                });
              } else {
                setToast((current) =>
                  current?.canUndo ? { ...current, canUndo: false } : current,
                );
              }
              onSent();
            },
            (error: unknown) => {
              update(
                settle(
                  queue.current,
                  batch.id,
                  batch.items.map((item) => item.reviewItemId),
                ),
              );
              setToast({
                text: `Not sent, back in the queue: ${error instanceof Error ? error.message : String(error)}`,
                canUndo: false,
                tone: 'error',
              });
            },
          );
      }
    }, 200);
    const flush = () => {
      for (const batch of unsent(queue.current)) {
        void fetch('/api/trpc/review.decide', {
          method: 'POST',
          keepalive: true,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            json: {
              decisions: batch.items.map((item) => ({
                reviewItemId: item.reviewItemId,
                verdict: batch.verdict,
                reasonCode: batch.reasonCode ?? undefined,
                timeOnItemMs: item.timeOnItemMs,
              })),
            },
          }),
        });
      }
      update({
        ...queue.current,
        batches: queue.current.batches.filter((batch) => batch.state !== 'waiting'),
      });
    };
    window.addEventListener('pagehide', flush);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pagehide', flush);
    };
  }, [send, update, onSent]);

  return { decided, record, takeBack, toast, setToast, sessionDecisions };
}
