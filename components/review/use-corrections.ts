'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { documentIdOf } from '@/components/documents/readings';
import { useTRPC } from '@/lib/trpc/react';
import type { TCorrected } from './correction-form';
import type { DocumentCorrection } from './review-detail';
import type { QueueRow } from './review-list';

/** How often the queue is asked again while a corrected run proposes its writes anew. */
const POLL_MS = 1_000;
/** When to stop looking for the run's new item (it may not match the filters, or be slow). */
const GIVE_UP_MS = 60_000;

interface Awaiting {
  runId: string;
  previousId: string;
  since: number;
}

/**
 * Correcting a document's fields from the detail pane (`e`): whether the focused item's run was
 * handed a document, whether the form is open, and after a correction the wait for the run's
 * new item. The corrected item leaves the queue at once (it is superseded); the queue is asked
 * again until an item of the same run arrives, and the cursor moves to it with the detail open.
 */
export function useCorrections(options: {
  rows: readonly QueueRow[];
  focusedId: string | undefined;
  isDetailOpen: boolean;
  list: {
    hasNextPage: boolean;
    isFetchingNextPage: boolean;
    fetchNextPage(): Promise<unknown>;
    refetch(): Promise<unknown>;
  };
  /** Takes the corrected item out of the queue on screen. */
  hide(itemId: string): void;
  /** Moves the cursor to a row and opens its detail. */
  focusRow(index: number): void;
  /** Gives the keyboard back to the queue (the form it was in is gone). */
  focusList(): void;
  say(text: string): void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [isCorrecting, setCorrecting] = useState(false);
  const [awaiting, setAwaiting] = useState<Awaiting | null>(null);
  const latest = useRef(options);
  latest.current = options;
  const { focusedId, isDetailOpen } = options;
  // The detail pane's own query (same options): whether the item's run was handed a document.
  const detail = useQuery(
    trpc.review.get.queryOptions(
      { id: focusedId ?? '' },
      { enabled: isDetailOpen && focusedId !== undefined, staleTime: 60_000 },
    ),
  );
  const hasDocument = isDetailOpen && documentIdOf(detail.data?.run.input) !== null;

  // The form belongs to the item it was opened on.
  // biome-ignore lint/correctness/useExhaustiveDependencies: closes when the focused item changes
  useEffect(() => setCorrecting(false), [focusedId, isDetailOpen]);

  /** Whether the run's new item is in the queue; if so the cursor goes to it. */
  const found = useCallback(
    (wanted: Awaiting): boolean => {
      const { rows, focusRow, focusList, say } = latest.current;
      const index = rows.findIndex(
        (row) => row.runId === wanted.runId && row.id !== wanted.previousId,
      );
      if (index < 0) return false;
      setAwaiting(null);
      void queryClient.invalidateQueries({
        queryKey: trpc.run.documents.queryKey({ id: wanted.runId }),
      });
      focusRow(index);
      focusList();
      say('The run proposed its writes again on the corrected values: its new item is open.');
      return true;
    },
    [queryClient, trpc],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: look again whenever the queue changes
  useEffect(() => {
    if (awaiting) found(awaiting);
  }, [options.rows, awaiting, found]);

  useEffect(() => {
    if (!awaiting) return;
    const timer = setInterval(() => {
      if (found(awaiting)) return;
      const { list, say } = latest.current;
      if (Date.now() - awaiting.since > GIVE_UP_MS) {
        setAwaiting(null);
        say(
          'The corrected run has not proposed its writes again yet: its new item joins the queue when it does.',
        );
      } else if (list.hasNextPage && !list.isFetchingNextPage) {
        void list.fetchNextPage();
      } else {
        void list.refetch();
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [awaiting, found]);

  /** `e`: open the form, or say why there is none. */
  const onKey = () => {
    if (!detail.data) return;
    if (hasDocument) setCorrecting(true);
    else options.say("This item's run was handed no document: there are no fields to correct.");
  };

  const detailCorrection: DocumentCorrection = {
    isCorrecting,
    onStart: () => setCorrecting(true),
    onCancel: () => {
      setCorrecting(false);
      options.focusList();
    },
    onCorrected: (result: TCorrected) => {
      const previousId = focusedId;
      setCorrecting(false);
      options.focusList();
      if (previousId === undefined) return;
      options.hide(previousId);
      options.say('Corrected — the run is proposing its writes again');
      setAwaiting({ runId: result.runId, previousId, since: Date.now() });
    },
  };

  return {
    hasDocument,
    isCorrecting,
    isAwaiting: awaiting !== null,
    onKey,
    detail: detailCorrection,
  };
}
