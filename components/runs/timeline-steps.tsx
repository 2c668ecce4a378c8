import type { TRunTimeline } from '@/server/runs/timeline-schema';
import { formatDuration } from './run-filters';
import { JsonValue, Nothing, TimelineSection, When } from './timeline-parts';

/** The plan: summary, confidence, planner, each step with why; the checks' failures if rejected. */
export function PlanSection({ timeline }: { timeline: TRunTimeline }) {
  const { plan } = timeline;
  return (
    <TimelineSection id="plan" title="Plan">
      {plan === null ? <Nothing>No plan recorded yet.</Nothing> : null}
      {plan?.status === 'accepted' ? (
        <>
          <p>{plan.plan.summary}</p>
          <p className="text-xs text-slate-500">
            Planner <span className="font-mono">{plan.planner}</span>, confidence{' '}
            {plan.plan.confidence.toFixed(2)}
            {plan.repaired ? ', accepted after a repair round' : ''}.
          </p>
          <ol className="list-decimal space-y-1 pl-5">
            {plan.plan.steps.map((step) => (
              <li key={step.id}>
                <span className="font-mono text-xs">{step.id}</span> ·{' '}
                <span className="font-mono text-xs">{step.tool}</span>: {step.why}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {plan && plan.failures.length > 0 ? (
        <div>
          <p className="font-medium text-rose-700">
            {plan.status === 'rejected' ? 'No plan passed the checks:' : 'Rejected first:'}
          </p>
          <ul className="list-disc pl-5">
            {plan.failures.map((failure) => (
              <li key={`${failure.planner}:${failure.kind}:${failure.message}`}>
                <span className="font-mono text-xs">{failure.planner}</span>: {failure.message}
                {failure.problems.length > 0 ? (
                  <ul className="list-[circle] pl-5">
                    {failure.problems.map((problem) => (
                      <li key={`${problem.code}:${problem.stepId}:${problem.message}`}>
                        <span className="font-mono text-xs">{problem.code}</span>
                        {problem.stepId ? ` (step ${problem.stepId})` : ''}: {problem.message}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </TimelineSection>
  );
}

/** Every checkpoint in order, with its attempts, durations and errors. */
export function StepsSection({ timeline }: { timeline: TRunTimeline }) {
  return (
    <TimelineSection id="steps" title="Steps">
      {timeline.steps.length === 0 ? <Nothing>No step has run yet.</Nothing> : null}
      <ol className="space-y-3">
        {timeline.steps.map((step) => (
          <li
            key={step.stepId}
            data-testid="timeline-step"
            className="rounded border border-slate-200 p-3"
          >
            <p>
              <span className="font-mono text-xs">{step.stepId}</span>{' '}
              <span className="text-xs text-slate-500">
                ({step.kind}
                {step.toolName ? `, ${step.toolName}` : ''})
              </span>{' '}
              · {step.status} · {step.attemptCount} attempt{step.attemptCount === 1 ? '' : 's'} ·{' '}
              {formatDuration(step.durationMs)}
            </p>
            {step.idempotencyKey ? (
              <p className="text-xs text-slate-500">
                Idempotency key <code>{step.idempotencyKey}</code>
              </p>
            ) : null}
            {step.error ? (
              <p className="text-rose-700">
                {step.error.errorClass}: {step.error.message}
              </p>
            ) : null}
            {step.attempts.length > 0 ? (
              <ol className="mt-1 space-y-0.5 text-xs text-slate-600">
                {step.attempts.map((attempt) => (
                  <li key={attempt.attempt}>
                    Attempt {attempt.attempt}: <When at={attempt.startedAt} />,{' '}
                    {formatDuration(attempt.durationMs)}
                    {attempt.errorClass ? (
                      <span className="text-rose-700">
                        {' '}
                        — {attempt.errorClass}: {attempt.message}
                      </span>
                    ) : null}
                    {attempt.retryInMs !== null ? ` (retried after ${attempt.retryInMs} ms)` : ''}
                  </li>
                ))}
              </ol>
            ) : null}
            <JsonValue label="Output" value={step.output} />
          </li>
        ))}
      </ol>
    </TimelineSection>
  );
}

/** The model calls: provider, model, latency, tokens, error and the plan checks' verdict. */
export function ModelCallsSection({ timeline }: { timeline: TRunTimeline }) {
  return (
    <TimelineSection id="model-calls" title="Model calls">
      {timeline.modelCalls.length === 0 ? <Nothing>No model was called.</Nothing> : null}
      <ol className="space-y-2">
        {timeline.modelCalls.map((call) => (
          <li key={call.id}>
            <span className="font-mono text-xs">
              {call.provider}:{call.model}
            </span>{' '}
            · {call.latencyMs} ms · tokens {call.inputTokens ?? '—'} in / {call.outputTokens ?? '—'}{' '}
            out{call.isAccepted ? ' · accepted plan' : ''} · <When at={call.createdAt} />
            {call.error ? (
              <p className="text-rose-700">
                {call.error.errorClass}: {call.error.message}
              </p>
            ) : null}
            <JsonValue label="Check results" value={call.checkResults} />
          </li>
        ))}
      </ol>
    </TimelineSection>
  );
}

/** Validation, rule by rule: passed or failed, with its message. */
export function ValidationSection({ timeline }: { timeline: TRunTimeline }) {
  return (
    <TimelineSection id="validation" title="Validation">
      {timeline.validation.length === 0 ? <Nothing>Not validated yet.</Nothing> : null}
      <ul className="space-y-1">
        {timeline.validation.map((result) => (
          <li key={`${result.stepId ?? ''}-${result.rule}`}>
            <span className={result.passed ? 'text-emerald-700' : 'text-rose-700'}>
              {result.passed ? 'Passed' : 'Failed'}
            </span>{' '}
            <span className="font-mono text-xs">{result.rule}</span> ({result.severity}):{' '}
            {result.message}
          </li>
        ))}
      </ul>
    </TimelineSection>
  );
}
