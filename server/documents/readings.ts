/**
 * What a run read from its document, round by round (server/workflows/document-stage.ts): the
 * grounded fields the run page and the review console show beside the document.
 */
import { z } from 'zod';
import type { Queryable } from '../engine/store.ts';
import { type TGroundedField, ZGroundedField } from '../tools/model/fields.ts';

/** One round of reading: 1 is the model's (or nobody's), later ones follow a person's corrections. */
export interface DocumentReading {
  runId: string;
  documentId: string;
  round: number;
  tool: string;
  provider: string | null;
  fields: TGroundedField[];
}

/** Records a round; recording the same round again (a step that ran twice) replaces it. */
export async function recordReading(db: Queryable, reading: DocumentReading): Promise<void> {
  await db.query(
    `INSERT INTO document_readings (run_id, document_id, round, tool, provider, fields)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb)
     ON CONFLICT (run_id, round) DO UPDATE
       SET document_id = EXCLUDED.document_id, tool = EXCLUDED.tool,
           provider = EXCLUDED.provider, fields = EXCLUDED.fields`,
    [
      reading.runId,
      reading.documentId,
      reading.round,
      reading.tool,
      reading.provider,
      JSON.stringify(reading.fields),
    ],
  );
}

const ZReadingRow = z.object({
  run_id: z.string(),
  document_id: z.string(),
  round: z.number(),
  tool: z.string(),
  provider: z.string().nullable(),
  fields: z.array(ZGroundedField),
});

/** Every round of a run, oldest first. */
export async function readingsOfRun(db: Queryable, runId: string): Promise<DocumentReading[]> {
  const { rows } = await db.query(
    `SELECT run_id, document_id, round, tool, provider, fields
       FROM document_readings WHERE run_id = $1 ORDER BY round`,
    [runId],
  );
  return rows.map((row) => {
    const parsed = ZReadingRow.parse(row);
    return {
      runId: parsed.run_id,
      documentId: parsed.document_id,
      round: parsed.round,
      tool: parsed.tool,
      provider: parsed.provider,
      fields: parsed.fields,
    };
  });
}

/** The run's latest round, or null when it read no document. */
export async function latestReading(db: Queryable, runId: string): Promise<DocumentReading | null> {
  const readings = await readingsOfRun(db, runId);
  return readings.at(-1) ?? null;
}
