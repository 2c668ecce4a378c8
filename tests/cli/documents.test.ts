// `npm run steward -- runs start <workflow> --document <file>` against a real database: the file
// is stored once, the run's input names it and the run is linked to it; a document Steward cannot
// read is refused with its reason and no run is started.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf, makeScannedPdf } from '../support/documents.ts';
import { pool, steward } from './support.ts';

const WORKFLOWS = { STEWARD_WORKFLOWS_MODULE: 'tests/documents/workflows.ts' };
let folder = '';

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'steward-cli-documents-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function file(name: string, content: Uint8Array | string): Promise<string> {
  const target = path.join(folder, name);
  await writeFile(target, content);
  return target;
}

async function runCount(): Promise<number> {
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM runs');
  return rows[0]?.n ?? -1;
}

describe('runs start --document', () => {
  it('stores the PDF, sets the input documentId, links the run, and prints only the run id', async () => {
    const pdf = await file('INV-31.pdf', await makePdf([['Invoice INV-31'], ['Total 31.00 EUR']]));
    const result = await steward(
      ['runs', 'start', 'read-document', '--input', '{"note":"check"}', '--document', pdf],
      WORKFLOWS,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    expect(result.stderr).toMatch(/^document [0-9a-f-]{36} \(application\/pdf, 2 pages, /);
    const runId = result.stdout.trim();
    const { rows } = await pool.query(
      `SELECT r.input, d.id, d.file_name, d.text, d.uploaded_by_id
       FROM runs r JOIN run_documents rd ON rd.run_id = r.id JOIN documents d ON d.id = rd.document_id
       WHERE r.id = $1`,
      [runId],
    );
    expect(rows).toEqual([
      {
        input: { note: 'check', documentId: rows[0]?.id },
        id: expect.any(String),
        file_name: 'INV-31.pdf',
        text: 'Invoice INV-31\n\nTotal 31.00 EUR',
        uploaded_by_id: null,
      },
    ]);

    // The same file again: the same document, a second run.
    const again = await steward(['runs', 'start', 'read-document', '--document', pdf], WORKFLOWS);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('stored before');
    const { rows: linked } = await pool.query(
      'SELECT document_id FROM run_documents WHERE run_id = $1',
      [again.stdout.trim()],
    );
    expect(linked).toEqual([{ document_id: rows[0]?.id }]);
  });

  it('refuses a scanned PDF with the reason, exit 1, and starts no run', async () => {
    const scan = await file('scan.pdf', await makeScannedPdf());
    const before = await runCount();
    const result = await steward(['runs', 'start', 'read-document', '--document', scan], WORKFLOWS);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toBe(
      `${scan}: This PDF has no text layer (a scanned image?). Steward does not read images; send the PDF the vendor's system produced, or paste the text.`,
    );
    expect(await runCount()).toBe(before);
  });

  it('refuses a document for a workflow that takes none (exit 1), naming the field', async () => {
    const note = await file('note.txt', 'Hauptstraße 5');
    const result = await steward(['runs', 'start', 'note', '--document', note], WORKFLOWS);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'The input for note is not valid: documentId: note does not take documents.',
    );
  });

  it('treats a missing file, or input that cannot take a document, as bad arguments (exit 2)', async () => {
    const missing = await steward(
      ['runs', 'start', 'read-document', '--document', path.join(folder, 'nope.pdf')],
      WORKFLOWS,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^steward: cannot read --document file .*nope\.pdf/);
    const note = await file('other.txt', 'Some text');
    const listInput = await steward(
      ['runs', 'start', 'read-document', '--input', '[1]', '--document', note],
      WORKFLOWS,
    );
    expect(listInput.code).toBe(2);
    expect(listInput.stderr).toContain('--document needs --input to be a JSON object');
  });
});
