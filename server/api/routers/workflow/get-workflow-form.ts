import { z } from 'zod';
import { getWorkflowForm } from '../../../workflows/catalogue/catalogue.ts';
import { ZWorkflowFormSchema } from '../../../workflows/catalogue/form-description.ts';
import { registry } from '../../../workflows/index.ts';
import { procedureFor } from '../../trpc.ts';

export const ZGetWorkflowFormInputSchema = z.object({ id: z.string().min(1).max(200) });

/**
 * `workflow.form`: the workflow's input schema as a form (fields, groups, types, limits, help
 * texts) for the trigger page to render and check; NOT_FOUND for an unknown workflow.
 */
export const getWorkflowFormProcedure = procedureFor('requester', 'operations')
  .input(ZGetWorkflowFormInputSchema)
  .output(ZWorkflowFormSchema)
  .query(({ input }) => getWorkflowForm(registry, input.id));
