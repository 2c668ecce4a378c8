import { z } from 'zod';
import { listWorkflows } from '../../../workflows/catalogue/catalogue.ts';
import { registry } from '../../../workflows/index.ts';
import { procedureFor } from '../../trpc.ts';

export const ZListWorkflowsOutputSchema = z.array(
  z.object({ id: z.string(), title: z.string(), description: z.string() }),
);

/** `workflow.list`: the workflows a run can be started for, with what each one does. */
export const listWorkflowsProcedure = procedureFor('requester', 'operations')
  .output(ZListWorkflowsOutputSchema)
  .query(() => listWorkflows(registry));
