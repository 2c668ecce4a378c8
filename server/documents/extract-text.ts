/**
 * Reading a document's bytes into the text a model reads and every quote is found in, with the
 * map of that text (`segments`: pages of a PDF, headers and body of an e-mail). The type comes
 * from the bytes first (a PDF starts with `%PDF-`, images and archives have magic numbers), then
 * from the name or media type the sender gave, then from the content (an e-mail's header block).
 * Everything refused is a DocumentError whose message tells the requester what to send instead.
 */
import {
  DocumentError,
  type ExtractedDocument,
  MAX_DOCUMENT_BYTES,
  MAX_DOCUMENT_TEXT,
  type TDocumentMeta,
  type TDocumentSegment,
} from './types.ts';

/** What the sender said the document is: a file name and/or a media type (both optional). */
export interface TDocumentHint {
  fileName?: string | null;
  mediaType?: string | null;
}

/** One stretch of the text before it is joined: a page, the headers, a body. */
interface TPart {
  kind: TDocumentSegment['kind'];
  label: string;
  page?: number;
  text: string;
}

/** Between two parts (pages, headers and body): a blank line. */
const PART_SEPARATOR = '\n\n';

const NO_TEXT_LAYER_MESSAGE =
  "This PDF has no text layer (a scanned image?). Steward does not read images; send the PDF the vendor's system produced, or paste the text.";

/** Bytes as ISO-8859-1, one character per byte (TextDecoder's 'latin1' is Windows-1252). */
const latin1 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

/** Magic numbers of files that are certainly not text, e-mail or PDF. */
const BINARY_SIGNATURES: { magic: string; offset?: number; what: string }[] = [
  { magic: '\x89PNG', what: 'a PNG image' },
  { magic: '\xff\xd8\xff', what: 'a JPEG image' },
  { magic: 'GIF8', what: 'a GIF image' },
  { magic: 'II*\x00', what: 'a TIFF image' },
  { magic: 'MM\x00*', what: 'a TIFF image' },
  { magic: 'RIFF', what: 'an image or media file (RIFF)' },
  { magic: 'ftyp', offset: 4, what: 'an image or media file (HEIC, MP4)' },
  { magic: 'PK\x03\x04', what: 'a ZIP archive (Word and Excel files are ZIP archives too)' },
  { magic: '\xd0\xcf\x11\xe0', what: 'an Office file (Word, Excel or Outlook .msg)' },
  { magic: '\x1f\x8b', what: 'a gzip archive' },
  { magic: 'Rar!', what: 'a RAR archive' },
  { magic: '7z\xbc\xaf', what: 'a 7-Zip archive' },
];

/** Header names that make a header block an e-mail's. */
const EMAIL_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'subject',
  'date',
  'received',
  'message-id',
  'mime-version',
  'return-path',
  'reply-to',
  'content-type',
]);

const tooLargeBytes = (size: number) =>
  new DocumentError(
    'too-large',
    `This document is ${formatBytes(size)}; Steward accepts documents up to ${formatBytes(MAX_DOCUMENT_BYTES)}.`,
  );

function formatBytes(size: number): string {
  return size >= 1024 * 1024
    ? `${(size / (1024 * 1024)).toFixed(1)} MB`
    : `${Math.ceil(size / 1024)} KB`;
}

function extensionOf(fileName: string | null | undefined): string {
  const match = /\.([a-z0-9]+)$/i.exec(fileName ?? '');
  return match?.[1]?.toLowerCase() ?? '';
}

function mediaTypeOf(hint: TDocumentHint): string {
  return (hint.mediaType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Line endings as `\n`, control characters other than `\n` and `\t` removed (NUL, form feeds,
 * escapes), a leading byte order mark dropped, composed to NFC (what a model quotes back), and
 * trailing whitespace cut.
 */
export function normalizeDocumentText(text: string): string {
  return (
    text
      .replace(/^\uFEFF/, '')
      .replace(/\r\n?/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '')
      .normalize('NFC')
      .trimEnd()
  );
}

/** What binary file this is, by its magic number, or null. */
function binaryKindOf(bytes: Uint8Array): string | null {
  const head = latin1(bytes.subarray(0, 16));
  const found = BINARY_SIGNATURES.find(
    ({ magic, offset = 0 }) => head.slice(offset, offset + magic.length) === magic,
  );
  return found?.what ?? null;
}

/** More than a tenth of the first 8 KB are control bytes: binary, whatever it is. */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) || byte === 0x7f) {
      control += 1;
    }
  }
  return control * 10 > sample.length;
}

function unsupported(what: string, hint: TDocumentHint): DocumentError {
  const extension = extensionOf(hint.fileName);
  const advice = ['doc', 'docx', 'xls', 'xlsx', 'odt'].includes(extension)
    ? 'save it as PDF and send that'
    : 'send a PDF or paste the text';
  return new DocumentError(
    'unsupported-type',
    `This file is ${what}. Steward reads text, e-mail (.eml) and PDF files with a text layer; ${advice}.`,
  );
}

