/**
 * Resolving a run's subject: the workflow's own code reads the records its input names, through
 * the registry's read tools, as the run's first step (`subject`, memoized like any step). The
 * plan is then checked against it, and the gate proves every write aims at it.
 */
import type { StepApi } from '../engine/types.ts';
import type { TSubjectResolution } from '../planner/subject.ts';
import { RecordNotFoundError } from '../tools/addresses/address.ts';
import { NotFoundInSystemError } from '../tools/erp/errors.ts';
import { executeTool } from '../tools/registry.ts';
import type { WorkflowServices } from './services.ts';

/** The step that resolves the subject, in every planned run. */
export const SUBJECT_STEP = 'subject';

/** What a workflow's subject resolver may use: read tools of the registry, by name. */
export interface SubjectTools {
  /** Runs a read tool; null when the record does not exist. Writes are refused. */
  read(tool: string, input: Record<string, unknown>): Promise<unknown>;
}

/** The subject of this input, resolved once per run. */
export function resolveSubjectStep<TInput>(
  step: StepApi,
  services: WorkflowServices,
  spec: {
    resolveSubject(input: TInput, tools: SubjectTools): Promise<TSubjectResolution>;
  },
  input: TInput,
): Promise<TSubjectResolution> {
  return step.run(
    SUBJECT_STEP,
    (context) =>
      spec.resolveSubject(input, {
        async read(name, toolInput) {
          const tool = services.tools.get(name);
          if (!tool || tool.sideEffect === 'write' || tool.sideEffect === 'external') {
            throw new Error(`A subject is resolved with read tools only; ${name} is not one`);
          }
          try {
            return await executeTool(services.tools, name, toolInput, {
              clients: services.clients,
              idempotencyKey: context.idempotencyKey,
              signal: context.signal,
            });
          } catch (error) {
            if (error instanceof NotFoundInSystemError || error instanceof RecordNotFoundError) {
              return null;
            }
            throw error;
          }
        },
      }),
    { kind: 'plan' },
  );
}
