/**
 * Runs once when the server starts. Parsing the environment here makes a bad or missing
 * variable stop the server at start with a message naming it, instead of a server that
 * listens but fails every request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { parseServerEnv } = await import('./server/env.ts');
  const { exitWithError } = await import('./server/setup-error.ts');
  try {
    parseServerEnv();
  } catch (error) {
    // Next would only log it and keep listening; a misconfigured server should not stay up.
    exitWithError(error);
  }
}
