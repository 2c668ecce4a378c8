/**
 * The writes a run proposes: each write step of the plan with its input resolved against the
 * reads (references to earlier writes stay references), and what it would change in the system
 * of record now. This is what a reviewer approves, and what the approval's hash covers.
 */
import { NonRetriableError } from '../engine/errors.ts';
import type { JsonValue } from '../engine/types.ts';
import { referencesIn, type TPlanStep } from '../planner/plan.ts';
import { ReferenceResolutionError, resolveReferences } from '../planner/resolve.ts';
import type { ToolClients, TWritePreview } from '../tools/define-tool.ts';
import { ACTOR_PLACEHOLDER } from '../tools/provenance.ts';
import { previewWrite, type ToolRegistry } from '../tools/registry.ts';
import type { ProposedWrite } from '../validation/gate.ts';

/** What an actor field will hold, as the reviewer reads it before deciding. */
export const ACTOR_SHOWN = '(whoever approves: you, or steward when automatic)';

/** The preview with actor fields shown as what they will be, not as the placeholder. */
function withActorShown(preview: TWritePreview, actorFields: readonly string[]): TWritePreview {
  return {
    ...preview,
    changes: preview.changes.map((change) =>
      actorFields.includes(change.field) ? { ...change, proposed: ACTOR_SHOWN } : change,
    ),
  };
}

/** The proposed writes, in plan order, previewed against the systems of record as they are now. */
export async function proposeWrites(
  writes: readonly TPlanStep[],
  reads: ReadonlyMap<string, unknown>,
  context: {
    registry: ToolRegistry;
    clients: ToolClients;
    allowList: readonly string[];
    signal?: AbortSignal;
  },
): Promise<ProposedWrite[]> {
  const writeIds = new Set(writes.map((write) => write.id));
  const proposed: ProposedWrite[] = [];
  for (const write of writes) {
    const tool = context.registry.get(write.tool);
    if (!tool || (tool.sideEffect !== 'write' && tool.sideEffect !== 'external')) {
      throw new Error(`Plan step "${write.id}" (${write.tool}) is not a write`);
    }
    let input: { [key: string]: JsonValue };
    // Steward fills the actor fields (the approver) from the decision, whatever the plan says.
    const planned: Record<string, unknown> = { ...write.input };
    for (const field of tool.provenance?.actorFields ?? []) planned[field] = ACTOR_PLACEHOLDER;
    try {
      input = resolveReferences(write.id, planned, reads, { keep: writeIds }) as {
        [key: string]: JsonValue;
      };
    } catch (error) {
      if (!(error instanceof ReferenceResolutionError)) throw error;
      // The reads do not have what this write needs (e.g. the directory does not know the
      // company): it cannot be written, and the gate turns the run down with this reason.
      proposed.push({
        stepId: write.id,
        tool: write.tool,
        input: planned as { [key: string]: JsonValue },
        sideEffect: tool.sideEffect,
        reversible: tool.reversible,
        preview: null,
        dependsOn: [],
        why: write.why,
        unresolved: error.message,
      });
      continue;
    }
    const dependsOn = [
      ...new Set(
        referencesIn(input)
          .map((reference) => reference.stepId)
          .filter((stepId) => writeIds.has(stepId)),
      ),
    ];
    let preview: ProposedWrite['preview'] = null;
    let refused: string | null = null;
    if (dependsOn.length === 0) {
      try {
        preview = withActorShown(
          await previewWrite(context.registry, write.tool, input, {
            clients: context.clients,
            allowList: context.allowList,
            signal: context.signal,
          }),
          tool.provenance?.actorFields ?? [],
        );
      } catch (error) {
        // The system of record would refuse this write (an invoice already paid, a record that
        // does not exist): it can never run, and the gate turns the run down with the reason.
        if (!(error instanceof NonRetriableError)) throw error;
        refused = error.message;
      }
    }
    proposed.push({
      stepId: write.id,
      tool: write.tool,
      input,
      sideEffect: tool.sideEffect,
      reversible: tool.reversible,
      preview,
      dependsOn,
      why: write.why,
      unresolved: refused,
      modelWritten: (tool.provenance?.freeTextFields ?? []).filter((field) => field in input),
      filledOnApproval: [...(tool.provenance?.actorFields ?? [])],
    });
  }
  return proposed;
}
