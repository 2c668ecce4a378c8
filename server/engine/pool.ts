import pg from 'pg';
import { parseServerEnv } from '../env.ts';

// One engine pool per server process (kept on globalThis so dev hot reloads do not leak it).
const globalForPool = globalThis as typeof globalThis & { stewardEnginePool?: pg.Pool };

/** The process-wide node-postgres pool the engine's services use in the app and the CLI. */
export function getEnginePool(): pg.Pool {
  if (!globalForPool.stewardEnginePool) {
    const pool = new pg.Pool({ connectionString: parseServerEnv().DATABASE_URL, max: 10 });
    pool.on('error', () => {}); // an idle client lost its server; the pool replaces it
    globalForPool.stewardEnginePool = pool;
  }
  return globalForPool.stewardEnginePool;
}
