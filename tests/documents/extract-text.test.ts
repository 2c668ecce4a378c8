// Reading documents into text and an offset map: real PDFs (pdf-lib), real e-mail sources, text
// in every state a requester's file arrives in, and each kind of refusal with its message.
import { describe, expect, it } from 'vitest';
import { extractDocumentText } from '../../server/documents/extract-text.ts';
import {
  DocumentError,
  type ExtractedDocument,
  MAX_DOCUMENT_BYTES,
  MAX_DOCUMENT_TEXT,
  type TDocumentErrorCode,
} from '../../server/documents/types.ts';
import { makeEmail, makePdf, makeScannedPdf, winAnsiSafe } from '../support/documents.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** The DocumentError extraction refuses with. */
async function refusal(bytes: Uint8Array, hint: { fileName?: string; mediaType?: string } = {}) {
  const error = await extractDocumentText(bytes, hint).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof DocumentError)) {
    throw new Error(`expected a DocumentError, got ${String(error)}`);
  }
  return { code: error.code, message: error.message };
}

/** Each segment's slice of the text, by label. */
function slices(document: ExtractedDocument): Record<string, string> {
  return Object.fromEntries(
    document.segments.map((segment) => [
      segment.label,
      document.text.slice(segment.start, segment.end),
    ]),
  );
}

/** Segments tile the text: in order, each separated from the next by exactly a blank line. */
function expectTiled(document: ExtractedDocument) {
  let at = 0;
  for (const [index, segment] of document.segments.entries()) {
    expect(segment.start).toBe(index === 0 ? 0 : at + 2);
    expect(segment.end).toBeGreaterThanOrEqual(segment.start);
    at = segment.end;
  }
  expect(at).toBe(document.text.length);
}

describe('plain text', () => {
  it('is read as UTF-8 with the BOM dropped, line endings as \\n and control characters removed', async () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...utf8('Rechnung 2026-114\r\nHauptstraße 5\rTotal:\t1.234,00 EUR\u0000\u0007\f\n\n'),
    ]);
    const document = await extractDocumentText(bytes, { fileName: 'note.txt' });
    expect(document.mediaType).toBe('text/plain');
    expect(document.text).toBe('Rechnung 2026-114\nHauptstraße 5\nTotal:\t1.234,00 EUR');
    expect(document.segments).toEqual([
      { kind: 'text', label: 'Text', start: 0, end: document.text.length },
    ]);
    expect(document.meta).toBeNull();
  });

  it('composes decomposed letters (NFC), as a model quotes them back', async () => {
    const document = await extractDocumentText(utf8('Mu\u0308ller'));
    expect(document.text).toBe('Müller');
  });

  it('refuses text that is not UTF-8, saying what to do', async () => {
    const latin1 = new Uint8Array([...utf8('Stra'), 0xdf, ...utf8('e 5')]);
    const { code, message } = await refusal(latin1, { fileName: 'address.txt' });
    expect(code).toBe('unreadable');
    expect(message).toMatch(/not valid UTF-8.*Save it as UTF-8/);
  });

  it('refuses text with more characters than a model is given', async () => {
    const { code, message } = await refusal(utf8('x'.repeat(MAX_DOCUMENT_TEXT + 1)));
    expect(code).toBe('too-large');
    expect(message).toContain('100,000');
  });

  it('refuses blank text as empty', async () => {
    expect((await refusal(utf8(' \r\n\t\n'))).code).toBe('empty');
  });
});

describe('what is refused before it is read', () => {
  it.each<[string, Uint8Array, string | undefined, TDocumentErrorCode, RegExp]>([
    ['an empty file', new Uint8Array(0), 'invoice.pdf', 'empty', /empty/],
    [
      'a file over the size limit',
      new Uint8Array(MAX_DOCUMENT_BYTES + 1).fill(0x61),
      'big.txt',
      'too-large',
      /up to 5\.0 MB/,
    ],
    [
      'a PNG image',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      'scan.png',
      'unsupported-type',
      /PNG image/,
    ],
    [
      'a Word document (a ZIP archive)',
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 6, 0, 8, 0]),
      'invoice.docx',
      'unsupported-type',
      /ZIP archive.*save it as PDF/,
    ],
    [
      'binary content without a known signature',
      new Uint8Array(512).map((_, index) => (index * 7) % 32),
      undefined,
      'unsupported-type',
      /binary/,
    ],
    [
      'a file named .pdf that is not a PDF',
      utf8('<html>Not found</html>'),
      'invoice.pdf',
      'unreadable',
      /not one/,
    ],
  ])('%s', async (_name, bytes, fileName, code, message) => {
    const refused = await refusal(bytes, fileName === undefined ? {} : { fileName });
    expect(refused.code).toBe(code);
    expect(refused.message).toMatch(message);
  });
});

