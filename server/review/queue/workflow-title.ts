import { registry } from '../../workflows/index.ts';

/** The title people know a workflow by, from the app's registry; its id when it is not registered. */
export function workflowTitleOf(workflowId: string): string {
  return registry.get(workflowId)?.title ?? workflowId;
}
