import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ToolInputError } from '../errors.ts';
import { createToolRegistry, executeTool } from '../registry.ts';
import { headCount, scoringScoreLead } from './score-lead.ts';

const registry = createToolRegistry([scoringScoreLead]);
// The tool reads nothing; a pool that never connects proves it.
const db = new pg.Pool({ connectionString: 'postgresql://nobody@127.0.0.1:1/none' });
afterAll(() => db.end());
const run = (input: unknown) =>
  executeTool(registry, 'scoring.score-lead', input, {
    clients: { db, fetch },
    idempotencyKey: 'test:score',
  });

describe('scoring.score-lead', () => {
  it('scores a senior contact at a large logistics company in a core market as A', async () => {
    const result = await run({
      employeeRange: '1001-5000',
      industry: 'Logistics',
      country: 'DE',
      title: 'Head of Finance',
    });
    expect(result).toEqual({
      score: 100,
      grade: 'A',
      employeeCount: 3001,
      factors: [
        { factor: 'size 1001-5000', points: 35 },
        { factor: 'industry Logistics', points: 20 },
        { factor: 'market DE', points: 20 },
        { factor: 'title Head of Finance', points: 25 },
      ],
    });
  });

  it('scores a small company outside the markets low', async () => {
    const result = await run({ employeeRange: '1-10', industry: 'Mining', country: 'BR' });
    expect(result).toMatchObject({ score: 10, grade: 'D', employeeCount: 6 });
  });

  it('turns head-count ranges into a head count', () => {
    expect([headCount('51-200'), headCount('5001+'), headCount('lots')]).toEqual([126, 7502, null]);
  });

  it('refuses a bad country with the field named', async () => {
    await expect(run({ employeeRange: '11-50', country: 'Germany' })).rejects.toThrow(
      ToolInputError,
    );
    await expect(run({ employeeRange: '11-50', country: 'Germany' })).rejects.toThrow(/country/);
  });
});
