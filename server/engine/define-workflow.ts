import type { WorkflowDefinition } from './types.ts';

const ID_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/;

/** Declares a workflow, checking what can be checked before it ever runs. */
export function defineWorkflow<TInput, TOutput>(
  definition: WorkflowDefinition<TInput, TOutput>,
): WorkflowDefinition<TInput, TOutput> {
  if (!ID_PATTERN.test(definition.id)) {
    throw new Error(`Workflow id "${definition.id}" must be kebab-case, e.g. invoice-approval`);
  }
  if (!Number.isInteger(definition.version) || definition.version < 1) {
    throw new Error(`Workflow ${definition.id}: version must be a whole number >= 1`);
  }
  if (
    definition.concurrency !== undefined &&
    (!Number.isInteger(definition.concurrency) || definition.concurrency < 1)
  ) {
    throw new Error(`Workflow ${definition.id}: concurrency must be a whole number >= 1`);
  }
  return definition;
}

/** The workflows an engine can run, by id. */
export interface WorkflowRegistry {
  get(id: string): WorkflowDefinition | undefined;
  list(): WorkflowDefinition[];
}

/** A registry of these workflows; two with one id is an error. */
export function createWorkflowRegistry(workflows: readonly WorkflowDefinition[]): WorkflowRegistry {
  const byId = new Map<string, WorkflowDefinition>();
  for (const workflow of workflows) {
    if (byId.has(workflow.id)) throw new Error(`Two workflows have the id "${workflow.id}"`);
    byId.set(workflow.id, workflow);
  }
  return { get: (id) => byId.get(id), list: () => [...byId.values()] };
}
