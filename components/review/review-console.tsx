'use client';

import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type MouseEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTRPC } from '@/lib/trpc/react';
import { CommandPalette, HelpOverlay, ReasonPicker } from './dialogs';
import type { TActionId } from './keymap';
import { ReviewDetail } from './review-detail';
import { filtersToQuery, ReviewFilterBar, type ReviewFilters } from './review-filters';
import { ReviewList } from './review-list';
import { useCorrections } from './use-corrections';
import { useDecisions } from './use-decisions';
import { type ShortcutHandlers, useShortcuts } from './use-shortcuts';

const PAGE_SIZE = 100;
/** Load the next page when the cursor gets this close to the end of what is loaded. */
const TOP_UP_AHEAD = 40;
const SINGLE_KEYS_SETTING = 'steward.review.singleKeys';

/** The review console: clear the queue from the keyboard (REVIEW-CONSOLE.md). */
export function ReviewConsole({
  filters,
  workflows,
}: {
  filters: ReviewFilters;
  workflows: { id: string; title: string }[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const listOptions = trpc.review.list.infiniteQueryOptions(
    { ...filters, limit: PAGE_SIZE },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const list = useInfiniteQuery(listOptions);
  const reasons = useQuery(trpc.review.reasons.queryOptions());
  const stats = useQuery(trpc.review.stats.queryOptions(undefined, { refetchInterval: 30_000 }));
  const onSent = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.review.stats.queryKey() });
  }, [queryClient, trpc]);
  const decisions = useDecisions(onSent);
  // Items corrected here: superseded on the server, gone from the queue before it is asked again.
  const [corrected, setCorrected] = useState<ReadonlySet<string>>(new Set());

  const rows = useMemo(
    () =>
      (list.data?.pages ?? [])
        .flatMap((page) => page.items)
        .filter((item) => !decisions.decided.has(item.id) && !corrected.has(item.id)),
    [list.data, decisions.decided, corrected],
  );
  const total = list.data?.pages[0]?.total ?? 0;
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const anchor = useRef(0);
  const focusedSince = useRef(Date.now());
  const [detailOpen, setDetailOpen] = useState(false);
  const [dialog, setDialog] = useState<null | 'reject' | 'help' | 'palette'>(null);
  const [singleKeys, setSingleKeys] = useState(true);
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLTableElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);

  useEffect(() => setSingleKeys(localStorage.getItem(SINGLE_KEYS_SETTING) !== 'off'), []);
  useEffect(() => gridRef.current?.focus(), []);
  const clamped = Math.min(cursor, Math.max(0, rows.length - 1));
  if (clamped !== cursor) setCursor(clamped);
  const focused = rows[clamped];

  // Time on item starts when the cursor reaches a new item.
  const focusedId = focused?.id;
  const lastFocusedId = useRef(focusedId);
  if (lastFocusedId.current !== focusedId) {
    lastFocusedId.current = focusedId;
    focusedSince.current = Date.now();
  }
  const corrections = useCorrections({
    rows,
    focusedId,
    isDetailOpen: detailOpen,
    list,
    hide: (id) => setCorrected((current) => new Set([...current, id])),
    focusRow: (index) => {
      setCursor(index);
      setDetailOpen(true);
    },
    focusList: () => gridRef.current?.focus(),
    say: (text) => decisions.setToast({ text, canUndo: false, tone: 'info' }),
  });
  useEffect(() => {
    if (list.hasNextPage && !list.isFetchingNextPage && clamped >= rows.length - TOP_UP_AHEAD) {
      void list.fetchNextPage();
    }
  }, [clamped, rows.length, list]);
  // The detail of the rows around the cursor is fetched ahead, so opening one is instant.
  useEffect(() => {
    for (const row of rows.slice(clamped, clamped + 3)) {
      void queryClient.prefetchQuery(
        trpc.review.get.queryOptions({ id: row.id }, { staleTime: 60_000 }),
      );
    }
  }, [clamped, rows, queryClient, trpc]);

  const move = (delta: number) =>
    setCursor((index) => Math.max(0, Math.min(rows.length - 1, index + delta)));
  // The selection may hold items not loaded yet ("select all N matching").
  const targets = (): string[] =>
    selected.size > 0
      ? [...selected].filter((id) => !decisions.decided.has(id))
      : focused
        ? [focused.id]
        : [];
  const decideTargets = (verdict: 'approved' | 'rejected', reasonCode: string | null) => {
    const chosen = targets();
    const spent = Date.now() - focusedSince.current;
    decisions.record(
      verdict,
      reasonCode,
      chosen.map((id) => ({
        reviewItemId: id,
        timeOnItemMs: Math.round(spent / chosen.length),
      })),
    );
    setSelected(new Set());
    setDialog(null);
    gridRef.current?.focus();
  };
  const extend = (delta: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, clamped + delta));
    if (selected.size === 0) anchor.current = clamped;
    const [from, to] = [Math.min(anchor.current, next), Math.max(anchor.current, next)];
    setSelected(new Set([...selected, ...rows.slice(from, to + 1).map((row) => row.id)]));
    setCursor(next);
  };

  const handlers: ShortcutHandlers = {
    'move-down': () => move(1),
    'move-up': () => move(-1),
    'toggle-select': () => {
      if (!focused) return;
      const next = new Set(selected);
      if (next.has(focused.id)) next.delete(focused.id);
      else next.add(focused.id);
      anchor.current = clamped;
      setSelected(next);
    },
    'extend-down': () => extend(1),
    'extend-up': () => extend(-1),
    'select-all': () => setSelected(new Set(rows.map((row) => row.id))),
    clear: () => {
      if (selected.size > 0) setSelected(new Set());
      else if (Object.values(filters).some((value) => value !== undefined))
        router.replace('/review');
    },
    approve: () => decideTargets('approved', null),
    reject: () => {
      if (targets().length > 0) setDialog('reject');
    },
    skip: () => move(1),
    'correct-fields': corrections.onKey,
    undo: () => {
      const back = decisions.takeBack();
      const first = (list.data?.pages ?? [])
        .flatMap((page) => page.items)
        .findIndex((item) => back.includes(item.id));
      if (first >= 0) setCursor(Math.min(first, clamped));
    },
    'open-detail': () => focused && setDetailOpen(true),
    'close-detail': () => {
      setDetailOpen(false);
      gridRef.current?.focus();
    },
    'focus-filter': () => filterRef.current?.focus(),
    palette: () => setDialog('palette'),
    help: () => setDialog('help'),
    'go-review': () => router.push('/review'),
    'go-dead-letters': () => router.push('/admin/dead-letter'),
    'go-workflows': () => router.push('/workflows'),
  };
  useShortcuts({
    // The correction form keeps its own keys (Tab, mod+Enter, Escape) while it is open.
    scope: dialog || corrections.isCorrecting ? 'dialog' : detailOpen ? 'detail' : 'list',
    handlers,
    singleKeysEnabled: singleKeys,
  });

  /** Every item matching the filters, fetched page by page (500 at a time), selected. */
  const selectAllMatching = async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await queryClient.fetchQuery(
        trpc.review.list.queryOptions({ ...filters, limit: 500, cursor }),
      );
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    setSelected(new Set(ids.filter((id) => !decisions.decided.has(id))));
  };
  const allLoadedSelected = rows.length > 0 && rows.every((row) => selected.has(row.id));

  const onRowClick = (index: number, event: MouseEvent) => {
    const row = rows[index];
    if (!row) return;
    if (event.shiftKey) {
      const [from, to] = [Math.min(anchor.current, index), Math.max(anchor.current, index)];
      setSelected(new Set([...selected, ...rows.slice(from, to + 1).map((r) => r.id)]));
    } else if (event.metaKey || event.ctrlKey) {
      const next = new Set(selected);
      if (next.has(row.id)) next.delete(row.id);
      else next.add(row.id);
      anchor.current = index;
      setSelected(next);
    }
    setCursor(index);
    gridRef.current?.focus();
  };
  const runAction = (id: TActionId) => {
    setDialog(null);
    handlers[id]?.(new KeyboardEvent('keydown'));
  };

  const left = Math.max(0, total - decisions.decided.size);
  const perHour = stats.data?.sitting.perHour ?? 0;
  return (
    <div className="space-y-4">
      <ReviewFilterBar
        filters={filters}
        workflows={workflows}
        inputRef={filterRef}
        onChange={(next) => router.replace(`/review${filtersToQuery(next)}`)}
        singleKeys={singleKeys}
        onSingleKeys={(on) => {
          localStorage.setItem(SINGLE_KEYS_SETTING, on ? 'on' : 'off');
          setSingleKeys(on);
        }}
      />
      <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
        <p data-testid="review-left">
          <strong className="text-slate-900">{left}</strong> left · {decisions.sessionDecisions}{' '}
          decided here · {Math.round(perHour)} per hour this sitting
        </p>
        {selected.size > 0 ? (
          <div
            role="toolbar"
            aria-label="Selection"
            className="flex items-center gap-2 rounded-md bg-slate-900 px-3 py-1.5 text-white"
          >
            <input
              type="checkbox"
              aria-label="Select all loaded items"
              checked={allLoadedSelected}
              ref={(box) => {
                if (box) box.indeterminate = !allLoadedSelected && selected.size > 0;
              }}
              onChange={() =>
                setSelected(allLoadedSelected ? new Set() : new Set(rows.map((row) => row.id)))
              }
            />
            <span data-testid="selection-count">{selected.size} selected</span>
            {left > selected.size ? (
              <button type="button" onClick={() => void selectAllMatching()} className="underline">
                Select all {left} matching
              </button>
            ) : null}
            <button
              type="button"
              onClick={() => decideTargets('approved', null)}
              className="rounded bg-emerald-600 px-2 py-0.5"
            >
              Approve (A)
            </button>
            <button
              type="button"
              onClick={() => setDialog('reject')}
              className="rounded bg-red-600 px-2 py-0.5"
            >
              Reject (R)
            </button>
            <button type="button" onClick={() => setSelected(new Set())} className="underline">
              Clear (Esc)
            </button>
          </div>
        ) : null}
      </div>
      {rows.length === 0 && !list.isLoading ? (
        <section className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
          <h2 className="font-medium text-slate-900">
            {corrections.isAwaiting
              ? 'Waiting for the corrected run to propose its writes again…'
              : 'Nothing is waiting for review'}
          </h2>
          <p className="mt-2 text-sm text-slate-600">
            When items arrive: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>a</kbd> approves, <kbd>r</kbd>{' '}
            rejects with a reason, <kbd>?</kbd> lists every key.
          </p>
        </section>
      ) : (
        <div
          className={
            !detailOpen
              ? ''
              : corrections.hasDocument
                ? 'grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)] gap-4'
                : 'grid grid-cols-[3fr_2fr] gap-4'
          }
        >
          <ReviewList
            rows={rows}
            cursor={clamped}
            selected={selected}
            scrollRef={scrollRef}
            gridRef={gridRef}
            onRowClick={onRowClick}
            onRowOpen={(index) => {
              setCursor(index);
              setDetailOpen(true);
            }}
          />
          {detailOpen && focused ? (
            <ReviewDetail
              id={focused.id}
              onClose={() => handlers['close-detail']?.(new KeyboardEvent('keydown'))}
              correction={corrections.detail}
            />
          ) : null}
        </div>
      )}
      {decisions.toast ? (
        <div
          role="status"
          aria-live="polite"
          data-testid="review-toast"
          className={`fixed bottom-6 left-1/2 z-30 flex -translate-x-1/2 items-center gap-3 rounded-md px-4 py-2 text-sm text-white shadow-lg ${decisions.toast.tone === 'error' ? 'bg-red-700' : 'bg-slate-900'}`}
        >
          <span>{decisions.toast.text}</span>
          {decisions.toast.canUndo ? (
            <button
              type="button"
              onClick={() => handlers.undo?.(new KeyboardEvent('keydown'))}
              className="underline"
            >
              Undo (Z)
            </button>
          ) : null}
        </div>
      ) : null}
      {dialog === 'reject' ? (
        <ReasonPicker
          reasons={reasons.data ?? []}
          count={targets().length}
          onPick={(code) => decideTargets('rejected', code)}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'help' ? <HelpOverlay onClose={() => setDialog(null)} /> : null}
      {dialog === 'palette' ? (
        <CommandPalette onRun={runAction} onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}
