// `npm run generate`: the Prisma client from prisma/schema.prisma.
// Prisma's CLI wants its schema-engine binary even to generate, and that binary is a download
// these machines cannot make; generating never runs it, so any existing file satisfies the check.
import { spawnSync } from 'node:child_process';

const result = spawnSync('npx', ['prisma', 'generate'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/false',
  },
});
process.exit(result.status ?? 1);
