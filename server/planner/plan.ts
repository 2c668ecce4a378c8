/**
 * The plan a model proposes: ordered steps, each naming a registry tool and its input, where an
 * input value may be a reference to an earlier step's output (`{ "$ref": "lookup.output.id" }`).
 * The model never calls anything; this is data that deterministic code checks, then executes.
 */
import { z } from 'zod';

/** `{ "$ref": "<stepId>.output[.<path>]" }`: the value of an earlier step's output. */
export const ZReferenceSchema = z
  .object({ $ref: z.string().regex(/^[a-z][a-z0-9-]*\.output(\.[A-Za-z0-9_-]+)*$/) })
  .strict();
export type TReference = z.infer<typeof ZReferenceSchema>;

export const ZPlanStepSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'step ids are kebab-case, e.g. lookup-invoice'),
    tool: z.string().min(1),
    input: z.record(z.string(), z.unknown()),
    why: z
      .string()
      .min(1, 'say why the step is needed')
      .max(1_000, 'keep a why under 1,000 characters'),
  })
  .strict();
export type TPlanStep = z.infer<typeof ZPlanStepSchema>;

export const ZPlanSchema = z
  .object({
    steps: z.array(ZPlanStepSchema).min(1, 'a plan has at least one step').max(50),
    summary: z.string().min(1).max(2_000, 'keep the summary under 2,000 characters'),
    confidence: z.number().min(0).max(1),
  })
  .strict();
export type TPlan = z.infer<typeof ZPlanSchema>;

/** A reference found in a step's input, with where it sits (`["address", "city"]`). */
export interface ReferenceAt {
  path: (string | number)[];
  stepId: string;
  /** The path inside the referenced step's output. */
  outputPath: string[];
}

/** Every reference in an input value, depth first. */
export function referencesIn(value: unknown, path: (string | number)[] = []): ReferenceAt[] {
  const reference = ZReferenceSchema.safeParse(value);
  if (reference.success) {
    const [stepId = '', , ...outputPath] = reference.data.$ref.split('.');
    return [{ path, stepId, outputPath }];
  }
  if (Array.isArray(value))
    return value.flatMap((item, index) => referencesIn(item, [...path, index]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => referencesIn(item, [...path, key]));
  }
  return [];
}
