'use client';

import { createContext, type ReactNode, useContext } from 'react';
import { useFormContext, useFormState } from 'react-hook-form';
import type { TFormField, TFormLeaf } from '@/server/workflows/catalogue/form-description';
import type { TFormValues } from './form-schema';

/** The DOM id of a field's control (`contact.email` → `field-contact-email`). */
export function fieldId(name: string): string {
  return `field-${name.replaceAll('.', '-')}`;
}

const IdPrefixContext = createContext('');

/**
 * Fields rendered inside get ids with this prefix, so two forms on one page (typed fields and
 * a document's) may both have a field called `note`.
 */
export function FieldIdScope({ prefix, children }: { prefix: string; children: ReactNode }) {
  return <IdPrefixContext.Provider value={prefix}>{children}</IdPrefixContext.Provider>;
}

/** The DOM id of a field's control in the current FieldIdScope. */
function useFieldId(name: string): string {
  return `${useContext(IdPrefixContext)}${fieldId(name)}`;
}

const inputClass =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-slate-500 focus:outline-none focus:ring-2 focus:ring-slate-300 aria-[invalid=true]:border-red-500';

function textInputType(field: Extract<TFormLeaf, { kind: 'text' }>): string {
  switch (field.format) {
    case 'email':
      return 'email';
    case 'date':
      return 'date';
    case 'date-time':
      return 'datetime-local';
    case 'uri':
      return 'url';
    default:
      return 'text';
  }
}

/** The control of one field, typed by its schema, wired to the form and to its help and error. */
function Control({ field, describedBy }: { field: TFormLeaf; describedBy: string }) {
  const { register } = useFormContext<TFormValues>();
  const id = useFieldId(field.name);
  const invalid = useFieldError(field.name) !== null;
  const common = {
    id,
    'aria-describedby': describedBy || undefined,
    'aria-invalid': invalid,
    'aria-required': field.required,
    ...register(field.name),
  };
  switch (field.kind) {
    case 'text':
      return <input type={textInputType(field)} className={inputClass} {...common} />;
    case 'number':
      return (
        <input
          type="number"
          inputMode={field.integer ? 'numeric' : 'decimal'}
          step={field.integer ? 1 : 'any'}
          className={inputClass}
          {...common}
        />
      );
    case 'select':
      return (
        <select className={inputClass} {...common}>
          <option value="">{field.required ? 'Choose…' : '(none)'}</option>
          {field.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
    case 'checkbox':
      return <input type="checkbox" className="mt-1 h-4 w-4" {...common} />;
    case 'json':
      return <textarea rows={4} className={`${inputClass} font-mono`} {...common} />;
    default:
      return field satisfies never;
  }
}

/** The field's error message, read from react-hook-form's state for that field only. */
function useFieldError(name: string): string | null {
  const { getFieldState } = useFormContext<TFormValues>();
  const formState = useFormState<TFormValues>({ name });
  return getFieldState(name, formState).error?.message ?? null;
}

/** A labelled field: the label, the control, the help text under it and its error. */
function LeafField({ field }: { field: TFormLeaf }) {
  const id = useFieldId(field.name);
  const error = useFieldError(field.name);
  const describedBy = [field.description ? `${id}-help` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div data-testid="form-field" data-name={field.name}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {field.title}
        {field.required ? null : <span className="font-normal text-slate-500"> (optional)</span>}
      </label>
      <Control field={field} describedBy={describedBy} />
      {field.description ? (
        <p id={`${id}-help`} className="mt-1 text-xs text-slate-500">
          {field.description}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} data-testid="field-error" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The form's fields in schema order; nested objects as fieldsets with a legend. */
export function FormFields({ fields }: { fields: TFormField[] }) {
  const prefix = useContext(IdPrefixContext);
  return (
    <div className="space-y-5">
      {fields.map((field) =>
        field.kind === 'group' ? (
          <fieldset
            key={field.name}
            aria-describedby={
              field.description ? `${prefix}${fieldId(field.name)}-help` : undefined
            }
            className="rounded-lg border border-slate-200 p-4"
          >
            <legend className="px-1 text-sm font-semibold text-slate-900">{field.title}</legend>
            {field.description ? (
              <p
                id={`${prefix}${fieldId(field.name)}-help`}
                className="mb-3 text-xs text-slate-500"
              >
                {field.description}
              </p>
            ) : null}
            <FormFields fields={field.fields} />
          </fieldset>
        ) : (
          <LeafField key={field.name} field={field} />
        ),
      )}
    </div>
  );
}
