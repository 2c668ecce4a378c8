/**
 * What a run was handed and what it read from it, for the run page and the review console: the
 * documents (text and offset map, not the bytes), each round of reading with every field's value,
 * grounding verdict and evidence, and the corrections reviewers made.
 */
import { z } from 'zod';
import { AppError } from '../app-error.ts';
import type { Queryable } from '../engine/store.ts';
import { ZGroundedField } from '../tools/model/fields.ts';
import { readingsOfRun } from './readings.ts';
import { documentsOfRun } from './store.ts';
import { DOCUMENT_MEDIA_TYPES, ZDocumentMeta, ZDocumentSegment } from './types.ts';

export const ZRunDocumentsSchema = z.object({
  documents: z.array(
    z.object({
      id: z.string(),
      contentHash: z.string(),
      mediaType: z.enum(DOCUMENT_MEDIA_TYPES),
      fileName: z.string().nullable(),
      sizeBytes: z.number(),
      text: z.string(),
      segments: z.array(ZDocumentSegment),
      meta: ZDocumentMeta.nullable(),
      createdAt: z.string(),
    }),
  ),
  readings: z.array(
    z.object({
      documentId: z.string(),
      round: z.number(),
      tool: z.string(),
      provider: z.string().nullable(),
      fields: z.array(ZGroundedField),
    }),
  ),
  corrections: z.array(
    z.object({
      field: z.string(),
      modelValue: z.union([z.string(), z.number()]).nullable(),
      correctedValue: z.union([z.string(), z.number()]).nullable(),
      correctedBy: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
});
export type TRunDocuments = z.infer<typeof ZRunDocumentsSchema>;

const ZLabelRow = z.object({
  field: z.string(),
  model_value: z.union([z.string(), z.number()]).nullable(),
  corrected_value: z.union([z.string(), z.number()]).nullable(),
  corrected_by: z.string().nullable(),
  created_at: z.date(),
});

/**
 * The documents of a run; NOT_FOUND for an unknown run, or another's run when `requestedById`
 * is given (a requester sees only their own runs).
 */
export async function getRunDocuments(
  db: Queryable,
  params: { runId: string; requestedById?: string | undefined },
): Promise<TRunDocuments> {
  const notFound = new AppError('NOT_FOUND', `There is no run ${params.runId}.`);
  if (!z.uuid().safeParse(params.runId).success) throw notFound;
  const { rows } = await db.query('SELECT requested_by_id FROM runs WHERE id = $1', [params.runId]);
  const run = z.object({ requested_by_id: z.string().nullable() }).optional().parse(rows[0]);
  if (!run) throw notFound;
  if (params.requestedById !== undefined && run.requested_by_id !== params.requestedById) {
    throw notFound;
  }
  const [documents, readings, labels] = await Promise.all([
    documentsOfRun(db, params.runId),
    readingsOfRun(db, params.runId),
    db.query(
      `SELECT l.field, l.model_value, l.corrected_value, u.name AS corrected_by, l.created_at
         FROM extraction_labels l LEFT JOIN users u ON u.id = l.corrected_by_id
        WHERE l.run_id = $1 ORDER BY l.created_at, l.id`,
      [params.runId],
    ),
  ]);
  return {
    documents: documents.map(({ uploadedById: _uploader, ...document }) => document),
    readings: readings.map(({ runId: _run, ...reading }) => reading),
    corrections: labels.rows.map((row) => {
      const label = ZLabelRow.parse(row);
      return {
        field: label.field,
        modelValue: label.model_value,
        correctedValue: label.corrected_value,
        correctedBy: label.corrected_by,
        createdAt: label.created_at.toISOString(),
      };
    }),
  };
}
