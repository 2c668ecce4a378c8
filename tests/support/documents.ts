// Making real documents in tests: PDFs with a text layer (pdf-lib), PDFs of "scans" without one,
// and e-mails (.eml source) with quoted-printable bodies, HTML alternatives and attachments.
//
// Non-ASCII in PDFs: pdf-lib's standard fonts encode WinAnsi (Windows-1252) only. Latin letters
// with accents and umlauts, ß, €, curly quotes and dashes are in it; any other character (ł, Ş,
// Greek, CJK, emoji…) is drawn as WIN_ANSI_REPLACEMENT instead. Compare a PDF's extracted text
// with `winAnsiSafe(line)`, not with the line you passed, when it may hold such characters.
import { PDFDocument, type PDFFont, rgb, StandardFonts } from 'pdf-lib';

/** Drawn instead of a character the standard fonts cannot encode. */
export const WIN_ANSI_REPLACEMENT = '?';

const PAGE = { width: 595, height: 842, margin: 56, fontSize: 11, lineHeight: 15 };
const LINES_PER_PAGE = Math.floor((PAGE.height - 2 * PAGE.margin) / PAGE.lineHeight);

let helvetica: Promise<Set<number>> | undefined;

/** The code points Helvetica (a standard font) can draw: WinAnsi's. */
function winAnsiCodePoints(): Promise<Set<number>> {
  helvetica ??= PDFDocument.create()
    .then((document) => document.embedFont(StandardFonts.Helvetica))
    .then((font) => new Set(font.getCharacterSet()));
  return helvetica;
}

/**
 * The line as a standard font draws it: composed (NFC), control characters as spaces, and
 * characters outside WinAnsi as WIN_ANSI_REPLACEMENT.
 */
export async function winAnsiSafe(line: string): Promise<string> {
  const supported = await winAnsiCodePoints();
  return Array.from(line.normalize('NFC'), (character) => {
    const codePoint = character.codePointAt(0) ?? 0;
    if (codePoint < 0x20) return ' ';
    return supported.has(codePoint) ? character : WIN_ANSI_REPLACEMENT;
  }).join('');
}

async function drawLines(page: ReturnType<PDFDocument['addPage']>, font: PDFFont, lines: string[]) {
  if (lines.length > LINES_PER_PAGE) {
    throw new Error(`makePdf: a page holds at most ${LINES_PER_PAGE} lines, got ${lines.length}`);
  }
  let y = PAGE.height - PAGE.margin;
  for (const line of lines) {
    page.drawText(await winAnsiSafe(line), { x: PAGE.margin, y, size: PAGE.fontSize, font });
    y -= PAGE.lineHeight;
  }
}

/**
 * A PDF with a text layer: one page per entry, each a list of lines drawn top to bottom in
 * Helvetica (see the note on WinAnsi above). An empty list makes a blank page.
 */
export async function makePdf(pages: string[][]): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    await drawLines(document.addPage([PAGE.width, PAGE.height]), font, lines);
  }
  return document.save();
}

/** A PDF of `pageCount` pages that carry only drawings (as a scan carries only an image). */
export async function makeScannedPdf(pageCount = 1): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  for (let index = 0; index < pageCount; index += 1) {
    const page = document.addPage([PAGE.width, PAGE.height]);
    page.drawRectangle({ x: 80, y: 500, width: 300, height: 200, color: rgb(0.2, 0.2, 0.2) });
    page.drawRectangle({ x: 80, y: 420, width: 200, height: 20, borderColor: rgb(0, 0, 0) });
  }
  return document.save();
}

export interface TEmailAttachment {
  fileName: string;
  contentType: string;
  content: Uint8Array | string;
}

export interface TEmail {
  /** `Name <address>` or an address; a non-ASCII name is encoded as RFC 2047 requires. */
  from: string;
  to: string;
  subject: string;
  /** A Date, or the header's text as is. */
  date: Date | string;
  /** The plain-text body (sent quoted-printable, so umlauts arrive as `=C3=9F`). */
  body?: string;
  /** An HTML body: with `body`, the two are sent as multipart/alternative. */
  html?: string;
  attachments?: TEmailAttachment[];
}

