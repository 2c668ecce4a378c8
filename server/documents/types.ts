/**
 * Documents a requester hands a workflow: what is stored (server/documents/store.ts) and what
 * every reader of a document sees. The text is what a model reads and every quote is found in;
 * `segments` map it back to pages of a PDF, or the headers and body of an e-mail.
 */
import { z } from 'zod';

/** The kinds of document a workflow accepts. */
export const DOCUMENT_MEDIA_TYPES = ['text/plain', 'message/rfc822', 'application/pdf'] as const;
export type TDocumentMediaType = (typeof DOCUMENT_MEDIA_TYPES)[number];

/** The largest document accepted, in bytes. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
/** The most text kept from one document, in characters: what a model is asked to read. */
export const MAX_DOCUMENT_TEXT = 100_000;

/** A stretch of the extracted text: a PDF page, an e-mail header block or body, a plain text. */
export const ZDocumentSegment = z.object({
  kind: z.enum(['page', 'headers', 'body', 'text']),
  /** In words, e.g. "Page 2" or "Body". */
  label: z.string(),
  /** The page of a PDF, from 1. */
  page: z.number().int().min(1).optional(),
  /** Offsets into the text, [start, end). */
  start: z.number().int().min(0),
  end: z.number().int().min(0),
});
export type TDocumentSegment = z.infer<typeof ZDocumentSegment>;

/** What an e-mail says about itself. */
export const ZDocumentMeta = z.object({
  from: z.string().nullable().optional(),
  /** E-mail: where answers go, when it is not the sender. */
  replyTo: z.string().nullable().optional(),
  to: z.string().nullable().optional(),
  subject: z.string().nullable().optional(),
  date: z.string().nullable().optional(),
  /** PDF: the number of pages. */
  pages: z.number().int().optional(),
  /**
   * E-mail: attachments whose text is not in `text` (not a PDF, or a PDF without a text layer),
   * so a reader knows the e-mail carried more than Steward read.
   */
  unreadAttachments: z.array(z.object({ fileName: z.string(), reason: z.string() })).optional(),
  /** E-mail: its HTML hides content from a reader (display:none, zero size, white on white). */
  hiddenContent: z.boolean().optional(),
});
export type TDocumentMeta = z.infer<typeof ZDocumentMeta>;

/** What extraction makes of a document's bytes: its kind, its text and the map into it. */
export interface ExtractedDocument {
  mediaType: TDocumentMediaType;
  text: string;
  segments: TDocumentSegment[];
  meta: TDocumentMeta | null;
}

/** A stored document, as readers see it (without its bytes). */
export interface StoredDocument {
  id: string;
  contentHash: string;
  mediaType: TDocumentMediaType;
  fileName: string | null;
  sizeBytes: number;
  text: string;
  segments: TDocumentSegment[];
  meta: TDocumentMeta | null;
  uploadedById: string | null;
  createdAt: string;
}

/** Why a document was refused, for the person who handed it over. */
export type TDocumentErrorCode =
  | 'empty'
  | 'too-large'
  | 'unsupported-type'
  | 'no-text-layer'
  | 'unreadable'
  | 'not-found';

/** A document that cannot be used, with a message the requester can act on. */
export class DocumentError extends Error {
  override name = 'DocumentError';
  readonly code: TDocumentErrorCode;
  constructor(code: TDocumentErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
