'use client';

import { type ReactNode, useState } from 'react';
import type { TRunDocuments } from '@/server/documents/run-documents';
import type { TGroundedField } from '@/server/tools/model/fields';
import { DocumentFields } from './document-fields';
import { DocumentText } from './document-text';
import { GROUNDING_DISPLAY } from './grounding-status';

export type TRunDocument = TRunDocuments['documents'][number];

const KIND_WORDS = {
  'application/pdf': 'PDF',
  'message/rfc822': 'E-mail',
  'text/plain': 'Text',
} as const satisfies Record<TRunDocument['mediaType'], string>;

const LEGEND = ['grounded', 'person', 'mismatch', 'unproven'] as const;

/** What the document is: its name, kind and size, and what Steward could not read of it. */
function DocumentCaption({ document }: { document: TRunDocument }) {
  const pages = document.segments.filter((segment) => segment.kind === 'page').length;
  const unread = document.meta?.unreadAttachments ?? [];
  return (
    <div className="mb-2 text-xs text-slate-600">
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span className="font-medium text-slate-900">{document.fileName ?? 'Pasted text'}</span>
        <span>
          {KIND_WORDS[document.mediaType]}
          {pages > 0 ? ` · ${pages} ${pages === 1 ? 'page' : 'pages'}` : ''} ·{' '}
          {document.text.length.toLocaleString('en-US')} characters
        </span>
        <span aria-hidden="true" className="ml-auto flex flex-wrap gap-1.5">
          {LEGEND.map((status) => (
            <span
              key={status}
              className={`rounded-sm px-1 text-[11px] ${GROUNDING_DISPLAY[status].mark}`}
            >
              {GROUNDING_DISPLAY[status].words}
            </span>
          ))}
        </span>
      </p>
      {unread.map((attachment) => (
        <p key={attachment.fileName} className="mt-1 text-amber-800">
          Not read: {attachment.fileName} ({attachment.reason})
        </p>
      ))}
    </div>
  );
}

/**
 * A document beside the fields read from it: the text with every field's found evidence marked
 * in the colour of its grounding status, and the fields with their status in words. Selecting a
 * field scrolls its evidence into view and outlines it. `aside` replaces the fields list (the
 * review console's correction form); `selected` and `onSelect` let its owner drive the
 * selection (a focused input selects its field).
 */
export function DocumentView({
  document,
  fields,
  selected: selectedByOwner,
  onSelect,
  aside,
}: {
  document: TRunDocument;
  fields: readonly TGroundedField[];
  selected?: string | null;
  onSelect?(field: string): void;
  aside?: ReactNode;
}) {
  const [ownSelection, setOwnSelection] = useState<string | null>(null);
  const [scrollRequest, setScrollRequest] = useState(0);
  const selected = selectedByOwner === undefined ? ownSelection : selectedByOwner;
  const select = (field: string) => {
    setOwnSelection(field);
    setScrollRequest((count) => count + 1);
    onSelect?.(field);
  };
  return (
    <div data-testid="document-view" className="@container">
      <DocumentCaption document={document} />
      {/* The text stays in view beside the fields (or the correction inputs) as they scroll by. */}
      <div className="grid items-start gap-3 @xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="@xl:sticky @xl:top-2">
          <DocumentText
            text={document.text}
            segments={document.segments}
            fields={fields}
            selected={selected}
            scrollRequest={scrollRequest}
          />
        </div>
        <div>
          {aside ?? <DocumentFields fields={fields} selected={selected} onSelect={select} />}
        </div>
      </div>
    </div>
  );
}
