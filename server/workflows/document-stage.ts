/**
 * The document stage of a planned run that was handed a document instead of typed fields: a
 * model step reads it (step `read-document`), code grounds every field (`ground-document`:
 * each quote in the document, each value what its quote says) and only proven values make the
 * run's input. A field without proof reaches the input only through a person, who sees the
 * document with the evidence and fills, corrects or confirms the fields (`document-fields-<n>`);
 * with no model configured that person is the honest fallback for every field.
 */
import type { z } from 'zod';
import {
  type DocumentEvidence,
  type DocumentValues,
  linesOfFields,
  quoteLinesOfFields,
} from '../documents/evidence.ts';
import { applyCorrections, confirmFields, groundExtraction } from '../documents/grounding.ts';
import { findInjectedInstructions } from '../documents/injection.ts';
import { recordReading } from '../documents/readings.ts';
import { getDocument } from '../documents/store.ts';
import type { Duration } from '../engine/duration.ts';
import type { JsonValue, StepApi } from '../engine/types.ts';
import { expireReviewItem } from '../review/decide.ts';
import {
  openReviewItem,
  REVIEW_DECIDED_EVENT,
  type ReviewReason,
} from '../review/open-review-item.ts';
import { isProven, type TGroundedField, ZExtraction } from '../tools/model/fields.ts';
import { documentReader } from '../tools/model/read-document.ts';
import { runToolStep } from '../tools/registry.ts';
import { recordValidation } from '../validation/record.ts';
import type { ValidationResultRow } from '../validation/validate.ts';
import { correctionsOf } from './review-gate.ts';
import type { WorkflowServices } from './services.ts';

export type { DocumentEvidence, DocumentValues } from '../documents/evidence.ts';

/** How a workflow takes a document: the model tool that reads it, and the input it makes. */
export interface DocumentIntake {
  /** The model step tool (server/tools/documents). */
  tool: string;
  /** A document run's input: `documentId` and the fields no document carries (an owner, a note). */
  input: z.ZodType<{ documentId: string }>;
  /** The workflow's input from the proven values and the document run's input; parsed after. */
  toInput(values: DocumentValues, documentInput: Record<string, unknown>): unknown;
}

export type DocumentStageResult<TInput> =
  | { status: 'read'; input: TInput; document: DocumentEvidence }
  | { status: 'rejected'; reviewItemId: string; reasons: { code: string; message: string }[] }
  | { status: 'expired'; reviewItemId: string };

/** A person's answer to a fields review, from the `review.decided` event. */
interface FieldsDecision {
  verdict: string;
  corrections: Record<string, string | number | null>;
  reasonCode: string | null;
  note: string | null;
}

function fieldsDecisionOf(data: unknown): FieldsDecision {
  const record = data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  const text = (key: string) => (typeof record[key] === 'string' ? record[key] : null);
  const corrections = correctionsOf(record.corrections);
  return {
    verdict: text('verdict') ?? 'unknown',
    corrections,
    reasonCode: text('reasonCode'),
    note: text('note'),
  };
}

/** The proven values of the fields, by name (unproven ones null). */
export function valuesOf(fields: readonly TGroundedField[]): DocumentValues {
  return Object.fromEntries(
    fields.map((field) => [field.field, isProven(field) ? field.value : null]),
  );
}

/** One validation row per field, and one for instructions aimed at a machine. */
export function groundingRows(
  fields: readonly TGroundedField[],
  injections: readonly string[],
): ValidationResultRow[] {
  return [
    ...fields.map(
      (field): ValidationResultRow => ({
        rule: `grounded-${field.field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`,
        severity: field.required ? 'error' : 'warning',
        passed: isProven(field),
        message: isProven(field)
          ? `${field.label}: ${field.value === null ? 'not in the document' : `${field.value}, as the document says`}.`
          : `${field.label}: ${field.reasons.join(' ')}`,
        details: {
          status: field.status,
          value: field.value,
          confidence: field.confidence,
          quotes: field.evidence.map((quote) => ({
            quote: quote.quote,
            found: quote.found,
            start: quote.start,
          })),
        },
        onFail: 'review',
      }),
    ),
    {
      rule: 'document-instructions',
      severity: 'error',
      passed: injections.length === 0,
      message:
        injections.length === 0
          ? 'The document gives no instructions to a machine.'
          : `The document speaks to a machine: "${injections[0]}"`,
      details: { passages: [...injections] },
      onFail: 'review',
    },
  ];
}

