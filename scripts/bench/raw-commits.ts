/**
 * The physical limit: how many single-row INSERT transactions (autocommit, so one commit and one
 * WAL flush each) the database takes per second from N clients, each waiting for its previous
 * commit before sending the next, as a worker waits for its checkpoint.
 */
import pg from 'pg';
import { type CpuUsage, startCpuMeter } from './cpu.ts';
import { now, percentile } from './stats.ts';

export interface CommitRate {
  clients: number;
  commits: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpu: CpuUsage;
}

/** Creates the scratch table the commit-rate measurement inserts into. */
export async function prepareRawCommits(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `CREATE TABLE IF NOT EXISTS bench_commits (
         id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         client int NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
  } finally {
    await client.end();
  }
}

/** Runs `clients` connections inserting one row per transaction for `seconds`. */
export async function measureCommitRate(
  url: string,
  clients: number,
  seconds: number,
): Promise<CommitRate> {
  const connections = await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  const latencies: number[] = [];
  try {
    const cpu = startCpuMeter();
    const started = now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      connections.map(async (client, index) => {
        while (now() < deadline) {
          const before = now();
          await client.query('INSERT INTO bench_commits (client) VALUES ($1)', [index]);
          latencies.push(now() - before);
        }
      }),
    );
    const elapsed = (now() - started) / 1000;
    const cpuUsage = cpu();
    return {
      clients,
      commits: latencies.length,
      seconds: elapsed,
      perSecond: latencies.length / elapsed,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      cpu: cpuUsage,
    };
  } finally {
    await Promise.all(connections.map((client) => client.end().catch(() => {})));
  }
}
