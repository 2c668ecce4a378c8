/**
 * A reviewer's correction of what a run's document says, from the review console: the values
 * are checked against the fields' kinds, the item is closed as superseded (its writes were
 * proposed on the old values), each change is kept as a label (field, model value, corrected
 * value, provider) for evaluating models, audited as `review.corrected`, and the run is woken to
 * read its input again from the corrected fields, propose the writes again and open a new item
 * whose approval is bound to the new writes. All of it in one transaction, or none of it.
 */
import type pg from 'pg';
import { z } from 'zod';
import { toInngestEvent } from '../../inngest/events.ts';
import { AppError } from '../app-error.ts';
import { appendAuditEvents } from '../audit/append-audit-event.ts';
import { applyCorrections } from '../documents/grounding.ts';
import { latestReading } from '../documents/readings.ts';
import { recordEvent } from '../engine/runs.ts';
import { withTransaction } from '../engine/transaction.ts';
import type { TEngineDispatch } from '../runs/request-run.ts';
import type { ToolRegistry } from '../tools/registry.ts';
import { DECIDABLE_STATUSES, ZReviewStatusSchema } from './close-review-item.ts';
import { REVIEW_DECIDED_EVENT } from './open-review-item.ts';

/** A correction: field → the value as the document says it (null clears an optional field). */
export const ZCorrectReviewItemSchema = z.object({
  reviewItemId: z.uuid('There is no such review item.'),
  corrections: z
    .record(
      z.string().min(1).max(100),
      z.union([z.string().max(500), z.number().finite(), z.null()]),
    )
    .refine((value) => Object.keys(value).length >= 1 && Object.keys(value).length <= 30, {
      message: 'Correct between 1 and 30 fields.',
    }),
  note: z.string().max(2000).optional(),
});
export type TCorrectReviewItemParams = z.infer<typeof ZCorrectReviewItemSchema>;

export interface TCorrectResult {
  reviewItemId: string;
  runId: string;
  /** The fields that changed, as the run will now read them. */
  corrected: {
    field: string;
    label: string;
    from: string | number | null;
    to: string | number | null;
  }[];
  warning?: string;
}

const ZLockedSchema = z.object({
  status: ZReviewStatusSchema,
  run_id: z.string(),
  requested_by_id: z.string().nullable(),
  engine: z.enum(['embedded', 'inngest']),
});

/** Corrects the document fields behind a pending review item, as `actorId`. */
export async function correctReviewItem(
  pool: pg.Pool,
  deps: { registry: ToolRegistry; dispatch: Pick<TEngineDispatch, 'sendInngestEvent'> },
  actorId: string,
  params: unknown,
): Promise<TCorrectResult> {
  const parsed = ZCorrectReviewItemSchema.safeParse(params);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`,
    );
    throw new AppError('BAD_INPUT', `The correction is not valid: ${problems.join('; ')}`, {
      cause: parsed.error,
    });
  }
  const { reviewItemId, corrections, note } = parsed.data;
  const outcome = await withTransaction(pool, async (client) => {
    const { rows } = await client.query(
      `SELECT ri.status, ri.run_id, r.requested_by_id, r.engine
         FROM review_items ri JOIN runs r ON r.id = ri.run_id
        WHERE ri.id = $1 FOR UPDATE OF ri`,
      [reviewItemId],
    );
    const item = ZLockedSchema.optional().parse(rows[0]);
    if (!item) throw new AppError('NOT_FOUND', `There is no review item "${reviewItemId}".`);
    if (!(DECIDABLE_STATUSES as readonly string[]).includes(item.status)) {
      throw new AppError(
        'DECISION_CONFLICT',
        `It is ${item.status}: it can no longer be corrected.`,
      );
    }
    if (item.requested_by_id === actorId) {
      throw new AppError('FORBIDDEN', 'You requested this run, so someone else must review it.');
    }
    const reading = await latestReading(client, item.run_id);
    const specs = reading ? deps.registry.get(reading.tool)?.model?.fields : undefined;
    if (!reading || !specs) {
      throw new AppError('BAD_INPUT', 'This run read no document: there is nothing to correct.');
    }
    const applied = applyCorrections(reading.fields, corrections, specs);
    if ('errors' in applied) {
      const problems = Object.entries(applied.errors).map(
        ([field, message]) => `${field}: ${message}`,
      );
      throw new AppError('BAD_INPUT', `Not corrected: ${problems.join('; ')}`);
    }
    const before = new Map(reading.fields.map((field) => [field.field, field]));
    const corrected = applied.fields.flatMap((field) => {
      const old = before.get(field.field);
      if (!old || !(field.field in corrections) || old.value === field.value) return [];
      return [
        {
          field: field.field,
          label: field.label,
          from: old.value,
          to: field.value,
          model: old.modelValue,
        },
      ];
    });
    if (corrected.length === 0) {
      throw new AppError(
        'BAD_INPUT',
        'These are the values the run already has: nothing to correct.',
      );
    }
    await client.query(
      `UPDATE review_items SET status = 'superseded', decided_by_id = $2, decided_at = now(),
         reason_code = 'corrected', note = $3, updated_at = now()
       WHERE id = $1`,
      [reviewItemId, actorId, note ?? null],
    );
    await client.query(
      `INSERT INTO extraction_labels (run_id, review_item_id, document_id, tool, field, model_value,
         corrected_value, provider, corrected_by_id)
       SELECT $1, $2, $3, $4, l.field, l.model_value, l.corrected_value, $5, $6
         FROM jsonb_to_recordset($7::jsonb) AS l(field text, model_value jsonb, corrected_value jsonb)`,
      [
        item.run_id,
        reviewItemId,
        reading.documentId,
        reading.tool,
        reading.provider,
        actorId,
        JSON.stringify(
          corrected.map((change) => ({
            field: change.field,
            model_value: change.model,
            corrected_value: change.to,
          })),
        ),
      ],
    );
    const normalised = Object.fromEntries(corrected.map((change) => [change.field, change.to]));
    const eventData = {
      reviewItemId,
      verdict: 'corrected',
      corrections: normalised,
      reasonCode: null,
      note: note ?? null,
      decidedById: actorId,
    };
    const { eventId } = await recordEvent(client, { name: REVIEW_DECIDED_EVENT, data: eventData });
    await appendAuditEvents(client, [
      {
        actorId,
        action: 'review.corrected',
        subjectType: 'review_item',
        subjectId: reviewItemId,
        data: {
          runId: item.run_id,
          documentId: reading.documentId,
          changes: corrected.map(({ field, from, to }) => ({ field, from, to })),
        },
      },
    ]);
    return { item, eventId, eventData, corrected };
  });
  const result: TCorrectResult = {
    reviewItemId,
    runId: outcome.item.run_id,
    corrected: outcome.corrected.map(({ field, label, from, to }) => ({ field, label, from, to })),
  };
  if (outcome.item.engine === 'inngest') {
    try {
      await deps.dispatch.sendInngestEvent(
        toInngestEvent({
          id: outcome.eventId,
          name: REVIEW_DECIDED_EVENT,
          data: outcome.eventData,
        }),
      );
    } catch {
      result.warning =
        'The correction is recorded, but Inngest could not be told: the run continues only when its wait times out.';
    }
  }
  return result;
}
