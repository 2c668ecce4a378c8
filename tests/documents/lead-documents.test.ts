// Lead enrichment from a salesperson's note with the lead's signature, through the real pipeline:
// stored and attached as handed over, read by the real provider from recorded answers, grounded,
// cross-checked with the directory, and judged by what the CRM holds afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../support/database.ts';
import { answerFor } from '../support/document-answers.ts';
import { type DocumentWorld, startDocumentWorld } from '../support/document-runs.ts';

let world: DocumentWorld;
beforeAll(async () => {
  world = await startDocumentWorld(testDatabaseUrl);
});
afterAll(async () => {
  await world?.close();
});

const used = new Set<string>();

/** A directory company the CRM does not know yet. */
async function newCompany(): Promise<{ domain: string; name: string }> {
  const { rows } = await world.pool.query<{ domain: string; name: string }>(
    `SELECT d.domain, d.legal_name AS name FROM directory.companies d
      WHERE NOT EXISTS (SELECT 1 FROM crm.accounts a WHERE a.domain = d.domain)
      ORDER BY d.domain LIMIT 20`,
  );
  const found = rows.find((row) => !used.has(row.domain));
  if (!found) throw new Error('no unused directory company');
  used.add(found.domain);
  return found;
}

function noteOf(company: { domain: string; name: string }) {
  return [
    'Met her at the Hanover trade fair, wants a demo of the approvals module in January.',
    `Her colleague Tom Becker (tom.becker@${company.domain}) was in copy.`,
    '',
    '--',
    'Anna Schmitt',
    'Head of Finance',
    company.name,
    `anna.schmitt@${company.domain} | www.${company.domain}`,
  ].join('\n');
}

function honestAnswer(text: string, company: { domain: string; name: string }) {
  return answerFor(text, {
    companyName: { value: company.name },
    domain: { value: company.domain, quote: `www.${company.domain}` },
    email: { value: `anna.schmitt@${company.domain}` },
    firstName: { value: 'Anna', quote: 'Anna Schmitt' },
    lastName: { value: 'Schmitt', quote: 'Anna Schmitt' },
    title: { value: 'Head of Finance' },
  });
}

describe("a salesperson's note about a lead", () => {
  it('puts the lead into the CRM with the values the note gives', async () => {
    const company = await newCompany();
    const text = noteOf(company);
    const runId = await world.start({
      workflowId: 'lead-enrichment',
      bytes: new TextEncoder().encode(text),
      fileName: 'lead.txt',
      extraInput: { owner: 'Sam Seller' },
      answer: honestAnswer(text, company),
    });
    const run = await world.settle(runId);
    expect(run.status).toBe('succeeded');
    const contact = await world.pool.query(
      'SELECT first_name, last_name, title FROM crm.contacts WHERE email = $1',
      [`anna.schmitt@${company.domain}`],
    );
    expect(contact.rows[0]).toEqual({
      first_name: 'Anna',
      last_name: 'Schmitt',
      title: 'Head of Finance',
    });
  });

  it("does not file the lead under the colleague's address in copy: the reading goes to a person", async () => {
    const company = await newCompany();
    const text = noteOf(company);
    const answer = {
      ...honestAnswer(text, company),
      ...answerFor(text, { email: { value: `tom.becker@${company.domain}` } }),
    };
    const runId = await world.start({
      workflowId: 'lead-enrichment',
      bytes: new TextEncoder().encode(text),
      fileName: 'lead.txt',
      extraInput: { owner: 'Sam Seller' },
      answer,
    });
    const run = await world.settle(runId);
    expect(run.status).toBe('needs_review');
    expect(run.item?.reasons.map((reason) => reason.code)).toContain('document-one-person');
    const contacts = await world.pool.query(
      `SELECT 1 FROM crm.contacts WHERE email LIKE '%@' || $1`,
      [company.domain],
    );
    expect(contacts.rowCount).toBe(0);
  });

  it('a document run without the owner the note cannot give is refused before it starts', async () => {
    const company = await newCompany();
    const text = noteOf(company);
    await expect(
      world.start({
        workflowId: 'lead-enrichment',
        bytes: new TextEncoder().encode(text),
        fileName: 'lead.txt',
        answer: honestAnswer(text, company),
      }),
    ).rejects.toThrow(/owner/i);
  });
});