/** An e-mail's header block: header lines (and folded continuations) up to a blank line. */
function looksLikeEmail(bytes: Uint8Array): boolean {
  const head = latin1(bytes.subarray(0, 64 * 1024));
  const end = head.search(/\r?\n\r?\n/);
  if (end <= 0) return false;
  const names = new Set<string>();
  for (const line of head.slice(0, end).split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && names.size > 0) continue;
    const match = /^([!-9;-~]+):/.exec(line);
    if (!match?.[1]) return false;
    names.add(match[1].toLowerCase());
  }
  const known = [...names].filter((name) => EMAIL_HEADERS.has(name));
  return known.length >= 2 && ['from', 'subject', 'received'].some((name) => names.has(name));
}

/** The bytes as UTF-8 text (a byte order mark dropped), or why they are not. */
function decodeUtf8(bytes: Uint8Array, hint: TDocumentHint): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new DocumentError(
      'unreadable',
      'This text is saved as UTF-16. Save it as UTF-8 and send it again, or paste the text.',
    );
  }
  if (looksBinary(bytes)) throw unsupported('not text (binary content)', hint);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DocumentError(
      'unreadable',
      'This text is not valid UTF-8 (perhaps an older encoding such as Windows-1252). Save it as UTF-8 and send it again, or paste the text.',
    );
  }
}

/** The parts joined with a blank line between them, each part's segment slicing exactly it. */
function assemble(
  parts: TPart[],
  meta: TDocumentMeta | null,
  mediaType: ExtractedDocument['mediaType'],
) {
  let text = '';
  const segments: TDocumentSegment[] = [];
  parts.forEach((part, index) => {
    if (index > 0) text += PART_SEPARATOR;
    const start = text.length;
    text += normalizeDocumentText(part.text);
    segments.push({
      kind: part.kind,
      label: part.label,
      ...(part.page === undefined ? {} : { page: part.page }),
      start,
      end: text.length,
    });
  });
  if (text.length > MAX_DOCUMENT_TEXT) {
    throw new DocumentError(
      'too-large',
      `This document holds ${text.length.toLocaleString('en')} characters of text; Steward reads at most ${MAX_DOCUMENT_TEXT.toLocaleString('en')}. Send only the part that matters (the invoice, not the whole statement).`,
    );
  }
  return { mediaType, text, segments, meta } satisfies ExtractedDocument;
}

/** The text of each page of a PDF (pdf.js through unpdf), or why it cannot be read. */
async function readPdfPages(bytes: Uint8Array): Promise<string[]> {
  const unreadable = (error: unknown) =>
    new DocumentError(
      'unreadable',
      error instanceof Error && error.name === 'PasswordException'
        ? 'This PDF is protected with a password. Send a copy without the password, or paste the text.'
        : 'This PDF cannot be read: it is damaged or incomplete. Send the file again, or paste the text.',
    );
  // Loaded when a PDF comes, not when the app starts (pdf.js is large).
  const { extractText, getDocumentProxy } = await import('unpdf');
  // pdf.js takes over (detaches) the buffer it is given, and reads a Node Buffer's view (a
  // slice of a larger pool) wrongly: hand it a plain copy.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 }).catch(
    (error: unknown) => {
      throw unreadable(error);
    },
  );
  try {
    return (await extractText(pdf)).text;
  } catch (error) {
    throw unreadable(error);
  } finally {
    await pdf.loadingTask.destroy();
  }
}

async function extractPdf(bytes: Uint8Array): Promise<ExtractedDocument> {
  const pages = await readPdfPages(bytes);
  if (pages.every((page) => normalizeDocumentText(page).trim() === '')) {
    throw new DocumentError('no-text-layer', NO_TEXT_LAYER_MESSAGE);
  }
  const parts = pages.map((text, index) => ({
    kind: 'page' as const,
    label: `Page ${index + 1}`,
    page: index + 1,
    text,
  }));
  return assemble(parts, { pages: pages.length }, 'application/pdf');
}

function isPdf(bytes: Uint8Array): boolean {
  return latin1(bytes.subarray(0, 5)) === '%PDF-';
}

/**
 * HTML that a person does not see but a machine reads: hidden, zero-sized or transparent text. An e-mail with it is read, and its run shown to a person.
 */
