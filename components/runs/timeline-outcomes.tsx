import type { TRunTimeline } from '@/server/runs/timeline-schema';
import { formatDuration } from './run-filters';
import { JsonValue, Nothing, RunLink, TimelineSection, When } from './timeline-parts';

/** The review items: why, risk, the decision with who, when, verdict, reason and time on item. */
export function ReviewSection({ timeline }: { timeline: TRunTimeline }) {
  return (
    <TimelineSection id="review" title="Review">
      {timeline.reviewItems.length === 0 ? <Nothing>No person was asked.</Nothing> : null}
      <ol className="space-y-2">
        {timeline.reviewItems.map((item) => (
          <li key={item.id}>
            <p>
              {item.status} · {item.risk} risk · opened <When at={item.createdAt} />
            </p>
            <ul className="list-disc pl-5 text-xs">
              {item.reasons.map((reason) => (
                <li key={`${reason.code}:${reason.message}`}>
                  <span className="font-mono">{reason.code}</span>: {reason.message}
                </li>
              ))}
            </ul>
            {item.decidedAt ? (
              <p>
                Decided by {item.decidedBy?.name ?? 'someone since removed'} ({item.status}
                {item.reasonCode ? `, ${item.reasonCode}` : ''}) <When at={item.decidedAt} />,{' '}
                {formatDuration(item.timeOnItemMs)} on the item
                {item.note ? `: “${item.note}”` : ''}
              </p>
            ) : null}
            <p className="text-xs text-slate-500">
              Writes hash <code>{item.writesHash}</code>
            </p>
            <JsonValue label="Proposed writes" value={item.proposedWrites} />
          </li>
        ))}
      </ol>
    </TimelineSection>
  );
}

/** The writes made (tool outputs of write tools), each with its idempotency key. */
export function WritesSection({ timeline }: { timeline: TRunTimeline }) {
  return (
    <TimelineSection id="writes" title="Writes">
      {timeline.writes.length === 0 ? <Nothing>Nothing was written.</Nothing> : null}
      <ol className="space-y-2">
        {timeline.writes.map((write) => (
          <li key={write.stepId}>
            <span className="font-mono text-xs">{write.tool}</span> · {write.status}
            {write.compensatedBy ? ` · undone by ${write.compensatedBy}` : ''}
            <p className="text-xs text-slate-500">
              Idempotency key <code>{write.idempotencyKey ?? '—'}</code>
            </p>
            <JsonValue label="Output" value={write.output} />
          </li>
        ))}
      </ol>
    </TimelineSection>
  );
}

/** The compensations: which write each undid, and how it went. */
export function CompensationsSection({ timeline }: { timeline: TRunTimeline }) {
  return (
    <TimelineSection id="compensations" title="Compensations">
      {timeline.compensations.length === 0 ? <Nothing>No write was undone.</Nothing> : null}
      <ol className="space-y-2">
        {timeline.compensations.map((entry) => (
          <li key={entry.stepId}>
            Undid <span className="font-mono text-xs">{entry.compensates}</span> with{' '}
            <span className="font-mono text-xs">{entry.tool ?? '—'}</span> · {entry.status}
            {entry.error ? (
              <span className="text-rose-700">
                {' '}
                — {entry.error.errorClass}: {entry.error.message}
              </span>
            ) : null}
            <JsonValue label="Output" value={entry.output} />
          </li>
        ))}
      </ol>
    </TimelineSection>
  );
}

/** Dead letters, and how each was resolved. */
export function DeadLettersSection({ timeline }: { timeline: TRunTimeline }) {
  if (timeline.deadLetters.length === 0) return null;
  return (
    <TimelineSection id="dead-letters" title="Dead letters">
      <ol className="space-y-2">
        {timeline.deadLetters.map((letter) => (
          <li key={letter.id}>
            Died in <span className="font-mono text-xs">{letter.stepId}</span> after{' '}
            {letter.attempts} attempt{letter.attempts === 1 ? '' : 's'}:{' '}
            <span className="text-rose-700">
              {letter.errorClass}: {letter.message}
            </span>{' '}
            (<When at={letter.createdAt} />)
            <p className="text-xs">
              {letter.resolution
                ? `Resolved: ${letter.resolution} by ${letter.resolvedBy?.name ?? 'the system'}${
                    letter.resolutionNote ? ` (${letter.resolutionNote})` : ''
                  }`
                : 'Open: waiting for operations to replay or discard it.'}
            </p>
          </li>
        ))}
      </ol>
    </TimelineSection>
  );
}

/** Replays linked both ways: the origin of this run, and the runs that replayed it. */
export function ReplaysSection({ timeline }: { timeline: TRunTimeline }) {
  const { replayOf, replays } = timeline.run;
  if (!replayOf && replays.length === 0) return null;
  return (
    <TimelineSection id="replays" title="Replays">
      {replayOf ? (
        <p data-testid="replay-of">
          Replay of <RunLink id={replayOf.id} /> ({replayOf.mode ?? 'unknown mode'})
        </p>
      ) : null}
      {replays.length > 0 ? (
        <div data-testid="replayed-as">
          Replayed as
          <ul className="list-disc pl-5">
            {replays.map((replay) => (
              <li key={replay.id}>
                <RunLink id={replay.id} /> ({replay.mode ?? 'unknown mode'}, {replay.status}),{' '}
                <When at={replay.createdAt} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </TimelineSection>
  );
}

/** The audit events about the run, its review items and its dead letters. */
export function AuditSection({ timeline }: { timeline: TRunTimeline }) {
  return (
    <TimelineSection id="audit" title="Audit events">
      {timeline.audit.length === 0 ? <Nothing>No audit event.</Nothing> : null}
      <ol className="space-y-1">
        {timeline.audit.map((event) => (
          <li key={event.id}>
            <When at={event.at} /> · <span className="font-mono text-xs">{event.action}</span> by{' '}
            {event.actor?.name ?? 'the system'}
            <JsonValue label="Data" value={event.data} />
          </li>
        ))}
      </ol>
    </TimelineSection>
  );
}