const isAscii = (text: string) => /^[\x20-\x7e]*$/.test(text);

/** An RFC 2047 encoded word for a header value that is not plain ASCII. */
function encodeWord(text: string): string {
  return isAscii(text) ? text : `=?utf-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

function encodeAddress(address: string): string {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(address);
  if (!match) return address;
  const [, name = '', email = ''] = match;
  return name === '' ? `<${email}>` : `${encodeWord(name)} <${email}>`;
}

/** Quoted-printable (RFC 2045) of UTF-8 text, CRLF line breaks, lines of at most 76. */
export function quotedPrintable(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      let encoded = '';
      const bytes = Buffer.from(line, 'utf8');
      bytes.forEach((byte, index) => {
        const isLast = index === bytes.length - 1;
        const isPlain =
          (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !isLast);
        encoded += isPlain
          ? String.fromCharCode(byte)
          : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      });
      const wrapped: string[] = [];
      while (encoded.length > 76) {
        // A soft break, never inside an =XX escape.
        let cut = 75;
        const lastEscape = encoded.lastIndexOf('=', cut);
        if (lastEscape > cut - 3) cut = lastEscape;
        wrapped.push(`${encoded.slice(0, cut)}=`);
        encoded = encoded.slice(cut);
      }
      wrapped.push(encoded);
      return wrapped.join('\r\n');
    })
    .join('\r\n');
}

function base64Lines(content: Uint8Array | string): string {
  const encoded = Buffer.from(content).toString('base64');
  return encoded.replace(/.{1,76}/g, '$&\r\n').trimEnd();
}

let boundaryCounter = 0;
const boundary = (kind: string) => `=_steward_${kind}_${++boundaryCounter}`;

function textPart(contentType: string, text: string): string {
  return [
    `Content-Type: ${contentType}; charset=utf-8`,
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(text),
  ].join('\r\n');
}

function multipart(subtype: string, parts: string[]): string {
  const mark = boundary(subtype);
  return [
    `Content-Type: multipart/${subtype}; boundary="${mark}"`,
    '',
    ...parts.flatMap((part) => [`--${mark}`, part]),
    `--${mark}--`,
    '',
  ].join('\r\n');
}

/**
 * The source of an e-mail (.eml, CRLF line breaks, ASCII only): headers, then the body as plain
 * text, HTML, or both (multipart/alternative), then the attachments (multipart/mixed, base64).
 */
export function makeEmail(email: TEmail): string {
  const date = typeof email.date === 'string' ? email.date : email.date.toUTCString();
  const bodies = [
    ...(email.body === undefined ? [] : [textPart('text/plain', email.body)]),
    ...(email.html === undefined ? [] : [textPart('text/html', email.html)]),
  ];
  const content =
    bodies.length > 1
      ? multipart('alternative', bodies)
      : (bodies[0] ?? textPart('text/plain', ''));
  const attachments = email.attachments ?? [];
  const message =
    attachments.length === 0
      ? content
      : multipart('mixed', [
          content,
          ...attachments.map((attachment) =>
            [
              `Content-Type: ${attachment.contentType}; name="${encodeWord(attachment.fileName)}"`,
              `Content-Disposition: attachment; filename="${encodeWord(attachment.fileName)}"`,
              'Content-Transfer-Encoding: base64',
              '',
              base64Lines(attachment.content),
            ].join('\r\n'),
          ),
        ]);
  return [
    `From: ${encodeAddress(email.from)}`,
    `To: ${encodeAddress(email.to)}`,
    `Subject: ${encodeWord(email.subject)}`,
    `Date: ${date}`,
    `Message-ID: <${Date.now()}.${++boundaryCounter}@steward.test>`,
    'MIME-Version: 1.0',
    message,
  ].join('\r\n');
}
