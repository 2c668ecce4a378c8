import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client.ts';
import { parseServerEnv } from '../env.ts';

export type Db = PrismaClient;
/** A transaction handle: services take `Db | DbTransaction` first so they run in either. */
export type DbTransaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
export type DbHandle = Db | DbTransaction;

/** A new Prisma client on the node-postgres driver. Callers own it and `$disconnect()` it. */
export function createDb(connectionString: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
}

// One client per server process; kept on globalThis so dev hot reloads do not leak pools.
const globalForDb = globalThis as typeof globalThis & { stewardDb?: Db };

/** The process-wide client for the database in `DATABASE_URL` (validated on first use). */
export function getDb(): Db {
  globalForDb.stewardDb ??= createDb(parseServerEnv().DATABASE_URL);
  return globalForDb.stewardDb;
}
