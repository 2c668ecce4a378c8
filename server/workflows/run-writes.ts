/**
 * Writes after the gate: each approved write runs as a durable tool step with the idempotency key
 * of its step, its input exactly as approved (references to earlier writes resolved as they
 * complete). If a write fails for good, the writes before it are compensated in reverse order,
 * each a recorded step, and the failure goes on to the dead-letter queue.
 */
import { NonRetriableError, StepFailedError } from '../engine/errors.ts';
import type { StepApi } from '../engine/types.ts';
import { ZReferenceSchema } from '../planner/plan.ts';
import { toolStepId } from '../planner/plan-step.ts';
import { resolveReferences } from '../planner/resolve.ts';
import { keysOffSubject, type TSubject } from '../planner/subject.ts';
import type { ToolClients } from '../tools/define-tool.ts';
import { ACTOR_PLACEHOLDER } from '../tools/provenance.ts';
import { executeTool, type ToolRegistry, toolStepOptions } from '../tools/registry.ts';
import type { ProposedWrite } from '../validation/gate.ts';

/** The checkpoint id of the compensation of a write step. */
export function compensationStepId(writeStepId: string): string {
  return `compensate:${writeStepId}`;
}

/** A compensation's input: the write's `undo` when it returns one, else its whole result. */
function compensationInput(output: unknown): unknown {
  if (output !== null && typeof output === 'object' && 'undo' in output) return output.undo;
  return output;
}

export interface WriteContext {
  registry: ToolRegistry;
  clients: ToolClients;
  allowList: readonly string[];
  /** The run's subject: each write's target is checked against it once more, right before it runs. */
  subject?: TSubject;
  /** Who the writes are made for (the approver, or `steward`), filled into the actor fields. */
  actor?: string;
}

/** A write about to run whose target is not the run's subject: refused, never retried. */
export class OffSubjectWriteError extends NonRetriableError {
  override name = 'OffSubjectWriteError';
}

/** The write's input as it runs: references resolved, actor fields filled, target checked. */
function finalInput(
  context: WriteContext,
  write: ProposedWrite,
  outputs: ReadonlyMap<string, unknown>,
): Record<string, unknown> {
  const tool = context.registry.get(write.tool);
  const input = resolveReferences(write.stepId, write.input, outputs);
  for (const field of tool?.provenance?.actorFields ?? []) {
    input[field] = context.actor ?? ACTOR_PLACEHOLDER;
  }
  const { subject } = context;
  if (!subject) return input;
  // A key taken from an earlier write of this run (the account it just created) names what
  // that write, itself checked here, wrote.
  const fromWrite = (field: string) => ZReferenceSchema.safeParse(write.input[field]).success;
  const [off] = keysOffSubject(tool?.provenance, input, subject, fromWrite);
  if (off) {
    throw new OffSubjectWriteError(
      `Step "${write.stepId}": ${off.field} ${JSON.stringify(off.value)} is not ${subject.label}; nothing was written.`,
    );
  }
  return input;
}

/**
 * Runs the approved writes in order; returns their outputs by plan step id. A write that fails
 * for good has the earlier ones compensated, then its StepFailedError is rethrown with the
 * compensation named in it.
 */
export async function runApprovedWrites(
  step: StepApi,
  context: WriteContext,
  writes: readonly ProposedWrite[],
): Promise<Map<string, unknown>> {
  const outputs = new Map<string, unknown>();
  const done: ProposedWrite[] = [];
  for (const write of writes) {
    const tool = context.registry.get(write.tool);
    if (!tool) throw new Error(`Write step "${write.stepId}" names unknown tool ${write.tool}`);
    try {
      const output = await step.run(
        toolStepId(write.stepId),
        (stepContext) =>
          executeTool(context.registry, write.tool, finalInput(context, write, outputs), {
            clients: context.clients,
            allowList: context.allowList,
            idempotencyKey: stepContext.idempotencyKey,
            signal: stepContext.signal,
          }),
        toolStepOptions(tool),
      );
      outputs.set(write.stepId, output);
      done.push(write);
    } catch (error) {
      if (!(error instanceof StepFailedError) || done.length === 0) throw error;
      const compensated = await compensate(step, context, done, outputs);
      throw new StepFailedError(
        error.stepId,
        error.errorClass,
        `${error.stepMessage} (earlier writes compensated: ${compensated.join(', ')})`,
        error.attempts,
      );
    }
  }
  return outputs;
}

/** Undoes these writes, last first; returns the steps compensated. */
async function compensate(
  step: StepApi,
  context: WriteContext,
  done: readonly ProposedWrite[],
  outputs: ReadonlyMap<string, unknown>,
): Promise<string[]> {
  const compensated: string[] = [];
  for (const write of [...done].reverse()) {
    const tool = context.registry.get(write.tool);
    if (!tool?.compensation) continue;
    const compensation = tool.compensation;
    const compensator = context.registry.get(compensation);
    await step.run(
      compensationStepId(write.stepId),
      (stepContext) =>
        executeTool(context.registry, compensation, compensationInput(outputs.get(write.stepId)), {
          clients: context.clients,
          idempotencyKey: stepContext.idempotencyKey,
          signal: stepContext.signal,
        }),
      { retry: compensator?.retry, kind: 'compensate', toolName: compensation },
    );
    compensated.push(write.stepId);
  }
  return compensated;
}
