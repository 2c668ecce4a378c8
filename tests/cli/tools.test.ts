import { describe, expect, it } from 'vitest';
import { steward } from './support.ts';

describe('tools list', () => {
  it('prints the catalogue as a table', async () => {
    const result = await steward(['tools', 'list']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TOOL\s+SIDE EFFECT\s+IDEMPOTENT\s+REVERSIBLE\s+DESCRIPTION$/);
    const listed = lines.slice(1).map((line) => line.split(/\s+/).slice(0, 2));
    expect(listed).toContainEqual(['http.get-json', 'read']);
    expect(listed).toContainEqual(['erp.approve-invoice', 'write']);
    expect(lines.find((line) => line.startsWith('erp.approve-invoice '))).toContain(
      'yes (erp.reopen-invoice)',
    );
    expect(listed.map(([name]) => name)).toEqual([...listed.map(([name]) => name)].sort());
  });

  it('prints what a planner prompt contains with --json: JSON Schemas of input and output', async () => {
    const result = await steward(['tools', 'list', '--json']);
    expect(result.code).toBe(0);
    const catalogue = JSON.parse(result.stdout) as {
      name: string;
      inputSchema: { required: string[] };
    }[];
    const getJson = catalogue.find((tool) => tool.name === 'http.get-json');
    expect(getJson).toMatchObject({
      sideEffect: 'read',
      idempotent: true,
      reversible: false,
      compensation: null,
      inputSchema: { type: 'object', required: ['url'] },
      outputSchema: { type: 'object' },
    });
    expect(catalogue.find((tool) => tool.name === 'http.post-json')?.inputSchema.required).toEqual(
      expect.arrayContaining(['url', 'body']),
    );
  });

  it("narrows to a workflow's allow-list, and names a workflow that does not exist", async () => {
    const none = await steward(['tools', 'list', '--workflow', 'echo', '--json']);
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout)).toEqual([]);
    const missing = await steward(['tools', 'list', '--workflow', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no workflow "nope".');
  });
});
