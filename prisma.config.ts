// Prisma CLI configuration. Only `prisma generate` runs here: migrations are plain SQL applied by
// server/db/migrate.ts, because Prisma's schema engine is a download these machines cannot make.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
