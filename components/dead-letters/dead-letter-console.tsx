'use client';

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { HelpOverlay } from '@/components/review/dialogs';
import { useTRPC } from '@/lib/trpc/react';
import { DeadLetterDetail, type TFieldErrors } from './dead-letter-detail';
import { DiscardDialog, ReplayDialog, type TReplayMode } from './dialogs';
import { DeadLetterFilterBar, type DeadLetterFilters, filtersToQuery } from './filters';
import { type GroupRow, GroupTable } from './group-table';
import { DEAD_LETTER_KEYMAP } from './keymap';
import { ActionResults, type TActionResults } from './replay-results';
import { RunList } from './run-list';
import { useRunSelection } from './use-run-selection';
import { type DeadLetterHandlers, useDeadLetterShortcuts } from './use-shortcuts';

const SINGLE_KEYS_SETTING = 'steward.deadLetters.singleKeys';
const BULK_MODES: readonly TReplayMode[] = ['from_failed_step', 'from_start'];

type TDialog =
  | { kind: 'replay'; runIds: string[]; mode: TReplayMode; input?: unknown }
  | { kind: 'discard'; runIds: string[] }
  | { kind: 'help' }
  | null;

/** The dead-letter admin: root causes, their runs, inspect, replay and discard (operations). */
export function DeadLetterConsole({
  filters,
  workflows,
}: {
  filters: DeadLetterFilters;
  workflows: { id: string; title: string }[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { group: groupKey, ...where } = filters;
  const groups = useQuery(trpc.deadLetter.groups.queryOptions(where));
  const list = useInfiniteQuery(
    trpc.deadLetter.list.infiniteQueryOptions(
      { ...where, groupKey, limit: 100 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const rows = useMemo(() => (list.data?.pages ?? []).flatMap((page) => page.items), [list.data]);
  const total = list.data?.pages[0]?.total ?? 0;
  const selection = useRunSelection(rows);
  const { focused, selected } = selection;
  const [detailRunId, setDetailRunId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<TDialog>(null);
  const [results, setResults] = useState<TActionResults | null>(null);
  const [inputErrors, setInputErrors] = useState<{
    fieldErrors: TFieldErrors | null;
    message: string;
  } | null>(null);
  const [singleKeys, setSingleKeys] = useState(true);
  const gridRef = useRef<HTMLTableElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);

  useEffect(() => setSingleKeys(localStorage.getItem(SINGLE_KEYS_SETTING) !== 'off'), []);
  useEffect(() => gridRef.current?.focus(), []);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.deadLetter.pathKey() });
  const afterAction = () => {
    setDialog(null);
    selection.clear();
    setDetailRunId(null);
    void refresh();
    gridRef.current?.focus();
  };
  const replay = useMutation(
    trpc.deadLetter.replay.mutationOptions({
      onSuccess: (outcomes, variables) => {
        setResults({ kind: 'replay', mode: variables.mode, outcomes });
        setInputErrors(null);
        afterAction();
      },
      onError: (error) => {
        setDialog(null);
        setInputErrors({ fieldErrors: error.data?.fieldErrors ?? null, message: error.message });
      },
    }),
  );
  const discard = useMutation(
    trpc.deadLetter.discard.mutationOptions({
      onSuccess: (outcomes) => {
        setResults({ kind: 'discard', outcomes });
        afterAction();
      },
    }),
  );

  const { targets } = selection;
  const askReplay = (runIds: string[], mode: TReplayMode = 'from_failed_step', input?: unknown) => {
    if (runIds.length > 0) setDialog({ kind: 'replay', runIds, mode, input });
  };
  const askDiscard = (runIds: string[]) => {
    if (runIds.length > 0) setDialog({ kind: 'discard', runIds });
  };
  const setFilters = (next: DeadLetterFilters) =>
    router.replace(`/admin/dead-letter${filtersToQuery(next)}`);

  const handlers: DeadLetterHandlers = {
    'move-down': () => selection.move(1),
    'move-up': () => selection.move(-1),
    'toggle-select': selection.toggleFocused,
    'extend-down': () => selection.extend(1),
    'extend-up': () => selection.extend(-1),
    'select-all': selection.selectAll,
    clear: () => {
      if (selected.size > 0) selection.clear();
      else if (Object.values(filters).some((value) => value !== undefined)) setFilters({});
    },
    'open-detail': () => focused && setDetailRunId(focused.runId),
    'close-detail': () => {
      setDetailRunId(null);
      gridRef.current?.focus();
    },
    replay: () => askReplay(detailRunId && selected.size === 0 ? [detailRunId] : targets()),
    discard: () => askDiscard(detailRunId && selected.size === 0 ? [detailRunId] : targets()),
    'focus-filter': () => filterRef.current?.focus(),
    help: () => setDialog({ kind: 'help' }),
    'go-review': () => router.push('/review'),
    'go-workflows': () => router.push('/workflows'),
  };
  useDeadLetterShortcuts({
    scope: dialog ? 'dialog' : detailRunId ? 'detail' : 'list',
    handlers,
    singleKeysEnabled: singleKeys,
  });
  // With the inspector open, j/k move it along.
  useEffect(() => {
    if (detailRunId && focused && focused.runId !== detailRunId) setDetailRunId(focused.runId);
  }, [focused, detailRunId]);

  /** Every run of the group (500 a page), for a bulk replay of the whole group. */
  const replayGroup = async (group: GroupRow) => {
    const ids: string[] = [];
    let next: string | undefined;
    do {
      const page = await queryClient.fetchQuery(
        trpc.deadLetter.list.queryOptions({
          ...where,
          groupKey: group.groupKey,
          limit: 500,
          cursor: next,
        }),
      );
      ids.push(...page.items.map((item) => item.runId));
      next = page.nextCursor ?? undefined;
    } while (next);
    askReplay(ids);
  };

  const selectedGroup = groups.data?.find((group) => group.groupKey === groupKey);
  return (
    <div className="space-y-4">
      <DeadLetterFilterBar
        filters={filters}
        workflows={workflows}
        inputRef={filterRef}
        onChange={setFilters}
        singleKeys={singleKeys}
        onSingleKeys={(on) => {
          localStorage.setItem(SINGLE_KEYS_SETTING, on ? 'on' : 'off');
          setSingleKeys(on);
        }}
      />
      {results ? <ActionResults results={results} onClose={() => setResults(null)} /> : null}
      <section
        aria-label="Root causes"
        className="overflow-x-auto rounded-lg border border-slate-200"
      >
        {groups.data && groups.data.length === 0 ? (
          <p className="p-6 text-center text-sm text-slate-600">
            No open dead letters match. Every failed run has been dealt with.
          </p>
        ) : (
          <GroupTable
            groups={groups.data ?? []}
            selectedKey={groupKey}
            onSelect={(key) => setFilters({ ...filters, group: key })}
            onReplayGroup={(group) => void replayGroup(group)}
          />
        )}
      </section>
      <section aria-label="Runs" className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
          <h2 className="font-medium text-slate-900">
            {selectedGroup
              ? `Runs of ${selectedGroup.workflowTitle} · ${selectedGroup.stepId} · ${selectedGroup.errorClass}`
              : 'All open dead letters'}{' '}
            <span className="text-slate-500">({total})</span>
          </h2>
          <div
            role="toolbar"
            aria-label="Selection"
            inert={selected.size === 0}
            className={`flex items-center gap-2 rounded-md bg-slate-900 px-3 py-1 text-white ${selected.size === 0 ? 'invisible' : ''}`}
          >
            <span data-testid="selection-count">{selected.size} selected</span>
            <button
              type="button"
              onClick={() => askReplay([...selected])}
              className="rounded bg-sky-600 px-2 py-0.5"
            >
              Replay… (⇧R)
            </button>
            <button
              type="button"
              onClick={() => askDiscard([...selected])}
              className="rounded bg-red-600 px-2 py-0.5"
            >
              Discard… (⇧D)
            </button>
            <button type="button" onClick={selection.clear} className="underline">
              Clear (Esc)
            </button>
          </div>
        </div>
        {rows.length === 0 && !list.isLoading ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
            No runs here. <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>x</kbd> selects, <kbd>Enter</kbd>{' '}
            inspects, <kbd>⇧R</kbd> replays, <kbd>?</kbd> lists every key.
          </p>
        ) : (
          <div className={detailRunId ? 'grid grid-cols-[3fr_2fr] gap-4' : ''}>
            <div>
              <RunList
                rows={rows}
                cursor={selection.cursor}
                selected={selected}
                gridRef={gridRef}
                onRowClick={(index, event) => {
                  selection.click(index, event);
                  gridRef.current?.focus();
                }}
                onRowOpen={(index) => {
                  selection.setCursor(index);
                  const row = rows[index];
                  if (row) setDetailRunId(row.runId);
                }}
              />
              {list.hasNextPage ? (
                <button
                  type="button"
                  onClick={() => void list.fetchNextPage()}
                  className="mt-2 text-sm underline"
                >
                  Load more
                </button>
              ) : null}
              {focused && !detailRunId ? (
                <button
                  type="button"
                  onClick={() => setDetailRunId(focused.runId)}
                  className="mt-2 ml-3 text-sm underline"
                >
                  Inspect (Enter)
                </button>
              ) : null}
            </div>
            {detailRunId ? (
              <DeadLetterDetail
                runId={detailRunId}
                fieldErrors={inputErrors?.fieldErrors ?? null}
                formError={inputErrors?.message ?? null}
                onReplay={(mode, input) => askReplay([detailRunId], mode, input)}
                onDiscard={() => askDiscard([detailRunId])}
                onClose={() => handlers['close-detail']?.(new KeyboardEvent('keydown'))}
              />
            ) : null}
          </div>
        )}
      </section>
      {dialog?.kind === 'replay' ? (
        <ReplayDialog
          count={dialog.runIds.length}
          mode={dialog.mode}
          modes={dialog.input === undefined ? BULK_MODES : ['with_input']}
          pending={replay.isPending}
          onConfirm={(mode) => replay.mutate({ runIds: dialog.runIds, mode, input: dialog.input })}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'discard' ? (
        <DiscardDialog
          count={dialog.runIds.length}
          pending={discard.isPending}
          onConfirm={(reason) => discard.mutate({ runIds: dialog.runIds, reason })}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'help' ? (
        <HelpOverlay keymap={DEAD_LETTER_KEYMAP} onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}