describe('PDF', () => {
  it('reads a one-page PDF into one page segment', async () => {
    const pdf = await makePdf([['Invoice INV-2026-114', 'Vendor V-1042', 'Total 1,234.00 EUR']]);
    const document = await extractDocumentText(pdf, { fileName: 'invoice.pdf' });
    expect(document.mediaType).toBe('application/pdf');
    expect(document.meta).toEqual({ pages: 1 });
    expect(document.segments).toEqual([
      { kind: 'page', label: 'Page 1', page: 1, start: 0, end: document.text.length },
    ]);
    expect(document.text).toBe('Invoice INV-2026-114\nVendor V-1042\nTotal 1,234.00 EUR');
  });

  it('maps every page of a multi-page PDF to its own stretch of the text', async () => {
    const pages = [
      ['Invoice INV-77', 'Müller GmbH, Hauptstraße 5'],
      [],
      ['Line items', 'Widgets 3 x 100.00', 'Total 300.00 EUR'],
      ['IBAN DE89370400440532013000', 'Zahlbar in 30 Tagen'],
    ];
    const document = await extractDocumentText(await makePdf(pages), {
      mediaType: 'application/pdf',
    });
    expect(document.meta).toEqual({ pages: 4 });
    expect(document.segments.map((segment) => [segment.label, segment.page])).toEqual([
      ['Page 1', 1],
      ['Page 2', 2],
      ['Page 3', 3],
      ['Page 4', 4],
    ]);
    expectTiled(document);
    const byPage = slices(document);
    expect(byPage['Page 1']).toBe('Invoice INV-77\nMüller GmbH, Hauptstraße 5');
    expect(byPage['Page 2']).toBe('');
    expect(byPage['Page 3']).toContain('Total 300.00 EUR');
    expect(byPage['Page 4']).toContain('IBAN DE89370400440532013000');
    expect(byPage['Page 3']).not.toContain('IBAN');
  });

  it('draws characters outside WinAnsi as "?" (the helper), and reads what was drawn', async () => {
    const line = 'Łódź – 5 €';
    const document = await extractDocumentText(await makePdf([[line]]));
    expect(await winAnsiSafe(line)).toBe('?ód? – 5 €');
    expect(document.text).toBe(await winAnsiSafe(line));
  });

  it('reads a PDF handed over as a view into a larger Buffer (as fs.readFile gives it)', async () => {
    const pdf = await makePdf([['Invoice INV-12']]);
    const view = Buffer.concat([Buffer.from('junk before'), pdf, Buffer.from('after')]).subarray(
      'junk before'.length,
      'junk before'.length + pdf.length,
    );
    expect((await extractDocumentText(view)).text).toBe('Invoice INV-12');
    expect(view.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('is detected by its content, whatever it is called', async () => {
    const document = await extractDocumentText(await makePdf([['Hello']]), { fileName: 'x.txt' });
    expect(document.mediaType).toBe('application/pdf');
  });

  it('refuses a PDF without a text layer, saying to send the original or paste the text', async () => {
    const refused = await refusal(await makeScannedPdf(2), { fileName: 'scan.pdf' });
    expect(refused).toEqual({
      code: 'no-text-layer',
      message:
        "This PDF has no text layer (a scanned image?). Steward does not read images; send the PDF the vendor's system produced, or paste the text.",
    });
  });

  it('refuses a damaged (truncated) PDF as unreadable', async () => {
    const pdf = await makePdf([['Invoice INV-1'], ['Page two']]);
    const refused = await refusal(pdf.slice(0, Math.floor(pdf.length / 2)));
    expect(refused.code).toBe('unreadable');
    expect(refused.message).toMatch(/damaged or incomplete/);
  });
});

describe('e-mail', () => {
  const from = 'Jürgen Müller <billing@mueller.example>';
  const date = 'Tue, 01 Dec 2026 09:30:00 +0100';

  it('reads headers and the plain-text part of multipart/alternative, umlauts decoded', async () => {
    const eml = makeEmail({
      from,
      to: 'ap@steward.example',
      subject: 'Rechnung INV-88, Straße',
      date,
      body: 'Guten Tag,\nbitte überweisen Sie 1.234,00 EUR.\nLieferadresse: Hauptstraße 5',
      html: '<p>Guten Tag,</p><p><b>HTML</b> version</p>',
    });
    expect(eml).toContain('Hauptstra=C3=9Fe 5');
    const document = await extractDocumentText(utf8(eml), { fileName: 'invoice.eml' });
    expect(document.mediaType).toBe('message/rfc822');
    expect(document.meta).toEqual({
      from: '"Jürgen Müller" <billing@mueller.example>',
      to: 'ap@steward.example',
      subject: 'Rechnung INV-88, Straße',
      date: '2026-12-01T08:30:00.000Z',
    });
    expectTiled(document);
    const parts = slices(document);
    expect(parts.Headers).toBe(
      [
        'From: "Jürgen Müller" <billing@mueller.example>',
        'To: ap@steward.example',
        'Subject: Rechnung INV-88, Straße',
        `Date: ${date}`,
      ].join('\n'),
    );
    expect(parts.Body).toBe(
      'Guten Tag,\nbitte überweisen Sie 1.234,00 EUR.\nLieferadresse: Hauptstraße 5',
    );
    expect(document.text).not.toContain('HTML');
  });

  it('decodes long quoted-printable lines (soft breaks) back into one line', async () => {
    const line = `Bitte überweisen Sie ${'den Betrag für die Straßenreinigung, '.repeat(4)}bis zum 31.12.2026.`;
    const eml = makeEmail({ from, to: 'ap@steward.example', subject: 'Ü', date, body: line });
    expect(eml.split('\r\n').every((physical) => physical.length <= 76)).toBe(true);
    const document = await extractDocumentText(utf8(eml));
    expect(slices(document).Body).toBe(line);
    expect(document.meta?.subject).toBe('Ü');
  });

  it('reads an HTML-only e-mail as text, without its tags', async () => {
    const eml = makeEmail({
      from,
      to: 'ap@steward.example',
      subject: 'Rechnung',
      date,
      html: '<html><body><p>Lieferadresse: <b>Hauptstraße 5</b></p><table><tr><td>Total</td><td>99,00 EUR</td></tr></table></body></html>',
    });
    const document = await extractDocumentText(utf8(eml), { mediaType: 'message/rfc822' });
    const body = slices(document).Body ?? '';
    expect(body).toContain('Lieferadresse: Hauptstraße 5');
    expect(body).toContain('Total');
    expect(body).toContain('99,00 EUR');
    expect(body).not.toMatch(/<[a-z]/);
  });

  it('appends the pages of a PDF attachment, labelled, and lists attachments it did not read', async () => {
    const invoice = await makePdf([
      ['INVOICE INV-2026-0042', 'Vendor V-1042'],
      ['Total due 4,711.00 EUR', 'IBAN DE89370400440532013000'],
    ]);
    const eml = makeEmail({
      from,
      to: 'ap@steward.example',
      subject: 'Invoice INV-2026-0042',
      date,
      body: 'Please find our invoice attached.',
      attachments: [
        { fileName: 'INV-2026-0042.pdf', contentType: 'application/pdf', content: invoice },
        { fileName: 'scan.pdf', contentType: 'application/pdf', content: await makeScannedPdf() },
        {
          fileName: 'logo.png',
          contentType: 'image/png',
          content: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        },
      ],
    });
    const document = await extractDocumentText(utf8(eml));
    expect(document.mediaType).toBe('message/rfc822');
    expectTiled(document);
    expect(document.segments.map((segment) => [segment.kind, segment.label])).toEqual([
      ['headers', 'Headers'],
      ['body', 'Body'],
      ['page', 'Attachment INV-2026-0042.pdf, page 1'],
      ['page', 'Attachment INV-2026-0042.pdf, page 2'],
    ]);
    const parts = slices(document);
    expect(parts.Body).toBe('Please find our invoice attached.');
    expect(parts['Attachment INV-2026-0042.pdf, page 1']).toBe(
      'INVOICE INV-2026-0042\nVendor V-1042',
    );
    expect(parts['Attachment INV-2026-0042.pdf, page 2']).toContain('IBAN DE89370400440532013000');
    expect(document.segments[3]?.page).toBe(2);
    expect(document.meta?.unreadAttachments).toEqual([
      { fileName: 'scan.pdf', reason: expect.stringContaining('no text layer') },
      { fileName: 'logo.png', reason: 'not a PDF (image/png)' },
    ]);
  });

  it('is recognised by its header block when nothing says it is an e-mail', async () => {
    const eml = makeEmail({ from, to: 'ap@steward.example', subject: 'Hi', date, body: 'Hello' });
    expect((await extractDocumentText(utf8(eml))).mediaType).toBe('message/rfc822');
    // …but a file the sender calls text stays text.
    expect((await extractDocumentText(utf8(eml), { fileName: 'mail.txt' })).mediaType).toBe(
      'text/plain',
    );
    // A note that merely starts with "Subject:" is no e-mail.
    const note = await extractDocumentText(utf8('Subject: the new address\n\nHauptstraße 5'));
    expect(note.mediaType).toBe('text/plain');
  });
});
