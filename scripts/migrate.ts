// `npm run db:migrate`: apply pending migrations to the configured (or embedded) database.
import { openDatabase } from '../server/db/open-database.ts';
import { parseEnv } from '../server/env.ts';
import { exitWithError } from '../server/setup-error.ts';
import { loadEnvFile } from './env-file.ts';

try {
  loadEnvFile();
  const database = await openDatabase(parseEnv());
  await database.close();
} catch (error) {
  exitWithError(error);
}
