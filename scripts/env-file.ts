import { existsSync } from 'node:fs';

/**
 * Loads `.env` from the working directory into `process.env` if the file exists, without
 * overriding variables already set, as Next.js does for the app. Scripts only: file access in
 * server code would make Next trace the whole project into its build output.
 */
export function loadEnvFile(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
