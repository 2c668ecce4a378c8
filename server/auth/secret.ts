/**
 * The key sessions are signed with. Set BETTER_AUTH_SECRET for a deployment; on one machine the
 * runner keeps a random one in the data directory, so `npm run dev` needs no setup and sessions
 * survive restarts.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TEnv } from '../env.ts';
import { SetupError } from '../setup-error.ts';

/**
 * BETTER_AUTH_SECRET, or the one kept in STEWARD_DATA_DIR/auth-secret (made on first use). With
 * DATABASE_URL in production a kept file would differ per server, so the variable is required.
 */
export async function ensureAuthSecret(
  env: Pick<TEnv, 'BETTER_AUTH_SECRET' | 'STEWARD_DATA_DIR' | 'DATABASE_URL' | 'NODE_ENV'>,
): Promise<string> {
  if (env.BETTER_AUTH_SECRET) return env.BETTER_AUTH_SECRET;
  if (env.DATABASE_URL && env.NODE_ENV === 'production') {
    throw new SetupError(
      'Invalid environment:\n  BETTER_AUTH_SECRET: not set. A production server on DATABASE_URL needs one ' +
        'secret shared by every instance: generate one with `openssl rand -base64 48`.',
    );
  }
  const file = path.resolve(env.STEWARD_DATA_DIR, 'auth-secret');
  try {
    const kept = (await readFile(file, 'utf8')).trim();
    if (kept.length >= 32) return kept;
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
  const secret = randomBytes(48).toString('base64url');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
