import { describe, expect, it } from 'vitest';
import { documentBlocks, type TMarkedField } from './document-marks.ts';

const quote = (start: number, end: number, found = true) => ({ start, end, found });

/** The pieces as [text, fields, status] for reading the expectations. */
function shown(
  text: string,
  fields: TMarkedField[],
  segments: Parameters<typeof documentBlocks>[1] = [],
) {
  return documentBlocks(text, segments, fields).map((block) => ({
    label: block.label,
    pieces: block.pieces.map((piece) => [
      text.slice(piece.start, piece.end),
      piece.fields.join(' '),
      piece.status,
    ]),
  }));
}

describe('documentBlocks', () => {
  it('cuts the text into plain runs and one mark per quote found', () => {
    const text = 'Invoice INV-7 total EUR 12.50';
    expect(
      shown(text, [
        { field: 'invoiceNumber', status: 'grounded', evidence: [quote(8, 13)] },
        { field: 'amount', status: 'mismatch', evidence: [quote(24, 29), quote(0, 3, false)] },
      ]),
    ).toEqual([
      {
        label: null,
        pieces: [
          ['Invoice ', '', null],
          ['INV-7', 'invoiceNumber', 'grounded'],
          [' total EUR ', '', null],
          ['12.50', 'amount', 'mismatch'],
        ],
      },
    ]);
  });

  it('splits overlapping quotes, the overlap showing the most urgent status of its fields', () => {
    const text = 'IBAN DE89370400440532013000';
    expect(
      shown(text, [
        { field: 'iban', status: 'grounded', evidence: [quote(0, 27)] },
        { field: 'bank', status: 'unproven', evidence: [quote(5, 13)] },
      ])[0]?.pieces,
    ).toEqual([
      ['IBAN ', 'iban', 'grounded'],
      ['DE893704', 'iban bank', 'unproven'],
      ['00440532013000', 'iban', 'grounded'],
    ]);
  });

  it('puts each segment under its heading, splits marks at their edges, and drops blank gaps', () => {
    const text = 'From: a@b.de\n\nHello, we moved.';
    const segments = [
      { label: 'Headers', start: 0, end: 12 },
      { label: 'Body', start: 14, end: 30 },
    ];
    expect(
      shown(text, [{ field: 'note', status: 'person', evidence: [quote(6, 20)] }], segments),
    ).toEqual([
      {
        label: 'Headers',
        pieces: [
          ['From: ', '', null],
          ['a@b.de', 'note', 'person'],
        ],
      },
      {
        label: 'Body',
        pieces: [
          ['Hello,', 'note', 'person'],
          [' we moved.', '', null],
        ],
      },
    ]);
  });

  it('clamps offsets beyond the text and ignores empty quotes', () => {
    const text = 'short';
    expect(
      shown(text, [{ field: 'x', status: 'grounded', evidence: [quote(3, 99), quote(2, 2)] }]),
    ).toEqual([
      {
        label: null,
        pieces: [
          ['sho', '', null],
          ['rt', 'x', 'grounded'],
        ],
      },
    ]);
  });

  it('keeps a 100k character document to a handful of pieces', () => {
    const text = 'x'.repeat(100_000);
    const blocks = documentBlocks(
      text,
      [
        { label: 'Page 1', start: 0, end: 50_000 },
        { label: 'Page 2', start: 50_000, end: 100_000 },
      ],
      [{ field: 'a', status: 'grounded', evidence: [quote(10, 20), quote(60_000, 60_010)] }],
    );
    expect(blocks.map((block) => block.pieces.length)).toEqual([3, 3]);
  });
});
