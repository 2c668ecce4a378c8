// Workflows for the document tests (and STEWARD_WORKFLOWS_MODULE=tests/documents/workflows.ts
// for the CLI's): one that takes a document, as the invoice workflow does, and one that does not.
import { z } from 'zod';
import { createWorkflowRegistry, defineWorkflow } from '../../server/engine/index.ts';

/** Reads the document its input names (here: just its id back). */
export const readDocumentWorkflow = defineWorkflow({
  id: 'read-document',
  version: 1,
  title: 'Read a document',
  description: 'Takes a document and a note.',
  input: z.object({ note: z.string().default(''), documentId: z.uuid().optional() }),
  async run({ input, step }) {
    return step.run('read', () => ({ documentId: input.documentId ?? null }));
  },
});

/** Takes no document: a `documentId` in its input would be dropped by its schema. */
export const noteWorkflow = defineWorkflow({
  id: 'note',
  version: 1,
  title: 'Note',
  description: 'Takes a note only.',
  input: z.object({ note: z.string().default('') }),
  async run({ input, step }) {
    return step.run('note', () => ({ note: input.note }));
  },
});

export const registry = createWorkflowRegistry([readDocumentWorkflow, noteWorkflow]);
