// `npm run steward`: help, and bad arguments answered with the usage and exit code 2 before
// anything touches the database.
import { describe, expect, it } from 'vitest';
import { pool, steward } from './support.ts';

const SOME_RUN = '00000000-0000-4000-8000-000000000000';

async function runCount(): Promise<number> {
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM runs');
  return rows[0]?.n ?? -1;
}

describe('steward --help', () => {
  it('prints every command and the exit codes, and exits 0', async () => {
    const result = await steward(['--help']);
    expect(result.code).toBe(0);
    for (const command of [
      'workflows list',
      'runs start <workflowId>',
      'runs get <runId>',
      'runs wait <runId>',
      'runs replay <runId> --from failed-step|start',
      'runs cancel <runId>',
      'dead-letters list',
      '124',
    ]) {
      expect(result.stdout).toContain(command);
    }
  });

  it('answers --help after a command too', async () => {
    const result = await steward(['runs', 'get', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Exit codes');
  });
});

describe('bad arguments', () => {
  it.each([
    { args: [], says: 'missing command' },
    { args: ['runs'], says: 'unknown command "runs"' },
    { args: ['runs', 'frob'], says: 'unknown command "runs frob"' },
    { args: ['workflows', 'list', '--colour'], says: "Unknown option '--colour'" },
    { args: ['runs', 'get'], says: 'missing <runId>' },
    { args: ['runs', 'get', SOME_RUN, 'extra'], says: 'unexpected argument "extra"' },
    { args: ['runs', 'get', 'not-a-run'], says: '"not-a-run" is not a run id' },
    { args: ['runs', 'start'], says: 'missing <workflowId>' },
    {
      args: ['runs', 'start', 'echo', '--input'],
      says: "Option '--input <value>' argument missing",
    },
    {
      args: ['runs', 'start', 'echo', '--input', '{"message":'],
      says: '--input is not valid JSON',
    },
    {
      args: ['runs', 'start', 'echo', '--input', '@tests/fixtures/no-such-file.json'],
      says: 'cannot read --input file tests/fixtures/no-such-file.json',
    },
    { args: ['runs', 'wait', SOME_RUN, '--timeout', 'soon'], says: '--timeout expects a number' },
    { args: ['runs', 'replay', SOME_RUN], says: 'runs replay needs --from failed-step|start' },
    {
      args: ['runs', 'replay', SOME_RUN, '--from', 'middle'],
      says: '--from expects failed-step or start',
    },
    {
      args: ['runs', 'replay', SOME_RUN, '--from', 'failed-step', '--input', '{}'],
      says: '--input replays from the start with corrected input; it cannot go with --from failed-step',
    },
    { args: ['dead-letters', 'list', '--limit', '0'], says: '--limit expects a whole number' },
  ])('$args: usage on stderr, exit 2', async ({ args, says }) => {
    const result = await steward(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`steward: ${says}`);
    expect(result.stderr).toContain('Usage: npm run steward -- <command>');
    expect(result.stdout).toBe('');
  });

  it('creates no run when the arguments are bad', async () => {
    const before = await runCount();
    expect((await steward(['runs', 'start', 'echo', '--input', '{oops}'])).code).toBe(2);
    expect(await runCount()).toBe(before);
  });
});

describe('workflows list', () => {
  it('lists the registered workflows as a table', async () => {
    const result = await steward(['workflows', 'list']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^WORKFLOW\s+VERSION\s+CONCURRENCY\s+DESCRIPTION$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual([
      'echo',
      'deliver',
      'await-approval',
    ]);
  });

  it('lists them as JSON with --json', async () => {
    const result = await steward(['workflows', 'list', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({ id: 'echo', version: 1, title: 'Echo', concurrency: null }),
      expect.objectContaining({ id: 'deliver', version: 1 }),
      expect.objectContaining({ id: 'await-approval', version: 1 }),
    ]);
  });
});