const HIDDEN_HTML =
  /(display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px|pt|em|%)?\s*[;"']|opacity\s*:\s*0(?:\.0+)?\s*[;"']|\bhidden\b(?=[^<>]*>))/i;

/** Text of an HTML body, converted by mailparser as it converts a mail that is only HTML. */
async function htmlToText(html: string): Promise<string> {
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(
    Buffer.from(`Content-Type: text/html; charset=utf-8\r\n\r\n${html}`, 'utf8'),
  );
  return mail.text ?? '';
}

async function extractEmail(bytes: Uint8Array): Promise<ExtractedDocument> {
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(Buffer.from(bytes), { skipImageLinks: true }).catch(() => {
    throw new DocumentError(
      'unreadable',
      'This e-mail cannot be read. Save it again as .eml from your mail program, or paste the text.',
    );
  });
  const addresses = (value: typeof mail.to) =>
    (Array.isArray(value) ? value.map((address) => address.text).join(', ') : value?.text) || null;
  const rawDate = mail.headerLines.find((line) => line.key === 'date')?.line;
  const meta: TDocumentMeta = {
    from: mail.from?.text || null,
    to: addresses(mail.to),
    subject: mail.subject ?? null,
    date: mail.date ? mail.date.toISOString() : null,
    ...(mail.replyTo?.text ? { replyTo: mail.replyTo.text } : {}),
  };
  const headerLines = [
    ['From', meta.from],
    ['To', meta.to],
    ['Subject', meta.subject],
    ['Date', rawDate ? rawDate.replace(/^date:\s*/i, '').replace(/\s+/g, ' ') : null],
  ].flatMap(([name, value]) => (value ? [`${name}: ${value}`] : []));
  const parts: TPart[] = [{ kind: 'headers', label: 'Headers', text: headerLines.join('\n') }];
  // The plain-text part; without one, the HTML part as text.
  const body =
    mail.text?.trim() || typeof mail.html !== 'string'
      ? (mail.text ?? '')
      : await htmlToText(mail.html);
  if (normalizeDocumentText(body) !== '') parts.push({ kind: 'body', label: 'Body', text: body });

  const unread: { fileName: string; reason: string }[] = [];
  for (const [index, attachment] of mail.attachments.entries()) {
    // Inline images of an HTML body (logos, signatures) are decoration, not content.
    if (attachment.related) continue;
    const name = attachment.filename ?? `attachment ${index + 1}`;
    const content = new Uint8Array(attachment.content);
    if (!isPdf(content)) {
      unread.push({ fileName: name, reason: `not a PDF (${attachment.contentType})` });
      continue;
    }
    try {
      const pages = await readPdfPages(content);
      if (pages.every((page) => normalizeDocumentText(page).trim() === '')) {
        unread.push({ fileName: name, reason: NO_TEXT_LAYER_MESSAGE });
        continue;
      }
      pages.forEach((text, page) => {
        parts.push({
          kind: 'page',
          label: `Attachment ${name}, page ${page + 1}`,
          page: page + 1,
          text,
        });
      });
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      unread.push({ fileName: name, reason: error.message });
    }
  }
  if (unread.length > 0) meta.unreadAttachments = unread;
  if (typeof mail.html === 'string' && HIDDEN_HTML.test(mail.html)) meta.hiddenContent = true;
  return assemble(parts, meta, 'message/rfc822');
}

function extractPlainText(bytes: Uint8Array, hint: TDocumentHint): ExtractedDocument {
  const text = decodeUtf8(bytes, hint);
  if (normalizeDocumentText(text).trim() === '') {
    throw new DocumentError('empty', 'This document has no text (only blank space).');
  }
  return assemble([{ kind: 'text', label: 'Text', text }], null, 'text/plain');
}

/**
 * Reads a document: a PDF with a text layer (one `page` segment per page), an e-mail (a
 * `headers` segment, a `body` segment, and `page` segments for the pages of PDF attachments),
 * or UTF-8 text (one `text` segment). Refuses, with a DocumentError: `empty`, `too-large` (bytes
 * over MAX_DOCUMENT_BYTES or text over MAX_DOCUMENT_TEXT), `unsupported-type` (images, archives,
 * Office files, other binary), `no-text-layer` (a PDF of scans), `unreadable` (a damaged or
 * password-protected PDF, text that is not UTF-8, a file named .pdf that is not one).
 */
export async function extractDocumentText(
  bytes: Uint8Array,
  hint: TDocumentHint = {},
): Promise<ExtractedDocument> {
  if (bytes.byteLength === 0) throw new DocumentError('empty', 'This document is empty (0 bytes).');
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) throw tooLargeBytes(bytes.byteLength);
  if (isPdf(bytes)) return extractPdf(bytes);
  const binaryKind = binaryKindOf(bytes);
  if (binaryKind) throw unsupported(binaryKind, hint);

  const extension = extensionOf(hint.fileName);
  const mediaType = mediaTypeOf(hint);
  if (extension === 'pdf' || mediaType === 'application/pdf') {
    throw new DocumentError(
      'unreadable',
      'This file is called a PDF but is not one (it does not start like a PDF). Send the original PDF, or paste the text.',
    );
  }
  const isSaidEmail = extension === 'eml' || mediaType === 'message/rfc822';
  const isSaidText = extension === 'txt' || mediaType === 'text/plain';
  if (isSaidEmail || (!isSaidText && looksLikeEmail(bytes))) return extractEmail(bytes);
  return extractPlainText(bytes, hint);
}
