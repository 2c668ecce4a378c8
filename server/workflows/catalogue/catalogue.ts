/**
 * The workflow catalogue requesters start runs from: each registered workflow with its title,
 * description and input form.
 */
import { ZodError, z } from 'zod';
import { AppError } from '../../app-error.ts';
import type { WorkflowRegistry } from '../../engine/define-workflow.ts';
import { requireWorkflow } from '../../engine/runs.ts';
import { describeInput } from './describe-input.ts';
import type { TWorkflowForm } from './form-description.ts';

/** A workflow as the catalogue lists it. */
export interface TWorkflowSummary {
  id: string;
  title: string;
  description: string;
}

/** Every workflow runs can be started for, in the registry's order. */
export function listWorkflows(registry: WorkflowRegistry): TWorkflowSummary[] {
  return registry.list().map(({ id, title, description }) => ({ id, title, description }));
}

/** The workflow's input as a form; NOT_FOUND for an unknown workflow. */
export function getWorkflowForm(registry: WorkflowRegistry, workflowId: string): TWorkflowForm {
  const workflow = requireWorkflow(registry, workflowId);
  return {
    workflowId: workflow.id,
    title: workflow.title,
    description: workflow.description,
    fields: describeInput(workflow.forms?.typed ?? workflow.input),
    // A workflow that takes documents: the fields a document run asks for beside the document.
    documentFields: workflow.forms?.document
      ? describeInput(workflow.forms.document).filter((field) => field.name !== 'documentId')
      : null,
  };
}

/**
 * The zod error behind a BAD_INPUT refusal, its issue paths joined with dots (`contact.email`),
 * or null for any other error. The API's error formatter flattens a zod error by the first path
 * segment only; with dotted paths every nested field keeps its own messages, under the name the
 * form gives the field.
 */
export function dottedInputError(error: unknown): ZodError | null {
  if (!(error instanceof AppError) || error.code !== 'BAD_INPUT') return null;
  if (!(error.cause instanceof ZodError)) return null;
  const { issues } = error.cause;
  // Made by a parse (not `new ZodError`), so the error is an Error that tRPC keeps as the cause.
  const dotted = z.unknown().superRefine((_, context) => {
    for (const issue of issues) {
      context.addIssue({
        code: 'custom',
        message: issue.message,
        path: issue.path.length > 0 ? [issue.path.map(String).join('.')] : [],
      });
    }
  });
  return dotted.safeParse(null).error ?? null;
}