/** Why a person is needed, per field that is not proven, plus input the fields do not make. */
function problemsOf(
  fields: readonly TGroundedField[],
  unread: string | null,
  inputProblems: readonly string[],
): ReviewReason[] {
  const reasons: ReviewReason[] = [];
  if (unread !== null)
    reasons.push({ code: 'document-unread', message: unread, source: 'document' });
  for (const field of fields) {
    if (isProven(field)) continue;
    reasons.push({
      code: field.status === 'mismatch' ? 'document-mismatch' : 'document-unproven',
      message: `${field.label}: ${field.reasons.join(' ') || 'not proven'}`,
      source: 'grounding',
    });
  }
  for (const problem of inputProblems) {
    reasons.push({ code: 'document-input', message: problem, source: 'document' });
  }
  return reasons;
}

function inputProblemsOf(error: z.ZodError): string[] {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`);
}

function show(value: JsonValue): string {
  return value === null ? '(not given)' : String(value);
}

/**
 * Reads, grounds and (where a person must) completes the document's fields; the run's input
 * from them. `from` is a round after a correction in review: the fields as corrected, not read again.
 */
export async function readDocumentStage<TInput>(
  step: StepApi,
  services: WorkflowServices,
  spec: { input: z.ZodType<TInput>; document: DocumentIntake; reviewTimeout: Duration },
  documentInput: { documentId: string } & Record<string, unknown>,
  from?: { fields: TGroundedField[]; round: number; prefix: string },
): Promise<DocumentStageResult<TInput>> {
  const tool = services.tools.get(spec.document.tool);
  const specs = tool?.model?.fields;
  if (!tool || !specs) throw new Error(`${spec.document.tool} is not a model step tool`);
  const prefix = from?.prefix ?? '';
  let unread: string | null = null;
  let provider: string | null = null;
  let fields: TGroundedField[];
  let round = from?.round ?? 1;
  // The stored document never changes: reading it again on a replay reads the same text.
  const { text, meta } = await getDocument(services.db, documentInput.documentId);
  const injections = findInjectedInstructions(text).map((finding) => finding.passage);
  if (from) {
    fields = from.fields;
  } else {
    const clients = {
      ...services.clients,
      models: services.clients.models ?? documentReader(services.planner),
    };
    const extraction = ZExtraction.parse(
      await runToolStep(
        step,
        'read-document',
        services.tools,
        spec.document.tool,
        {
          documentId: documentInput.documentId,
        },
        { clients },
      ),
    );
    unread = extraction.unread;
    provider = extraction.provider;
    const grounded = await step.run(
      'ground-document',
      async (context) => {
        const groundedFields = groundExtraction(text, specs, extraction);
        await recordReading(services.db, {
          runId: context.runId,
          documentId: documentInput.documentId,
          round: 1,
          tool: spec.document.tool,
          provider: extraction.provider,
          fields: groundedFields,
        });
        await recordValidation(
          services.db,
          context.runId,
          context.stepId,
          groundingRows(groundedFields, injections),
        );
        return { fields: groundedFields };
      },
      { kind: 'validate' },
    );
    fields = grounded.fields;
  }

  for (let review = 1; ; review += 1) {
    const values = valuesOf(fields);
    const parsed = spec.input.safeParse(spec.document.toInput(values, documentInput));
    const everyFieldProven = fields.every(isProven);
    if (everyFieldProven && unread === null && parsed.success) {
      return {
        status: 'read',
        input: parsed.data,
        document: {
          documentId: documentInput.documentId,
          tool: spec.document.tool,
          provider,
          round,
          fields,
          values,
          injections,
          lines: linesOfFields(text, fields),
          quoteLines: quoteLinesOfFields(text, fields),
          text,
          sender: {
            from: meta?.from ?? null,
            date: meta?.date ?? null,
            replyTo: meta?.replyTo ?? null,
          },
          unreadParts: (meta?.unreadAttachments ?? []).map((part) => part.fileName),
          hiddenContent: meta?.hiddenContent === true,
        },
      };
    }
    const id = `${prefix}document-fields-${review}`;
    const reasons = problemsOf(fields, unread, parsed.success ? [] : inputProblemsOf(parsed.error));
    const reviewItemId = await step.run(
      id,
      (context) =>
        openReviewItem(services.db, {
          runId: context.runId,
          stepId: context.stepId,
          risk: 'medium',
          reasons,
          proposedWrites: [],
          summary: {
            title: 'Check what the document says',
            figures: fields.map((field) => ({
              label: `${field.label}${isProven(field) ? '' : ' (unproven)'}`,
              value: show(field.value),
            })),
          },
        }),
      { kind: 'gate' },
    );
    const event = await step.waitForEvent(`${id}.decision`, {
      event: REVIEW_DECIDED_EVENT,
      match: { reviewItemId },
      timeout: spec.reviewTimeout,
      status: 'needs_review',
    });
    if (!event) {
      await step.run(`${id}.expire`, () => expireReviewItem(services.db, reviewItemId, 'expired'), {
        kind: 'gate',
      });
      return { status: 'expired', reviewItemId };
    }
    const decision = fieldsDecisionOf(event.data);
    if (decision.verdict === 'rejected') {
      return {
        status: 'rejected',
        reviewItemId,
        reasons: [
          {
            code: decision.reasonCode ?? 'rejected',
            message:
              decision.note ??
              `A reviewer turned the document down (${decision.reasonCode ?? 'no reason code'}).`,
          },
        ],
      };
    }
    const next = await step.run(
      `${id}.apply`,
      async (context) => {
        // Corrections were checked when they were made (review.correct): they apply.
        const corrected = applyCorrections(fields, decision.corrections, specs);
        const applied = 'fields' in corrected ? corrected.fields : fields;
        // The person looked at the whole document: what they left alone, they confirmed. A field
        // that cannot be confirmed (a required one left empty) stays unproven, for the next round.
        const confirmed = confirmFields(applied);
        const nextFields = 'fields' in confirmed ? confirmed.fields : confirmEach(applied);
        await recordReading(services.db, {
          runId: context.runId,
          documentId: documentInput.documentId,
          round: round + 1,
          tool: spec.document.tool,
          provider: null,
          fields: nextFields,
        });
        // The fields' verdicts as they now stand (a person's values), beside the first reading's.
        await recordValidation(
          services.db,
          context.runId,
          context.stepId,
          groundingRows(nextFields, injections),
        );
        return { fields: nextFields };
      },
      { kind: 'gate' },
    );
    fields = next.fields;
    unread = null;
    provider = null;
    round += 1;
  }
}

/** Confirms the fields one by one: those that can be confirmed are, the others stay as they are. */
function confirmEach(fields: TGroundedField[]): TGroundedField[] {
  return fields.map((field) => {
    const confirmed = confirmFields([field]);
    return 'fields' in confirmed ? (confirmed.fields[0] ?? field) : field;
  });
}

/** The fields after a reviewer's corrections in the writes' review (recorded as a new round). */
export function correctedFields(
  fields: readonly TGroundedField[],
  corrections: Record<string, string | number | null>,
  specs: Parameters<typeof applyCorrections>[2],
): TGroundedField[] {
  const corrected = applyCorrections([...fields], corrections, specs);
  return 'fields' in corrected ? corrected.fields : [...fields];
}
