import pg from 'pg';
import { SetupError } from '../setup-error.ts';

/** `host:port/database` of a connection string, without credentials, for messages. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

function reasonFor(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : '';
  switch (code) {
    case 'ECONNREFUSED':
      return 'nothing is listening there (connection refused)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve';
    case 'ETIMEDOUT':
      return 'the connection timed out';
    case '28P01':
    case '28000':
      return 'the server refused the user name or password';
    case '3D000':
      return 'the database does not exist on that server';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Connects once to prove a database is usable, and turns every way that can fail into a
 * SetupError naming the server (never the password) and the reason.
 */
export async function assertDatabaseReachable(
  url: string,
  { timeoutMs = 5_000, variable = 'DATABASE_URL' }: { timeoutMs?: number; variable?: string } = {},
): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const reason =
      error instanceof Error && /timeout/i.test(error.message)
        ? `no answer within ${timeoutMs / 1000} s`
        : reasonFor(error);
    throw new SetupError(
      `Cannot reach the PostgreSQL server in ${variable} (${describeDatabaseUrl(url)}): ${reason}.\n` +
        `Check that the server is running and the URL is right, or unset ${variable} to use the embedded database.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** The same server and credentials, another database. */
export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
