import { readFileSync } from 'node:fs';
import path from 'node:path';
import { storeDocument } from '../../server/documents/store.ts';
import { DocumentError } from '../../server/documents/types.ts';
import { engineDispatch } from '../../server/runs/engine-dispatch.ts';
import { requestRun } from '../../server/runs/request-run.ts';
import {
  type CliCommand,
  type CliContext,
  ExitCode,
  parseCommandArgs,
  UsageError,
} from './command.ts';
import { parseInputArgument } from './input.ts';

/** The file `--document` names, read whole; a file that cannot be read is a usage error. */
function readDocumentFile(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`cannot read --document file ${file}: ${reason}`);
  }
}

/** The input a document's id is added to: a JSON object that names no document itself. */
function inputTakingDocument(input: unknown): object {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new UsageError('--document needs --input to be a JSON object (or no --input)');
  }
  if ('documentId' in input) {
    throw new UsageError('give the document either with --document or as documentId in --input');
  }
  return input;
}

/** Stores the document (once per content) as the CLI's actor; says on stderr what was stored. */
async function storeDocumentFile(context: CliContext, file: string, bytes: Uint8Array) {
  const { pool } = await context.database();
  const document = await storeDocument(pool, {
    bytes,
    fileName: path.basename(file),
    uploadedById: context.actorId,
  });
  const pages = document.segments.filter((segment) => segment.kind === 'page').length;
  context.warn(
    `document ${document.id} (${document.mediaType}${pages > 0 ? `, ${pages} pages` : ''}, ${document.text.length} characters of text${document.created ? '' : ', stored before'})`,
  );
  return document;
}

/**
 * `runs start <workflowId> [--input <json|@file>] [--document <file>]`: queues a run and prints
 * only its id, so a script can capture it (`id=$(npm run -s steward -- runs start …)`). Input
 * defaults to `{}`. `--document` stores the file (text, .eml or a PDF with a text layer) and sets
 * the input's `documentId`; a document Steward cannot read is refused with its reason (exit 1),
 * and no run is started. The run goes to the engine ENGINE names, as a run requested in the app
 * does.
 */
export const runsStart: CliCommand = {
  name: 'runs start',
  async run(context, args) {
    const { values, positionals } = parseCommandArgs(args, {
      positionals: ['workflowId'],
      options: { input: { type: 'string' }, document: { type: 'string' } },
    });
    let input = values.input === undefined ? {} : parseInputArgument(values.input);
    if (values.document !== undefined) {
      const target = inputTakingDocument(input);
      const bytes = readDocumentFile(values.document);
      try {
        const document = await storeDocumentFile(context, values.document, bytes);
        input = { ...target, documentId: document.id };
      } catch (error) {
        if (!(error instanceof DocumentError)) throw error;
        context.warn(`${values.document}: ${error.message}`);
        return ExitCode.FAILED;
      }
    }
    const { pool } = await context.database();
    const { runId } = await requestRun(
      pool,
      context.registry,
      { workflowId: positionals.workflowId, input, requestedById: context.actorId },
      engineDispatch(context.env),
    );
    context.print(runId);
    return ExitCode.OK;
  },
};
