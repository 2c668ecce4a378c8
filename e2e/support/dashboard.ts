import type { Locator, Page } from '@playwright/test';
import { sql } from './db';

/** Inserts `count` runs of a workflow no worker serves, created a minute ago; returns their ids. */
export async function insertChartRuns(status: string, count: number): Promise<string[]> {
  const rows = await sql<{ id: string }>(
    `INSERT INTO runs (workflow_id, workflow_version, status, input, created_at, run_after)
     SELECT 'e2e-charts', 1, $1::"RunStatus", '{}', now() - interval '1 minute', now() + interval '10 years'
     FROM generate_series(1, $2::int) RETURNING id`,
    [status, count],
  );
  return rows.map((row) => row.id);
}

/** The UTC day and hour label (as the charts print them) of a minute ago, from the database's clock. */
export async function minuteAgoLabels(): Promise<{ day: string; hour: string }> {
  const [row] = await sql<{ day: string; hour: string }>(
    `SELECT to_char((now() - interval '1 minute') AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
            to_char((now() - interval '1 minute') AT TIME ZONE 'UTC', 'HH24:00') || ' UTC' AS hour`,
  );
  if (!row) throw new Error('no clock');
  return row;
}

/** The data cells of a chart table's row, found by its row heading. */
export function chartRow(page: Page, table: string, rowHeading: string): Locator {
  return page
    .getByRole('table', { name: table })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: rowHeading, exact: true }) })
    .getByRole('cell');
}
