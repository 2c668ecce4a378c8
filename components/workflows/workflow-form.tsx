'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useSuspenseQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import { keyLabel } from '@/components/review/keymap';
import { useTRPC } from '@/lib/trpc/react';
import { FormFields } from './form-fields';
import { readRefusal, useIsMac } from './form-refusal';
import { buildFormSchema, emptyValues, leafNames, type TFormValues } from './form-schema';
import { NotStarted } from './not-started';

/**
 * The trigger form of one workflow, generated from its input schema (workflow.form): checked in
 * the browser as the requester types (required, lengths, formats), then by the server, whose
 * field errors land next to their fields. `mod+Enter` submits from anywhere in the form. On
 * success the requester is taken to the new run.
 */
export function WorkflowForm({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const isMac = useIsMac();
  const { data: form } = useSuspenseQuery(trpc.workflow.form.queryOptions({ id: workflowId }));
  const schema = useMemo(() => buildFormSchema(form.fields), [form.fields]);
  const fieldNames = useMemo(() => new Set(leafNames(form.fields)), [form.fields]);
  const methods = useForm<TFormValues, unknown, Record<string, unknown>>({
    resolver: zodResolver(schema),
    defaultValues: emptyValues(form.fields),
    mode: 'onTouched',
  });
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const start = useMutation(trpc.workflow.start.mutationOptions());

  /** The server's refusal: field errors onto their fields, anything else above the button. */
  function showRefusal(error: unknown) {
    const refusal = readRefusal(error, fieldNames);
    refusal.fields.forEach(([name, message], index) => {
      methods.setError(name, { type: 'server', message }, { shouldFocus: index === 0 });
    });
    setFormErrors(refusal.general);
  }

  const submit = methods.handleSubmit(async (input) => {
    setFormErrors([]);
    try {
      const { runId } = await start.mutateAsync({ workflowId, input });
      router.push(`/runs/${runId}`);
    } catch (error) {
      showRefusal(error);
    }
  });

  // Nothing focused yet (the page just opened): mod+Enter still submits the page's one form.
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const onDocumentKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Enter' || !(event.metaKey || event.ctrlKey)) return;
      if (event.target !== document.body) return;
      event.preventDefault();
      formRef.current?.requestSubmit();
    };
    document.addEventListener('keydown', onDocumentKeyDown);
    return () => document.removeEventListener('keydown', onDocumentKeyDown);
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      event.currentTarget.requestSubmit();
    }
  }

  const busy = methods.formState.isSubmitting || start.isSuccess;
  return (
    <FormProvider {...methods}>
      <form
        ref={formRef}
        noValidate
        onSubmit={submit}
        onKeyDown={onKeyDown}
        aria-label={`Start ${form.title}`}
        className="max-w-2xl space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      >
        <FormFields fields={form.fields} />
        <NotStarted errors={formErrors} testId="form-errors" />
        <div className="flex items-center gap-3">
          <button
            type="submit"
            disabled={busy}
            className="inline-flex items-center gap-2 rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60"
          >
            {busy ? 'Starting…' : 'Start run'}
            <kbd className="rounded border border-slate-500 px-1.5 font-sans text-xs text-slate-200">
              {keyLabel('$mod+Enter', isMac)}
            </kbd>
          </button>
          <p className="text-xs text-slate-500">Fields marked (optional) may stay empty.</p>
        </div>
      </form>
    </FormProvider>
  );
}
