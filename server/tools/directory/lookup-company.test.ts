import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../../tests/support/database.ts';
import { seedSystemsOfRecord } from '../../systems/seed/index.ts';
import type { ToolClients } from '../define-tool.ts';
import { ContractError, ToolInputError } from '../errors.ts';
import { createToolRegistry, executeTool } from '../registry.ts';
import { directoryTools } from './index.ts';
import { normalizeDomain } from './normalize-domain.ts';

const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 2 });
const clients: ToolClients = { db: pool, fetch };
const registry = createToolRegistry(directoryTools);
const lookup = (input: unknown) =>
  executeTool(registry, 'directory.lookup-company', input, { clients, idempotencyKey: 'r:s' });

beforeAll(async () => {
  await seedSystemsOfRecord(pool, {});
});
afterAll(async () => {
  await pool.end();
});

describe('normalizeDomain', () => {
  it('strips scheme, www, port, path and case', () => {
    expect(normalizeDomain('https://WWW.Example.COM:8443/about?x=1')).toBe('example.com');
    expect(normalizeDomain('jane@acme.de')).toBe('acme.de');
    expect(normalizeDomain(' acme.co.uk. ')).toBe('acme.co.uk');
  });
});

describe('directory.lookup-company', () => {
  it('returns the firmographics of a listed company, found by a messy domain', async () => {
    const { rows } = await pool.query('SELECT * FROM directory.companies ORDER BY domain LIMIT 1');
    const row = rows[0];
    const result = await lookup({ domain: `https://www.${String(row.domain).toUpperCase()}/x` });
    expect(result).toEqual({
      found: true,
      domain: row.domain,
      company: {
        domain: row.domain,
        legalName: row.legal_name,
        normalizedName: row.normalized_name,
        industry: row.industry,
        employeeRange: row.employee_range,
        country: row.country,
        hqCity: row.hq_city,
        foundedYear: row.founded_year,
        revenueBand: row.revenue_band,
      },
    });
  });

  it('says found: false for a domain the directory does not know', async () => {
    expect(await lookup({ domain: 'no-such-company.example' })).toEqual({
      found: false,
      domain: 'no-such-company.example',
    });
  });

  it('refuses input without a usable domain, naming the field', async () => {
    await expect(lookup({ domain: 'localhost' })).rejects.toThrow(ToolInputError);
    await expect(lookup({})).rejects.toThrow(/domain/);
  });

  it('fails with a ContractError when the directory returns a value the contract forbids', async () => {
    await pool.query(
      'ALTER TABLE directory.companies DROP CONSTRAINT companies_employee_range_check',
    );
    await pool.query(
      `INSERT INTO directory.companies (domain, legal_name, normalized_name, industry,
         employee_range, country, hq_city, revenue_band)
       VALUES ('broken.example', 'Broken GmbH', 'broken', 'Software', 'lots', 'DE', 'Berlin', '<1M')`,
    );
    await expect(lookup({ domain: 'broken.example' })).rejects.toThrow(ContractError);
  });
});
