'use client';

import { TRPCClientError } from '@trpc/client';
import { useSyncExternalStore } from 'react';
import { z } from 'zod';

/** What the API sends with a refusal (server/api/trpc.ts errorFormatter), read defensively. */
const ZErrorDataSchema = z.object({
  fieldErrors: z.record(z.string(), z.array(z.string()).optional()).nullable().optional(),
  formErrors: z.array(z.string()).nullable().optional(),
});

/**
 * A refused workflow.start, split for a form: messages for fields it shows (`fieldNames`), and
 * everything else in words (other fields prefixed with their name); never empty.
 */
export function readRefusal(
  error: unknown,
  fieldNames: ReadonlySet<string>,
): { fields: [name: string, message: string][]; general: string[] } {
  const data = ZErrorDataSchema.safeParse(
    error instanceof TRPCClientError ? error.data : undefined,
  );
  const general: string[] = [...((data.success && data.data.formErrors) || [])];
  const fields: [string, string][] = [];
  for (const [name, messages = []] of Object.entries(
    (data.success && data.data.fieldErrors) || {},
  )) {
    if (fieldNames.has(name)) fields.push([name, messages.join(' ')]);
    else general.push(...messages.map((message) => `${name}: ${message}`));
  }
  if (general.length === 0 && fields.length === 0) {
    general.push(error instanceof Error ? error.message : 'The run could not be started.');
  }
  return { fields, general };
}

const subscribeNever = () => () => {};
/** ⌘ on Apple devices, Ctrl elsewhere; the server render assumes Ctrl. */
export function useIsMac(): boolean {
  return useSyncExternalStore(
    subscribeNever,
    () => /Mac|iPhone|iPad/.test(navigator.platform),
    () => false,
  );
}
