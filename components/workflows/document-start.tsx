'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useSuspenseQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type FormEvent, type KeyboardEvent, useMemo, useRef, useState } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import { keyLabel } from '@/components/review/keymap';
import { useTRPC } from '@/lib/trpc/react';
import { uploadDocument } from './document-upload';
import { FieldIdScope, FormFields } from './form-fields';
import { readRefusal, useIsMac } from './form-refusal';
import { buildFormSchema, emptyValues, leafNames, type TFormValues } from './form-schema';
import { NotStarted } from './not-started';

/** The files a workflow reads: a PDF with a text layer, an e-mail's source, plain text. */
const ACCEPTED = '.pdf,.eml,.txt,application/pdf,message/rfc822,text/plain';

const inputClass =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-slate-500 focus:outline-none focus:ring-2 focus:ring-slate-300';

/**
 * "Start from a document": a file (or pasted text) instead of the typed fields, with the fields
 * a document does not carry (workflow.form's `documentFields`, shown once there is a document,
 * so the page does not offer two of the same field side by side). Start uploads the document
 * (POST /api/documents), starts the run with its id, then opens the run. The upload's refusal
 * ("This PDF has no text layer…") and the server's field errors show in the panel.
 */
export function DocumentStart({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const isMac = useIsMac();
  const { data: form } = useSuspenseQuery(trpc.workflow.form.queryOptions({ id: workflowId }));
  const fields = useMemo(() => form.documentFields ?? [], [form.documentFields]);
  const schema = useMemo(() => buildFormSchema(fields), [fields]);
  const fieldNames = useMemo(() => new Set(leafNames(fields)), [fields]);
  const methods = useForm<TFormValues, unknown, Record<string, unknown>>({
    resolver: zodResolver(schema),
    defaultValues: emptyValues(fields),
    mode: 'onTouched',
  });
  const start = useMutation(trpc.workflow.start.mutationOptions());
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [stage, setStage] = useState<'idle' | 'uploading' | 'starting' | 'started'>('idle');

  const hasDocument = file !== null || text.trim() !== '';
  const startRun = methods.handleSubmit(async (values) => {
    setErrors([]);
    setStage('uploading');
    const uploaded = await uploadDocument(file ? { file } : { text });
    if ('error' in uploaded) {
      setStage('idle');
      setErrors([uploaded.error]);
      return;
    }
    setStage('starting');
    try {
      const { runId } = await start.mutateAsync({
        workflowId,
        input: { ...values, documentId: uploaded.id },
      });
      setStage('started');
      router.push(`/runs/${runId}`);
    } catch (error) {
      setStage('idle');
      const refusal = readRefusal(error, fieldNames);
      refusal.fields.forEach(([name, message], index) => {
        methods.setError(name, { type: 'server', message }, { shouldFocus: index === 0 });
      });
      setErrors(refusal.general);
    }
  });

  // The document first: its fields mean nothing without one (and are not shown until then).
  function submit(event: FormEvent<HTMLFormElement>) {
    if (hasDocument) return startRun(event);
    event.preventDefault();
    setErrors(['Choose a file, or paste the text of the document.']);
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      event.currentTarget.requestSubmit();
    }
  }

  const busy = stage !== 'idle';
  return (
    <FormProvider {...methods}>
      <form
        noValidate
        onSubmit={submit}
        onKeyDown={onKeyDown}
        aria-label="Start from a document"
        data-testid="document-start"
        className="space-y-5 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      >
        <p className="text-sm text-slate-600">
          Hand over the document itself instead of typing its fields. A model reads them, code
          proves each value against the document, and a person checks what cannot be proven.
        </p>
        <div>
          <label htmlFor="document-file" className="block text-sm font-medium text-slate-800">
            File
          </label>
          <input
            ref={fileRef}
            id="document-file"
            type="file"
            accept={ACCEPTED}
            aria-describedby="document-file-help"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-slate-50 file:px-3 file:py-1.5 file:text-sm file:text-slate-800 hover:file:bg-slate-100"
          />
          <p id="document-file-help" className="mt-1 text-xs text-slate-500">
            A PDF with a text layer, an e-mail saved as .eml, or a .txt file; at most 5 MB.
            {file ? (
              <>
                {' '}
                <button
                  type="button"
                  className="text-slate-700 underline"
                  onClick={() => {
                    setFile(null);
                    if (fileRef.current) fileRef.current.value = '';
                  }}
                >
                  Remove {file.name}
                </button>
              </>
            ) : null}
          </p>
        </div>
        <div>
          <label htmlFor="document-text" className="block text-sm font-medium text-slate-800">
            Or paste the text
          </label>
          <textarea
            id="document-text"
            rows={6}
            value={text}
            disabled={file !== null}
            onChange={(event) => setText(event.target.value)}
            aria-describedby="document-text-help"
            className={`${inputClass} font-mono disabled:bg-slate-50 disabled:text-slate-400`}
          />
          <p id="document-text-help" className="mt-1 text-xs text-slate-500">
            {file
              ? 'The file is used; remove it to paste text instead.'
              : "An e-mail's whole source is read as an e-mail, with its headers."}
          </p>
        </div>
        {hasDocument && fields.length > 0 ? (
          <FieldIdScope prefix="document-">
            <FormFields fields={fields} />
          </FieldIdScope>
        ) : null}
        <NotStarted errors={errors} testId="document-errors" />
        <div className="flex items-center gap-3">
          <button
            type="submit"
            disabled={busy}
            className="inline-flex items-center gap-2 rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60"
          >
            {stage === 'uploading'
              ? 'Uploading…'
              : stage === 'idle'
                ? 'Start from the document'
                : 'Starting…'}
            <kbd className="rounded border border-slate-500 px-1.5 font-sans text-xs text-slate-200">
              {keyLabel('$mod+Enter', isMac)}
            </kbd>
          </button>
        </div>
      </form>
    </FormProvider>
  );
}
