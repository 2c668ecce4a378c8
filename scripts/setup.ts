// `npm run setup` (after `npm install`): generate the Prisma client, make sure the browser the
// end-to-end tests drive is there, and prepare the database (start the embedded one if
// DATABASE_URL is unset, apply migrations), then seed the systems of record if they are empty.
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { ensureDemoUsers } from '../server/auth/demo-users.ts';
import { openDatabase } from '../server/db/open-database.ts';
import { seedDemoDocumentRuns } from '../server/demo/document-runs.ts';
import { findDemoActors, seedDemoDay } from '../server/demo/seed-demo-day.ts';
import { parseEnv } from '../server/env.ts';
import { exitWithError, SetupError } from '../server/setup-error.ts';
import { seedSystemsOfRecordIfEmpty } from '../server/systems/seed/index.ts';
import { chromiumPath, ensureChromium } from './chromium.ts';
import { loadEnvFile } from './env-file.ts';

function step(title: string) {
  console.log(`\n▸ ${title}`);
}

try {
  loadEnvFile();
  const env = parseEnv();

  step('Generating the Prisma client');
  const generated = spawnSync(process.execPath, ['scripts/generate.ts'], { stdio: 'inherit' });
  if (generated.status !== 0) throw new Error('prisma generate failed (see above)');

  step('Checking for Chromium (used by the end-to-end tests)');
  try {
    ensureChromium();
    console.log(`  ${chromiumPath()}`);
  } catch (error) {
    // The app runs without it; only `npm test` needs it, and says so again there.
    if (!(error instanceof SetupError)) throw error;
    console.warn(`  ! ${error.message.replaceAll('\n', '\n    ')}`);
  }

  step('Preparing the database');
  const database = await openDatabase(env, { log: (line) => console.log(`  ${line}`) });
  try {
    step('Seeding the systems of record (CRM, ERP, billing, shipping, company directory)');
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const counts = await seedSystemsOfRecordIfEmpty(client);
      if (counts === null) console.log('  already seeded; left as they are');
      for (const [table, rows] of Object.entries(counts ?? {}))
        console.log(`  ${table}: ${rows} rows`);
    } finally {
      await client.end();
    }
    if (database.isEmbedded) {
      step('Demo users (embedded database only)');
      const pool = new pg.Pool({ connectionString: database.url, max: 2 });
      try {
        for (const user of await ensureDemoUsers(pool, env.STEWARD_DATA_DIR)) {
          console.log(
            `  ${user.role.padEnd(10)} ${user.email.padEnd(26)} password: ${user.password}`,
          );
        }
        console.log(`  (kept in ${env.STEWARD_DATA_DIR}/demo-users.json)`);

        step('Demo day: runs in every state (embedded database only, when it has no runs)');
        const { rows } = await pool.query('SELECT EXISTS (SELECT 1 FROM runs) AS "hasRuns"');
        if (rows[0]?.hasRuns === true) {
          console.log('  the database already holds runs; left as they are');
        } else {
          const actors = await findDemoActors(pool);
          const documentRuns = await seedDemoDocumentRuns(pool, actors);
          console.log(
            `  ${documentRuns} runs handed documents, worked by the engine with a recorded model`,
          );
          const seeded = await seedDemoDay(pool, actors);
          console.log(
            `  ${seeded.runs} runs (${seeded.replays} replays), ${seeded.reviewItems} review items, ` +
              `${seeded.deadLetters} dead letters; \`npm run steward -- demo reset\` puts it back`,
          );
        }
      } finally {
        await pool.end();
      }
    }
  } finally {
    await database.close();
  }

  console.log(
    `\n✔ Steward is set up. Start it with \`npm run dev\` and open http://localhost:${env.PORT}\n` +
      '  Run the whole test suite with `npm test`.\n',
  );
} catch (error) {
  exitWithError(error);
}
